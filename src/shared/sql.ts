/**
 * Raw SQL helpers. Counter updates in SQL (`stock = stock - ? where stock >= ?`), never read-then-write and never through a managed
 * entity: the ORM would otherwise consider a loaded entity dirty and flush a stale value over the new one.
 * Runs on the EntityManager's transaction when there is one. `sql` is a code constant; values go in `params`.
 */
import {
  helper,
  raw,
  ReferenceKind,
  Utils,
  type EntityManager,
  type EntityMetadata,
  type EntityName,
  type EntityProperty,
  type FilterQuery,
  type Platform,
  type RequiredEntityData,
} from '@mikro-orm/core';
import { BetterSqliteKnexDialect, type Knex } from '@mikro-orm/knex';

/** Runs a select and returns its rows, on the EntityManager's transaction when there is one. */
export function selectRows<R = Record<string, unknown>>(em: EntityManager, sql: string, params: unknown[]): Promise<R[]> {
  return (em as unknown as { execute(sql: string, params: unknown[]): Promise<R[]> }).execute(sql, params);
}

/**
 * Like {@link selectRows}, for hot read-only selects (the storefront's views): the values are bound, not written
 * into the SQL, and run directly. MikroORM's `execute` writes every value into the SQL text (so SQLite prepares a new
 * statement for each new value) and wraps the call in its bookkeeping; that was about 5% of a storefront request.
 * On an SQLite file outside a transaction, the select runs on the file's read-only connection on its own thread
 * ({@link registerSqliteReader}), with its prepared statement kept: the event loop goes on meanwhile, and the read
 * does not wait for the writer's connection from the pool (a read there also waited for any transaction in progress
 * to end). The statement still goes to the ORM's query log, which tests count.
 */
export function readRows<R = Record<string, unknown>>(em: EntityManager, sql: string, params: readonly unknown[]): Promise<R[]> {
  return select(em, sql, params, false) as Promise<R[]>;
}

/**
 * Like {@link readRows}, each row as its values in the order of the select list: no object per row, which is
 * cheaper for wide lists (read-only views map them by position).
 */
export function readRowValues(em: EntityManager, sql: string, params: readonly unknown[]): Promise<unknown[][]> {
  return select(em, sql, params, true) as Promise<unknown[][]>;
}

async function select(em: EntityManager, sql: string, params: readonly unknown[], asValues: boolean): Promise<unknown[]> {
  const connection = em.getConnection() as unknown as { getKnex(): Knex; logQuery(query: string, context: object): void };
  const knex = connection.getKnex();
  const transaction = em.getTransactionContext<Knex.Transaction>();
  const started = Date.now();
  let rows: unknown[];
  const reader = transaction ? undefined : sqliteReaders.get(connection);
  if (reader) {
    rows = await reader.select(sql, sqliteBindings(knex, params), asValues);
  } else {
    if (!transaction && knex.client instanceof BetterSqliteKnexDialect) {
      rows = await pooledSqliteSelect(knex, sql, params);
    } else {
      const query = knex.raw(sql, params as Knex.RawBinding[]);
      if (transaction) query.transacting(transaction);
      const result = (await query) as unknown[] | { rows: unknown[] }; // SQLite: the rows; PostgreSQL: pg's result
      rows = Array.isArray(result) ? result : result.rows;
    }
    // Both drivers keep a row's properties in the order of the select list.
    if (asValues) rows = rows.map((row) => Object.values(row as object));
  }
  connection.logQuery(sql, { params, took: Date.now() - started, results: rows.length });
  return rows;
}

/** What `readRows` uses of an SQLite file's read-only connection (src/database/sqlite-read-worker.ts). */
export interface SqliteReader {
  /** The rows of `sql` with `values` (already in the driver's types): objects, or arrays of values when `asValues`. */
  select(sql: string, values: readonly unknown[], asValues: boolean): Promise<unknown[]>;
}

/** What `pooledSqliteSelect` uses of a better-sqlite3 connection (`prepare` is cached per connection: src/database/orm.ts). */
interface SqliteDatabase {
  prepare(sql: string): { all(params: unknown[]): unknown[] };
}

