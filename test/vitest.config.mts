import path from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * Two projects run the suites against both stores:
 * - embedded: SQLite file + in-process pub/sub (every suite);
 * - scaled: PostgreSQL + Redis, a fresh database per test file (the suites whose behaviour depends on the store).
 * Outside CI the scaled project skips with a message when PostgreSQL or Redis is down; with CI=true it fails.
 */
const storeSuites = ['test/accounts/**/*.test.ts', 'test/shops/**/*.test.ts', 'test/catalog/**/*.test.ts', 'test/reviews/**/*.test.ts', 'test/seeds/**/*.test.ts', 'test/orders/**/*.test.ts', 'test/database/**/*.test.ts', 'test/server/**/*.test.ts', 'test/events/**/*.test.ts', 'test/inbox/**/*.test.ts', 'test/live/**/*.test.ts', 'test/chat/**/*.test.ts'];
const storeIndependent = ['test/server/ide.test.ts', 'test/live/overlay-page.test.ts', 'test/server/contract.test.ts', 'test/server/subscription-fanout.test.ts'];

export default defineConfig({
  root: path.resolve(import.meta.dirname, '..'),
  resolve: {
    alias: {
      // One graphql module instance: type-graphql loads the CommonJS build, so vite must not load the ESM one too.
      graphql: 'graphql/index.js',
      // type-graphql's CommonJS build, as the compiled server runs it (src/server/direct-resolvers.ts replaces parts
      // of it while the schema is built; an ES module's exports cannot be replaced).
      'type-graphql': path.resolve(import.meta.dirname, '../node_modules/type-graphql/build/cjs/index.js'),
    },
  },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    setupFiles: ['test/support/setup.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'embedded', include: ['test/**/*.test.ts'], env: { KEDAI_TEST_STORE: 'embedded' } },
      },
      {
        extends: true,
        test: {
          name: 'scaled',
          include: storeSuites,
          exclude: storeIndependent,
          env: { KEDAI_TEST_STORE: 'scaled' },
          globalSetup: ['test/support/scaled-services.mts'],
        },
      },
    ],
  },
});
