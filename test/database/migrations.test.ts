import { expect, it } from 'vitest';
import { describeStore, STORE, startTestServer } from '../support/server';

describeStore('database schema', () => {
  it.runIf(STORE === 'scaled')('has PostgreSQL migrations that match the entities exactly', async () => {
    const server = await startTestServer();
    try {
      const migrator = server.app.orm.getMigrator();
      expect(await migrator.getPendingMigrations()).toEqual([]);
      // A diff between the migrated database and the entities would be a missing migration.
      const diff = await server.app.orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false });
      expect(diff.trim()).toBe('');
    } finally {
      await server.stop();
    }
  });

  it.runIf(STORE === 'embedded')('creates the SQLite schema from the entities, with nothing left to update', async () => {
    const server = await startTestServer();
    try {
      expect((await server.app.orm.schema.getUpdateSchemaSQL({ wrap: false, safe: true })).trim()).toBe('');
    } finally {
      await server.stop();
    }
  });
});
