import { expect, it } from 'vitest';
import { migrate } from '../../src/database/orm';
import { createTestDatabase, describeStore, STORE, startTestServer } from '../support/server';

describeStore('database schema', () => {
  it.runIf(STORE === 'scaled')('has PostgreSQL migrations that match the entities exactly', async () => {
    const server = await startTestServer();
    try {
      expect(await server.app.orm.getMigrator().getPendingMigrations()).toEqual([]);
      // Any difference between the migrated database and the entities would be a missing migration. The one
      // deliberate extra is the trigram index for text search, which the entities cannot describe portably.
      const diff = await server.app.orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false });
      const unexpected = diff.split('\n').filter((line) => line.trim() !== '' && !line.includes('product_search_text_trgm'));
      expect(unexpected).toEqual([]);
    } finally {
      await server.stop();
    }
  });

  it.runIf(STORE === 'embedded')('creates the SQLite schema once and leaves it alone on later starts', async () => {
    const db = await createTestDatabase();
    try {
      const first = await startTestServer({ database: db });
      await first.stop();
      const second = await startTestServer({ database: db });
      try {
        expect(await migrate(second.app.orm, 'sqlite')).toEqual({ change: 'unchanged', applied: [] });
        const tables = await second.app.orm.em.getConnection().execute("select name from sqlite_master where type = 'table' and name in ('product', 'product_variant')");
        expect(tables.map((t: { name: string }) => t.name).sort()).toEqual(['product', 'product_variant']);
      } finally {
        await second.stop();
      }
    } finally {
      await db.drop();
    }
  });
});
