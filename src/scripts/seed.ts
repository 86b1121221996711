/** `npm run seed`: brings the schema up to date and seeds the demo data into an empty database. */
import 'reflect-metadata';
import { loadConfig } from '../config';
import { initOrm, migrate, storeKind } from '../database/orm';
import { entities } from '../features';
import { seedDemo } from '../../seeds/demo';

async function main() {
  const config = loadConfig();
  const orm = await initOrm(config, { entities });
  try {
    await migrate(orm, storeKind(config));
    console.log((await seedDemo(orm, config)) ? 'seeded the demo marketplace' : 'the database has data already; nothing seeded');
  } finally {
    await orm.close(true);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
