/**
 * Raw SQL helpers. Counter updates in SQL (`stock = stock - ? where stock >= ?`), never read-then-write and never through a managed
 * entity: the ORM would otherwise consider a loaded entity dirty and flush a stale value over the new one.
 * Runs on the EntityManager's transaction when there is one. `sql` is a code constant; values go in `params`.
 */
import { raw, type EntityManager, type FilterQuery } from '@mikro-orm/core';

/** Runs a select and returns its rows, on the EntityManager's transaction when there is one. */
export function selectRows<R = Record<string, unknown>>(em: EntityManager, sql: string, params: unknown[]): Promise<R[]> {
  return (em as unknown as { execute(sql: string, params: unknown[]): Promise<R[]> }).execute(sql, params);
}

export async function updateRows(em: EntityManager, sql: string, params: unknown[]): Promise<number> {
  const result = (await (em as unknown as { execute(sql: string, params: unknown[], method: 'run'): Promise<{ affectedRows: number }> }).execute(
    sql,
    params,
    'run',
  ));
  return Number(result.affectedRows);
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
