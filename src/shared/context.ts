/** The context of one GraphQL operation. Resolvers pass it to services as their first argument. */
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Clock } from './clock';
import type { Loaders } from './loaders';
import type { Viewer } from './viewer';
import type { PubSubEngine } from '../events/pubsub';
import type { Presence } from '../events/presence';
import type { RateLimiter } from './rate-limit';
import type { Mailer } from './mailer';

/** Long-lived parts of one server instance, shared by all operations. */
export interface AppServices {
  readonly config: Config;
  readonly orm: MikroORM;
  readonly pubsub: PubSubEngine;
  /** Live subscribers per topic across instances (viewer counts). */
  readonly presence: Presence;
  readonly rateLimiter: RateLimiter;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly nodes: ReadonlyMap<string, NodeFetcher>;
  readonly mailer: Mailer;
}

export interface Context {
  readonly viewer: Viewer;
  /** This operation's own EntityManager fork (for a subscription: this event's). */
  readonly em: EntityManager;
  /**
   * For plain selects only (`readRows`, `selectViews`; never entities or writes): the operation's own fork once it
   * has one, otherwise the ORM's root EntityManager. Both read on the transaction in progress, if any (MikroORM finds
   * it through its transaction context), so a read-only operation needs no fork.
   */
  readonly reader: EntityManager;
  /** This operation's DataLoaders (for a subscription: this event's). */
  readonly loaders: Loaders;
  /**
   * Starts a fresh unit of work: a new EntityManager fork and new loaders. A subscription calls it before each
   * event, so events never read another event's cached entities and memory does not grow with its lifetime.
   */
  renew(): void;
  readonly clock: Clock;
  readonly config: Config;
  readonly app: AppServices;
  readonly requestId: string;
  /** The client's address (behind `TRUST_PROXY`, the forwarded one). */
  readonly clientAddress: string;
  readonly logger: Logger;
}

/** Loads one node type by database id for `node(id)`, returning null when the viewer may not see it. */
export interface NodeFetcher {
  readonly typeName: string;
  fetch(ctx: Context, id: number): Promise<object | null>;
}
