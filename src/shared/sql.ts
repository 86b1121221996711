/**
 * Raw SQL helpers. Counter updates in SQL (`stock = stock - ? where stock >= ?`), never read-then-write and never through a managed
 * entity: the ORM would otherwise consider a loaded entity dirty and flush a stale value over the new one.
 * Runs on the EntityManager's transaction when there is one. `sql` is a code constant; values go in `params`.
 */
import type { EntityManager } from '@mikro-orm/core';

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
