/**
 * Sweeping rows past a deadline (order deadlines, flash sales that start and end by time): each row in its own
 * transaction guarded by its version, so several instances sweeping at once make each change once.
 */
import { OptimisticLockError, type EntityClass, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import type { AppServices } from './context';

/** Rows handled per pass of a sweeper. @default 100 */
export const SWEEP_BATCH = 100;

/**
 * Applies `apply` to each row matching `where` (up to a batch), each in its own transaction: the row is reloaded
 * there and skipped unless `stillDue`, and the flush's version check makes a concurrent sweeper's write fail.
 * `apply` returns false when, on a closer look inside the transaction, the row is not due after all.
 */
export async function sweepEach<T extends { id: number }>(
  app: AppServices,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
  stillDue: (row: T) => boolean,
  apply: (em: EntityManager, row: T) => Promise<void | false>,
): Promise<number> {
  // Only the ids, read as the id-keyed shape every swept entity has.
  const byId = entity as unknown as EntityClass<{ id: number }>;
  const due = await app.orm.em.fork().find(byId, where as FilterQuery<{ id: number }>, { fields: ['id'], orderBy: { id: 'ASC' }, limit: SWEEP_BATCH });
  let moved = 0;
  for (const { id } of due) {
    try {
      await app.orm.em.fork().transactional(async (em) => {
        const row = await em.findOneOrFail(entity, { id } as FilterQuery<T>);
        if (!stillDue(row)) return; // someone else got there first
        if ((await apply(em, row)) === false) return;
        await em.flush(); // `update … where version = ?`: a concurrent sweeper's write fails here
        moved += 1;
      });
    } catch (error) {
      if (!(error instanceof OptimisticLockError)) throw error;
    }
  }
  return moved;
}
