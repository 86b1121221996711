/**
 * Per-request DataLoaders. Features declare loaders with `defineLoader`; the first use in a request creates the
 * instance, so a request pays only for the loaders it touches and caches never leak across requests.
 */
import DataLoader from 'dataloader';
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { readRows } from './sql';

export type LoaderFactory<K, V> = (em: EntityManager) => DataLoader<K, V>;

export interface LoaderDefinition<K, V> {
  readonly name: string;
  readonly create: LoaderFactory<K, V>;
  /** It only runs plain selects (`readRows`, `selectViews`): it reads through the context's `reader`. */
  readonly plainReads?: boolean;
}

export function defineLoader<K, V>(name: string, create: LoaderFactory<K, V>): LoaderDefinition<K, V> {
  return { name, create };
}

/**
 * A loader that only runs plain selects (read-only views, counts through `readRows`), never entities: it gets the
 * context's `reader`, so an operation that reads only such loaders needs no EntityManager fork of its own.
 */
export function definePlainReadLoader<K, V>(name: string, create: LoaderFactory<K, V>): LoaderDefinition<K, V> {
  return { name, create, plainReads: true };
}

/** A loader that depends on one more value (e.g. the viewer's user id): one instance per value per request. */
export interface ParamLoaderDefinition<P, K, V> {
  readonly name: string;
  readonly create: (em: EntityManager, param: P) => DataLoader<K, V>;
}

export function defineParamLoader<P, K, V>(name: string, create: (em: EntityManager, param: P) => DataLoader<K, V>): ParamLoaderDefinition<P, K, V> {
  return { name, create };
}

export class Loaders {
  private readonly instances = new Map<object, DataLoader<unknown, unknown>>();
  private readonly parameterised = new Map<object, Map<unknown, DataLoader<unknown, unknown>>>();

  /**
   * `em` gives the operation's EntityManager and `reader` the one for plain reads (see `Context.reader`); each is
   * asked for when a loader that needs it is made.
   */
  constructor(
    private readonly em: () => EntityManager,
    private readonly reader: () => EntityManager = em,
  ) {}

  get<K, V>(definition: LoaderDefinition<K, V>): DataLoader<K, V> {
    let loader = this.instances.get(definition);
    if (!loader) {
      loader = definition.create(definition.plainReads ? this.reader() : this.em()) as DataLoader<unknown, unknown>;
      this.instances.set(definition, loader);
    }
    return loader as DataLoader<K, V>;
  }

  /** The request's instance of `definition` for `param`. */
  getFor<P, K, V>(definition: ParamLoaderDefinition<P, K, V>, param: P): DataLoader<K, V> {
    let byParam = this.parameterised.get(definition);
    if (!byParam) this.parameterised.set(definition, (byParam = new Map()));
    let loader = byParam.get(param);
    if (!loader) {
      loader = definition.create(this.em(), param) as DataLoader<unknown, unknown>;
      byParam.set(param, loader);
    }
    return loader as DataLoader<K, V>;
  }
}

/** Orders rows by the keys asked for (null where missing), as DataLoader requires. */
export function byKeys<K, V>(keys: readonly K[], rows: readonly V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map<K, V>();
  for (const row of rows) map.set(keyOf(row), row);
  return keys.map((key) => map.get(key) ?? null);
}

/** Groups rows by key, in the order of the keys asked for (an empty list where none). */
export function groupByKeys<K, V>(keys: readonly K[], rows: readonly V[], keyOf: (row: V) => K): V[][] {
  const map = new Map<K, V[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = map.get(key);
    if (list) list.push(row);
    else map.set(key, [row]);
  }
  return keys.map((key) => map.get(key) ?? []);
}

/**
 * Counts rows per key with one grouped query: `select <column>, count(*) … where <column> in (…) group by <column>`.
 * `table` and `column` are code constants, never input.
 */
export async function countByKeys(
  em: EntityManager,
  table: string,
  column: string,
  keys: readonly number[],
  extraWhere = '',
): Promise<number[]> {
  const placeholders = keys.map(() => '?').join(', ');
  // Through the EntityManager, so inside a transaction it uses the transaction's connection.
  const rows = await readRows(
    em,
    `select ${column} as k, count(*) as n from ${table} where ${column} in (${placeholders}) ${extraWhere} group by ${column}`,
    [...keys],
  );
  const counts = new Map(rows.map((r) => [Number(r['k']), Number(r['n'])]));
  return keys.map((key) => counts.get(key) ?? 0);
}

/**
 * A read shared by concurrent requests: the keys asked for in one turn of the event loop are read in one statement,
 * and nothing is cached, so each request still sees data read after it arrived. For hot plain reads outside
 * transactions (authentication, idempotency look-ups, checkout's sold-out check): a busy instance takes many requests
 * per turn. One loader per ORM instance; each batch (at most 500 keys, repeated ones included: `read` should ask the
 * database for each key once) reads through a fresh fork.
 */
export interface SharedReadDefinition<K, V> {
  get(orm: MikroORM): DataLoader<K, V>;
}

export function defineSharedRead<K, V>(read: (em: EntityManager, keys: readonly K[]) => Promise<V[]>): SharedReadDefinition<K, V> {
  const loaders = new WeakMap<MikroORM, DataLoader<K, V>>();
  return {
    get(orm) {
      let loader = loaders.get(orm);
      if (!loader) {
        loader = new DataLoader<K, V>((keys) => read(orm.em.fork(), keys), { cache: false, maxBatchSize: 500, batchScheduleFn: (run) => setImmediate(run) });
        loaders.set(orm, loader);
      }
      return loader;
    },
  };
}
