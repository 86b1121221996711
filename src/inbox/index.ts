/** The buyer and seller inbox: notifications materialised from events, read state, and their subscription. */
import type { EventHandler } from '../events/outbox';
import type { NodeFetcher } from '../shared/context';
import { inboxHandler } from './inbox.handlers';
import { Notification } from './notification.entity';
import { NotificationResolver, ViewerInboxResolver } from './notification.resolver';
import { visibleNotification } from './notification.service';

export const inboxEntities = [Notification];
export const inboxResolvers = [NotificationResolver, ViewerInboxResolver] as const;
export const inboxHandlers: EventHandler[] = [inboxHandler];
export const inboxNodes: NodeFetcher[] = [{ typeName: 'Notification', fetch: (ctx, id) => visibleNotification(ctx, id) }];
