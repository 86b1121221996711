/**
 * Order deadlines: a sweeper moves due orders through the same state machine as people do (DESIGN §5).
 * Each item is handled in its own transaction guarded by its version, so two instances sweeping at once
 * make one transition, release stock once and refund once.
 */
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import type { AppServices } from '../shared/context';
import type { BackgroundJob } from '../shared/jobs';
import { SWEEP_BATCH, sweepEach } from '../shared/sweep';
import { CancellationRequest, CancellationRequestStatus } from './cancellation-request.entity';
import { closeRequest, openRequestOf, requestedCancelReason } from './cancellation-request.status';
import { completeOrder } from './fulfilment.service';
import { OrderActor, writeStatus } from './order-status';
import { Order, OrderStatus } from './order.entity';
import { cancelAndSettle } from './order.service';

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
      .find(CancellationRequest, { status: CancellationRequestStatus.PENDING, respondBy: { $lte: now } }, { fields: ['order'], orderBy: { id: 'ASC' }, limit: SWEEP_BATCH });
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
