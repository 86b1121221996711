/** What the benchmarks' API processes and drivers share: the API's configuration, and a fresh database. */
import type { MikroORM } from '@mikro-orm/core';
import pg from 'pg';
import { loadConfig, type Config, type ConfigOverrides } from '../src/config';
import { initOrm, migrate } from '../src/database/orm';
import { entities } from '../src/features';

/** The API's configuration in benchmark server processes: production mode, silent, fixed secrets, no demo seed. */
export function benchApiConfig(store: string, target: string, overrides: ConfigOverrides = {}): Config {
  return loadConfig(
    {
      port: 0,
      host: '127.0.0.1',
      nodeEnv: 'production',
      jwtSecret: 'bench-secret-bench-secret-bench-secret!',
      jwtSecretIsDefault: false,
      paymentWebhookSecret: 'bench-webhook-secret-bench-webhook-secret',
      shipping: { carrierWebhookSecret: 'bench-carrier-secret-bench-carrier-secret', demoCarrier: false },
      logLevel: 'silent',
      seedDemoData: false,
      ...(store === 'postgresql' ? { databaseUrl: target } : { sqlitePath: target }),
      ...overrides,
    },
    {},
  );
}

/**
 * A fresh PostgreSQL database `name` next to `DATABASE_URL` (default `postgres://postgres@127.0.0.1:5432/test`),
 * dropped first if a previous run left it, and migrated. Returns its url and an ORM open on it.
 */
export async function freshDatabase(name: string): Promise<{ url: string; config: Config; orm: MikroORM }> {
  const adminUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const config = benchApiConfig('postgresql', url.toString());
  const orm = await initOrm(config, { entities });
  await migrate(orm, 'postgresql');
  return { url: url.toString(), config, orm };
}
