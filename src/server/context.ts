import type { EntityManager } from '@mikro-orm/core';
import type { Logger } from 'pino';
import type { AppServices, Context } from '../shared/context';
import { Loaders } from '../shared/loaders';
import type { Viewer } from '../shared/viewer';

/**
 * One operation's context. The EntityManager fork (STYLE 5: nothing leaks between requests), the loaders and the
 * request's child logger are made on first use, so an operation pays only for what it touches: one that only reads
 * views (a storefront) reads through `reader` and never forks.
 *
 * The lazy parts are plain properties read through the prototype's getters, not `#private` fields: Apollo hands
 * resolvers a shallow copy of the context (`Object.assign(Object.create(prototype), context)`), which copies
 * own properties and keeps the prototype, but would have none of the original's private fields.
 */
class OperationContext implements Context {
  private ownEm: EntityManager | undefined = undefined;
  private ownLoaders: Loaders | undefined = undefined;
  private ownLogger: Logger | undefined = undefined;

  constructor(
    readonly app: AppServices,
    readonly viewer: Viewer,
    readonly requestId: string,
    readonly clientAddress: string,
  ) {}

  get em(): EntityManager {
    return (this.ownEm ??= this.app.orm.em.fork());
  }

  get reader(): EntityManager {
    return this.ownEm ?? this.app.orm.em;
  }

  get loaders(): Loaders {
    return (this.ownLoaders ??= new Loaders(
      () => this.em,
      () => this.reader,
    ));
  }

  get logger(): Logger {
    return (this.ownLogger ??= this.app.logger.child({ requestId: this.requestId }));
  }

  get clock() {
    return this.app.clock;
  }

  get config() {
    return this.app.config;
  }

  renew(): void {
    this.ownEm = undefined;
    this.ownLoaders = undefined;
  }
}

export function createContext(app: AppServices, viewer: Viewer, requestId: string, clientAddress: string): Context {
  return new OperationContext(app, viewer, requestId, clientAddress);
}