/** The read-only connection of each SQLite file database, by the ORM connection it reads beside. */
const sqliteReaders = new WeakMap<object, SqliteReader>();

/**
 * Makes `readRows` outside transactions read through `reader`, a read-only connection to the same SQLite file as
 * the ORM's `connection`. In WAL mode it reads the last committed state while the writer works, so it sees every
 * committed write and nothing of a transaction in progress, as a read on the pooled connection did after waiting.
 */
export function registerSqliteReader(connection: object, reader: SqliteReader): void {
  sqliteReaders.set(connection, reader);
}

/** Bound values as the better-sqlite3 dialect converts them in its own queries (dates to epoch ms, booleans to 0/1). */
function sqliteBindings(knex: Knex, params: readonly unknown[]): unknown[] {
  return (knex.client as unknown as { _formatBindings(bindings: readonly unknown[]): unknown[] })._formatBindings(params);
}

/** An SQLite select on the pooled connection (an in-memory database has no second connection). */
async function pooledSqliteSelect(knex: Knex, sql: string, params: readonly unknown[]): Promise<unknown[]> {
  const client = knex.client as { acquireConnection(): Promise<SqliteDatabase>; releaseConnection(connection: SqliteDatabase): Promise<void> };
  const database = await client.acquireConnection();
  try {
    return database.prepare(sql).all(sqliteBindings(knex, params));
  } finally {
    await client.releaseConnection(database);
  }
}

/** A JSON column's value from `selectRows`, as the ORM maps it (the PostgreSQL driver parses JSON; SQLite gives text). */
export function jsonValue<T>(em: EntityManager, value: unknown): T {
  return em.getPlatform().convertJsonToJSValue(value) as T;
}

export async function updateRows(em: EntityManager, sql: string, params: unknown[]): Promise<number> {
  const result = (await (em as unknown as { execute(sql: string, params: unknown[], method: 'run'): Promise<{ affectedRows: number }> }).execute(
    sql,
    params,
    'run',
  ));
  return Number(result.affectedRows);
}

/** A statement and its values, `?` placeholders. */
export interface SqlStatement {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/**
 * The INSERT the ORM's own flush would run for `entities` (new entities of one class, created with
 * `{ persist: false }`): same columns, same value conversions. For writes that put several tables in one statement.
 * The SQL is written from the entity's metadata rather than through a QueryBuilder, whose compilation cost more CPU
 * than the rest of a checkout's writes.
 */
export function insertStatement(em: EntityManager, entities: readonly object[], options: InsertOptions = {}): SqlStatement {
  const comparator = em.getComparator();
  // prepareEntity gives database values (custom types converted, relations as their keys) by property name.
  return insertOf(em, helper(entities[0]!).__meta as EntityMetadata, entities.map((entity) => comparator.prepareEntity(entity) as Record<string, unknown>), options);
}

export interface InsertOptions {
  /**
   * PostgreSQL: a condition (SQL, no values) under which the rows are inserted, e.g. `exists (select 1 from take0)`
   * for a WITH that inserts only when an earlier one updated a row. The values are cast to their columns' types.
   */
  readonly when?: string;
}

/**
 * The same INSERT for rows of `entityName` given as plain data (a relation as its primary key), converted as
 * `prepareEntity` converts an entity's. For rows that are only written: creating their entities, and a reference
 * entity for each relation, costs more CPU than the statement. Every column without a database default must be given.
 */
export function insertRowsStatement<T extends object>(em: EntityManager, entityName: EntityName<T>, rows: readonly RequiredEntityData<T>[], options: InsertOptions = {}): SqlStatement {
  const meta = em.getMetadata().get<T>(Utils.className(entityName)) as unknown as EntityMetadata;
  const platform = em.getPlatform();
  const data = rows.map((row) => {
    const values: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(row)) values[key] = databaseValue(platform, meta.properties[key]!, value);
    return values;
  });
  return insertOf(em, meta, data, options);
}

