/**
 * The ORM: PostgreSQL when `DATABASE_URL` is set (schema by migrations), otherwise the embedded SQLite file
 * (schema created and updated in place at start).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { MikroORM, type Options, type EntityClass } from '@mikro-orm/core';
import { BetterSqliteDriver, BetterSqlitePlatform } from '@mikro-orm/better-sqlite';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import Database from 'better-sqlite3';
import type { Config } from '../config';
import { registerSqliteReader } from '../shared/sql';
import { SqliteReadWorker } from './sqlite-read-worker';
import { migrationsList } from './migrations';

export type StoreKind = 'sqlite' | 'postgresql';

export interface OrmOptions {
  readonly entities: readonly EntityClass<unknown>[];
  /** Called for every SQL statement; tests use it to count queries. */
  readonly onQuery?: (sql: string) => void;
}

export function storeKind(config: Pick<Config, 'databaseUrl'>): StoreKind {
  return config.databaseUrl ? 'postgresql' : 'sqlite';
}

export function ormOptions(config: Config, options: OrmOptions): Options {
  const onQuery = options.onQuery;
  const common: Options = {
    entities: [...options.entities],
    extensions: [Migrator],
    migrations: { migrationsList: [...migrationsList], transactional: true, allOrNothing: true, snapshot: false },
    discovery: { warnWhenNoEntities: true },
    forceUtcTimezone: true,
    allowGlobalContext: false,
    debug: onQuery ? ['query'] : false,
    logger: onQuery ? (message: string) => onQuery(message) : undefined,
    colors: false,
  };
  if (config.databaseUrl) {
    return { ...common, driver: PostgreSqlDriver, clientUrl: config.databaseUrl, pool: { min: 0, max: 20 } };
  }
  if (config.sqlitePath !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(config.sqlitePath)), { recursive: true });
  return { ...common, driver: BetterSqliteDriver, dbName: config.sqlitePath };
}

/**
 * knex prepares every SQLite statement again for each query; better-sqlite3 statements are reusable, and with its
 * synchronous driver one connection never runs two at once. So each connection keeps its prepared statements by
 * SQL text (bounded), which saves a parse and plan per query.
 */
let preparedStatementCache = false;
function cachePreparedStatements(): void {
  if (preparedStatementCache) return;
  preparedStatementCache = true;
  const prototype = Database.prototype as unknown as { prepare(sql: string): unknown };
  const prepare = prototype.prepare;
  const caches = new WeakMap<object, Map<string, unknown>>();
  prototype.prepare = function cachedPrepare(this: object, sql: string) {
    let cache = caches.get(this);
    if (!cache) caches.set(this, (cache = new Map()));
    let statement = cache.get(sql);
    if (!statement) {
      statement = prepare.call(this, sql);
      if (cache.size >= 1000) cache.clear();
      cache.set(sql, statement);
    }
    return statement;
  };
}

/**
 * MikroORM's SQLite platform turns dates into epoch milliseconds when it snapshots an entity for change tracking, while
 * a loaded entity's snapshot keeps the Date: every flush then took each loaded entity with a date as changed and wrote
 * it back (bumping its version). Snapshots keep Dates here, as on PostgreSQL; knex's better-sqlite3 client still
 * binds a Date as its epoch milliseconds, so what is stored does not change.
 */
let stableSqliteDates = false;
function keepDatesInSnapshots(): void {
  if (stableSqliteDates) return;
  stableSqliteDates = true;
  (BetterSqlitePlatform.prototype as unknown as { processDateProperty(value: unknown): unknown }).processDateProperty = (value) => value;
}

export async function initOrm(config: Config, options: OrmOptions): Promise<MikroORM> {
  if (storeKind(config) === 'sqlite') {
    cachePreparedStatements();
    keepDatesInSnapshots();
  }
  const orm = await MikroORM.init(ormOptions(config, options));
  if (storeKind(config) === 'sqlite') {
    const connection = orm.em.getConnection() as unknown as { execute(sql: string): Promise<unknown> };
    // WAL lets readers run beside the single writer; busy_timeout waits for the write lock instead of failing.
    await connection.execute('pragma journal_mode = wal');
    await connection.execute('pragma busy_timeout = 5000');
    await connection.execute('pragma foreign_keys = on');
    if (config.sqlitePath !== ':memory:') openSqliteReader(orm, config.sqlitePath);
  }
  return orm;
}

/**
 * A read-only connection to the SQLite file, beside the ORM's, on its own thread, for `readRows` outside transactions
 * (src/shared/sql.ts, src/database/sqlite-read-worker.ts): WAL readers never wait for the writer, and the event loop
 * does not wait for the reads. It closes with the ORM.
 */
function openSqliteReader(orm: MikroORM, file: string): void {
  const reader = new SqliteReadWorker(file);
  registerSqliteReader(orm.em.getConnection(), reader);
  const close = orm.close.bind(orm);
  orm.close = async (force?: boolean) => {
    await reader.close();
    return close(force);
  };
}

export type SchemaChange = 'created' | 'updated' | 'unchanged';

/**
 * Brings the schema up to date: migrations on PostgreSQL; on SQLite, the schema is created from the entities and
 * fingerprinted. MikroORM cannot read some constraints back from SQLite (named CHECKs), so its diff would rebuild
 * tables at every start; instead the schema is updated only when the entity-derived DDL changed.
 */
export async function migrate(orm: MikroORM, kind: StoreKind): Promise<{ change: SchemaChange; applied: string[] }> {
  if (kind === 'postgresql') {
    const applied = (await orm.getMigrator().up()).map((m) => m.name);
    return { change: applied.length > 0 ? 'updated' : 'unchanged', applied };
  }
  const connection = orm.em.getConnection() as unknown as { execute(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]> };
  const fingerprint = createHash('sha256').update(await orm.schema.getCreateSchemaSQL({ wrap: false })).digest('hex');
  await connection.execute('create table if not exists kedai_schema_state (id integer primary key check (id = 1), fingerprint text not null)');
  const [state] = await connection.execute('select fingerprint from kedai_schema_state where id = 1');
  if (state?.['fingerprint'] === fingerprint) return { change: 'unchanged', applied: [] };
  const tables = await connection.execute("select count(*) as n from sqlite_master where type = 'table' and name not like 'sqlite_%' and name != 'kedai_schema_state'");
  const empty = Number(tables[0]?.['n'] ?? 0) === 0;
  if (empty) await orm.schema.createSchema();
  else await orm.schema.updateSchema({ safe: true });
  await connection.execute('insert into kedai_schema_state (id, fingerprint) values (1, ?) on conflict (id) do update set fingerprint = excluded.fingerprint', [fingerprint]);
  return { change: empty ? 'created' : 'updated', applied: [] };
}

/** Names of migrations not yet applied (PostgreSQL); SQLite has none. */
export async function pendingMigrations(orm: MikroORM, kind: StoreKind): Promise<string[]> {
  if (kind !== 'postgresql') return [];
  return (await orm.getMigrator().getPendingMigrations()).map((m) => m.name);
}
