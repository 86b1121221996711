/**
 * Order deadlines: a sweeper moves due orders through the same state machine as people do (DESIGN §5).
 * Each order is handled in its own transaction guarded by the order's version, so two instances sweeping at once
 * make one transition, release stock once and refund once.
 */
import { OptimisticLockError, type EntityManager } from '@mikro-orm/core';
import type { AppServices } from '../shared/context';
import type { BackgroundJob } from '../shared/jobs';
import { cancelAs, OrderActor, writeStatus } from './order-status';
import { Order, OrderStatus } from './order.entity';
import { releaseStock } from './order.service';

const BATCH = 100;

async function sweep(
  app: AppServices,
  where: Record<string, unknown>,
  expected: OrderStatus,
  apply: (em: EntityManager, order: Order) => Promise<void>,
): Promise<number> {
  const due = await app.orm.em.fork().find(Order, where, { fields: ['id'], orderBy: { id: 'ASC' }, limit: BATCH });
  let moved = 0;
  for (const { id } of due) {
    try {
      await app.orm.em.fork().transactional(async (em) => {
        const order = await em.findOneOrFail(Order, id);
        if (order.status !== expected) return; // someone else got there first
        await apply(em, order);
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
    sweep(app, { status: OrderStatus.UNPAID, paymentDueAt: { $lte: app.clock.now() } }, OrderStatus.UNPAID, async (em, order) => {
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
    sweep(app, { status: OrderStatus.ON_HOLD, cancelFreeUntil: { $lte: app.clock.now() } }, OrderStatus.ON_HOLD, async (em, order) => {
      writeStatus(em, app.clock, order, OrderStatus.AWAITING_SHIPMENT, OrderActor.SYSTEM, 'Free cancellation window ended');
    }),
};

export const orderJobs: BackgroundJob[] = [expireUnpaidOrders, endFreeCancellation];
