import type { EntityManager } from '@mikro-orm/core';
import type { AppServices, Context } from '../shared/context';
import { Loaders } from '../shared/loaders';
import type { Viewer } from '../shared/viewer';

export function createContext(app: AppServices, viewer: Viewer, requestId: string, clientAddress: string): Context {
  // A fresh EntityManager per operation: nothing leaks between requests (STYLE 5).
  let em: EntityManager = app.orm.em.fork();
  let loaders = new Loaders(em);
  return {
    viewer,
    get em() {
      return em;
    },
    get loaders() {
      return loaders;
    },
    renew() {
      em = app.orm.em.fork();
      loaders = new Loaders(em);
    },
    clock: app.clock,
    config: app.config,
    app,
    requestId,
    clientAddress,
    logger: app.logger.child({ requestId }),
  };
}
