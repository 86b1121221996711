/**
 * `npm run db:migrate`: applies pending migrations (PostgreSQL) or updates the SQLite schema.
 * `npm run db:migrate -- --create`: writes a new migration for the entity changes since the last one.
 */
import 'reflect-metadata';
import path from 'node:path';
import { loadConfig } from '../config';
import { initOrm, migrate, storeKind } from '../database/orm';
import { entities } from '../features';

async function main() {
  const config = loadConfig();
  const kind = storeKind(config);
  const orm = await initOrm(config, { entities });
  try {
    if (process.argv.includes('--create')) {
      if (kind !== 'postgresql') throw new Error('Set DATABASE_URL to a PostgreSQL database to create migrations.');
      const migrator = orm.getMigrator();
      const initial = (await migrator.getExecutedMigrations()).length === 0 && (await migrator.getPendingMigrations()).length === 0;
      const dir = path.resolve(__dirname, '../../../src/database/migrations');
      const result = initial ? await migrator.createInitialMigration(dir) : await migrator.createMigration(dir);
      console.log(result.fileName ? `wrote ${result.fileName}; add it to src/database/migrations/index.ts` : 'no changes');
      return;
    }
    const { change, applied } = await migrate(orm, kind);
    console.log(kind === 'postgresql' ? `applied ${applied.length} migration(s)${applied.length ? `: ${applied.join(', ')}` : ''}` : `SQLite schema ${change}`);
  } finally {
    await orm.close(true);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
