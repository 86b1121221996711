/**
 * Every feature, registered in one place: entities for the ORM, resolvers for the schema, handlers for the
 * outbox relay, node fetchers for `node(id)` and user-error codes for the `UserErrorCode` enum.
 * The only file that imports all features; features never import it.
 */
import type { EventHandler } from './events/outbox';
import { OutboxEvent } from './events/outbox-event.entity';
import { pruneDeliveredEvents } from './events/outbox-retention';
import { IdempotencyRecord } from './shared/idempotency.entity';
import { accountEntities, accountErrors, accountHandlers, accountNodes, accountResolvers } from './accounts';
import type { NodeFetcher } from './shared/context';
import { shopEntities, shopErrors, shopNodes, shopResolvers } from './shops';
import { catalogEntities, catalogErrors, catalogNodes, catalogResolvers } from './catalog';
import { reviewEntities, reviewErrors, reviewNodes, reviewResolvers } from './reviews';
import { orderEntities, orderErrors, orderJobs, orderNodes, orderResolvers } from './orders';
import { inboxEntities, inboxHandlers, inboxNodes, inboxResolvers } from './inbox';
import { claimEntities, claimErrors, claimNodes, claimResolvers } from './claims';
import { liveEntities, liveErrors, liveHandlers, liveJobs, liveNodes, liveResolvers } from './live';
import { chatEntities, chatErrors, chatNodes, chatResolvers } from './chat';
import type { BackgroundJob } from './shared/jobs';
import { commonErrorCodes, registerUserErrorCodes } from './shared/user-error';

registerUserErrorCodes(commonErrorCodes, accountErrors, shopErrors, catalogErrors, reviewErrors, orderErrors, liveErrors, claimErrors, chatErrors);

export const entities = [OutboxEvent, IdempotencyRecord, ...accountEntities, ...shopEntities, ...catalogEntities, ...reviewEntities, ...orderEntities, ...inboxEntities, ...liveEntities, ...claimEntities, ...chatEntities];
export const resolvers = [...accountResolvers, ...shopResolvers, ...catalogResolvers, ...reviewResolvers, ...orderResolvers, ...inboxResolvers, ...liveResolvers, ...claimResolvers, ...chatResolvers] as const;
export const eventHandlers: EventHandler[] = [...accountHandlers, ...inboxHandlers, ...liveHandlers];
export const nodeFetchers: NodeFetcher[] = [...accountNodes, ...shopNodes, ...catalogNodes, ...reviewNodes, ...orderNodes, ...inboxNodes, ...liveNodes, ...claimNodes, ...chatNodes];
export const backgroundJobs: BackgroundJob[] = [pruneDeliveredEvents, ...orderJobs, ...liveJobs];
