/**
 * Order deadlines: a sweeper moves due orders through the same state machine as people do (DESIGN §5).
 * Each item is handled in its own transaction guarded by its version, so two instances sweeping at once
 * make one transition, release stock once and refund once.
 */
import { OptimisticLockError, type EntityClass, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import type { AppServices } from '../shared/context';
import type { BackgroundJob } from '../shared/jobs';
import { CancellationRequest, CancellationRequestStatus } from './cancellation-request.entity';
import { closeRequest, openRequestOf, requestedCancelReason } from './cancellation-request.status';
import { completeOrder } from './fulfilment.service';
import { OrderActor, writeStatus } from './order-status';
import { Order, OrderStatus } from './order.entity';
import { cancelAndSettle } from './order.service';

const BATCH = 100;

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
  const due = await app.orm.em.fork().find(byId, where as FilterQuery<{ id: number }>, { fields: ['id'], orderBy: { id: 'ASC' }, limit: BATCH });
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

const sweepOrders = (app: AppServices, where: FilterQuery<Order>, status: OrderStatus, apply: (em: EntityManager, order: Order) => Promise<void | false>) =>
  sweepEach(app, Order, { ...(where as object), status }, (o) => o.status === status, apply);

/** UNPAID past `paymentDueAt` → CANCELLED by the system; the stock goes back. */
export const expireUnpaidOrders: BackgroundJob = {
  name: 'expire-unpaid-orders',
  intervalMs: (app) => app.config.orders.sweepIntervalMs,
  run: (app) =>
    sweepOrders(app, { paymentDueAt: { $lte: app.clock.now() } }, OrderStatus.UNPAID, (em, order) =>
      cancelAndSettle(em, app, order, OrderActor.SYSTEM, 'Payment was not received in time'),
    ),
};

/** ON_HOLD past `cancelFreeUntil` → AWAITING_SHIPMENT by the system: the seller's turn. */
export const endFreeCancellation: BackgroundJob = {
  name: 'end-free-cancellation',
  intervalMs: (app) => app.config.orders.sweepIntervalMs,
  run: (app) =>
    sweepOrders(app, { cancelFreeUntil: { $lte: app.clock.now() } }, OrderStatus.ON_HOLD, async (em, order) => {
      writeStatus(em, app, order, OrderStatus.AWAITING_SHIPMENT, OrderActor.SYSTEM, 'Free cancellation window ended');
    }),
};

/** AWAITING_SHIPMENT past `shipBy` → CANCELLED by the system: the stock goes back, a paid order is refunded. */
export const cancelUnshippedOrders: BackgroundJob = {
  name: 'cancel-unshipped-orders',
  intervalMs: (app) => app.config.orders.sweepIntervalMs,
  run: (app) =>
    sweepOrders(app, { shipBy: { $lte: app.clock.now() } }, OrderStatus.AWAITING_SHIPMENT, (em, order) =>
      cancelAndSettle(em, app, order, OrderActor.SYSTEM, 'Seller did not ship in time'),
    ),
};

/**
 * Cancellation requests still PENDING at `respondBy` → APPROVED by the system, and the order CANCELLED by the
 * system with its stock and money back. The request is looked at again inside the order's transaction: one
 * withdrawn or answered in the meantime leaves the order alone, and its version check stops a racing answer.
 */
export const approveUnansweredCancellations: BackgroundJob = {
  name: 'approve-unanswered-cancellations',
  intervalMs: (app) => app.config.orders.sweepIntervalMs,
  run: async (app) => {
    const now = app.clock.now();
    const due = await app.orm.em
      .fork()
      .find(CancellationRequest, { status: CancellationRequestStatus.PENDING, respondBy: { $lte: now } }, { fields: ['order'], orderBy: { id: 'ASC' }, limit: BATCH });
    if (due.length === 0) return 0;
    return sweepOrders(app, { id: { $in: due.map((request) => request.order.id) } }, OrderStatus.AWAITING_SHIPMENT, async (em, order) => {
      const open = await openRequestOf(em, order);
      if (!open || open.respondBy > now) return false;
      closeRequest(em, app.clock, order, open, { to: CancellationRequestStatus.APPROVED, actor: OrderActor.SYSTEM, reason: 'The seller did not respond in time' });
      await cancelAndSettle(em, app, order, OrderActor.SYSTEM, requestedCancelReason(open));
    });
  },
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
      async (em, order) => completeOrder(em, app, order, OrderActor.SYSTEM, 'Completed automatically after delivery'),
    ),
};

export const orderDeadlineJobs: BackgroundJob[] = [expireUnpaidOrders, endFreeCancellation, cancelUnshippedOrders, approveUnansweredCancellations, autoCompleteOrders];