/** A property's value as `prepareEntity` writes it, for the flat entities `insertRowsStatement` takes. */
function databaseValue(platform: Platform, prop: EntityProperty, value: unknown): unknown {
  if (value == null) return value;
  if (prop.kind === ReferenceKind.MANY_TO_ONE || prop.kind === ReferenceKind.ONE_TO_ONE) return Utils.isEntity(value, true) ? helper(value as object).getPrimaryKey() : value;
  if (prop.customType) return prop.customType.convertToDatabaseValue(value, platform, { mode: 'serialization' });
  if (prop.runtimeType === 'Date') return platform.processDateProperty(value);
  return value;
}

/** The INSERT of rows of database values by property name. */
function insertOf(em: EntityManager, meta: EntityMetadata, data: readonly Record<string, unknown>[], { when }: InsertOptions): SqlStatement {
  const properties = Object.keys(data[0]!).filter((key) => data[0]![key] !== undefined);
  if (data.some((row) => Object.keys(row).filter((key) => row[key] !== undefined).length !== properties.length)) {
    throw new Error(`insertStatement: the ${meta.className} rows set different properties`);
  }
  const quote = (column: string) => em.getPlatform().quoteIdentifier(column);
  const columns = properties.map((key) => quote(meta.properties[key]!.fieldNames[0]!));
  const returning = meta.primaryKeys.map((key) => quote(meta.properties[key]!.fieldNames[0]!));
  const params = data.flatMap((row) => properties.map((key) => row[key]));
  const into = `insert into ${quote(meta.tableName)} (${columns.join(', ')})`;
  if (when === undefined) {
    return { sql: `${into} values ${data.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ')} returning ${returning.join(', ')}`, params };
  }
  // A VALUES list in a FROM gives its columns types of its own (text for quoted values): cast them to the columns'.
  const casts = properties.map((key) => `?::${castType(meta.properties[key]!.columnTypes[0]!)}`).join(', ');
  return { sql: `${into} select * from (values ${data.map(() => `(${casts})`).join(', ')}) as v where ${when} returning ${returning.join(', ')}`, params };
}

/**
 * A column type as a cast names it: `serial` is only a column's shorthand for an integer with a sequence, and a
 * length or precision is left out (`varchar(255)` → `varchar`), since a cast would cut or round a value silently where
 * the column refuses it.
 */
function castType(columnType: string): string {
  const type = columnType.replace(/\(.*\)$/, '');
  return { smallserial: 'smallint', serial: 'int', bigserial: 'bigint' }[type] ?? type;
}

/**
 * Runs `statements` in one round trip on PostgreSQL: all but the last become data-modifying WITHs named `w<i>` (or
 * their `name`, for later ones to read) of the last, whose rows are returned. On SQLite, which has no DML in WITH and
 * whose statements are in-process calls, they run one after another (the last one's rows are returned).
 */
export async function runTogether<R>(em: EntityManager, store: 'sqlite' | 'postgresql', statements: readonly (SqlStatement & { readonly name?: string })[]): Promise<R[]> {
  const ctes = statements.slice(0, -1);
  const last = statements[statements.length - 1]!;
  if (store === 'sqlite') {
    for (const statement of ctes) await updateRows(em, statement.sql, [...statement.params]);
    return selectRows<R>(em, last.sql, [...last.params]);
  }
  if (ctes.length === 0) return selectRows<R>(em, last.sql, [...last.params]);
  const withs = ctes.map((statement, i) => `${statement.name ?? `w${i}`} as (${statement.sql})`);
  return selectRows<R>(em, `with ${withs.join(', ')} ${last.sql}`, [...ctes.flatMap((s) => s.params), ...last.params]);
}

/** Escapes LIKE wildcards (`%`, `_`) and the escape character in user text. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * A filter: `property` contains `text` literally (`%`, `_` and `\` in the text are not wildcards). MikroORM's `$like`
 * writes no ESCAPE clause and SQLite has no default escape character, so the pattern carries its own clause. The raw
 * fragment is a value, not a key, so the same filter object can run twice (a page and its lazy count).
 */
export function containsText<T>(property: string, text: string): FilterQuery<T> {
  return { [property]: { $like: raw(`? escape '\\'`, [`%${escapeLike(text)}%`]) } } as FilterQuery<T>;
}
