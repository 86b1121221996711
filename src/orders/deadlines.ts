/**
 * Order deadlines: a sweeper moves due orders through the same state machine as people do (DESIGN §5).
 * Each item is handled in its own transaction guarded by its version, so two instances sweeping at once
 * make one transition, release stock once and refund once.
 */
import { OptimisticLockError, type EntityClass, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import type { AppServices } from '../shared/context';
import type { BackgroundJob } from '../shared/jobs';
import { completeOrder } from './fulfilment.service';
import { cancelAs, OrderActor, writeStatus } from './order-status';
import { Order, OrderStatus } from './order.entity';
import { releaseStock } from './order.service';

const BATCH = 100;

/**
 * Applies `apply` to each row matching `where` (up to a batch), each in its own transaction: the row is reloaded
 * there and skipped unless `stillDue`, and the flush's version check makes a concurrent sweeper's write fail.
 */
export async function sweepEach<T extends { id: number }>(
  app: AppServices,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
  stillDue: (row: T) => boolean,
  apply: (em: EntityManager, row: T) => Promise<void>,
): Promise<number> {
  // Only the ids, read as the id-keyed shape every swept entity has.
  const byId = entity as unknown as EntityClass<{ id: number }>;
  const due = await app.orm.em.fork().find(byId, where as FilterQuery<{ id: number }>, { fields: ['id'], orderBy: { id: 'ASC' }, limit: BATCH });
  let moved = 0;
  for (const { id } of due) {
    try {
      await app.orm.em.fork().transactional(async (em) => {
        const row = await em.findOneOrFail(entity, { id } as FilterQuery<T>);
        if (!stillDue(row)) return; // someone else got there first
        await apply(em, row);
        await em.flush(); // `update … where version = ?`: a concurrent sweeper's write fails here
        moved += 1;
      });
    } catch (error) {
      if (!(error instanceof OptimisticLockError)) throw error;
    }
  }
  return moved;
}

/** UNPAID past `paymentDueAt` → CANCELLED by the system; the stock goes back. */
export const expireUnpaidOrders: BackgroundJob = {
  name: 'expire-unpaid-orders',
  intervalMs: (app) => app.config.orders.sweepIntervalMs,
  run: (app) =>
    sweepEach(app, Order, { status: OrderStatus.UNPAID, paymentDueAt: { $lte: app.clock.now() } }, (o) => o.status === OrderStatus.UNPAID, async (em, order) => {
      const reason = 'Payment was not received in time';
      cancelAs(em, app.clock, order, OrderActor.SYSTEM, reason);
      await em.flush();
      await releaseStock(em, order);
    }),
};

/** ON_HOLD past `cancelFreeUntil` → AWAITING_SHIPMENT by the system: the seller's turn. */
export const endFreeCancellation: BackgroundJob = {
  name: 'end-free-cancellation',
  intervalMs: (app) => app.config.orders.sweepIntervalMs,
  run: (app) =>
    sweepEach(app, Order, { status: OrderStatus.ON_HOLD, cancelFreeUntil: { $lte: app.clock.now() } }, (o) => o.status === OrderStatus.ON_HOLD, async (em, order) => {
      writeStatus(em, app.clock, order, OrderStatus.AWAITING_SHIPMENT, OrderActor.SYSTEM, 'Free cancellation window ended');
    }),
};

/**
 * DELIVERED past `autoCompleteAt` with no open return → COMPLETED by the system. An order whose return request
 * ends after the deadline completes on the next pass.
 */
export const autoCompleteOrders: BackgroundJob = {
  name: 'auto-complete-orders',
  intervalMs: (app) => app.config.orders.sweepIntervalMs,
  run: (app) =>
    sweepEach(
      app,
      Order,
      { status: OrderStatus.DELIVERED, autoCompleteAt: { $lte: app.clock.now() }, openReturnId: null },
      (o) => o.status === OrderStatus.DELIVERED && o.openReturnId == null,
      async (em, order) => completeOrder(em, app.clock, order, OrderActor.SYSTEM, 'Completed automatically after delivery'),
    ),
};

export const orderDeadlineJobs: BackgroundJob[] = [expireUnpaidOrders, endFreeCancellation, autoCompleteOrders];
