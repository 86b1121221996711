/**
 * Return request deadlines, swept like the order's (`sweepEach`: one version-guarded transaction per request, safe
 * on several instances): an unanswered request is approved, an approved return the buyer never shipped is
 * cancelled, and a shipped return the seller never confirmed is received and refunded.
 */
import type { EntityManager } from '@mikro-orm/core';
import type { AppServices } from '../shared/context';
import type { BackgroundJob } from '../shared/jobs';
import { sweepEach } from '../shared/sweep';
import { OrderActor } from './order-status';
import { Order } from './order.entity';
import { writeReturnStatus } from './return-status';
import { ReturnRequest, ReturnStatus } from './return.entity';
import { approveReturn, receiveReturn } from './return.service';

type Deadline = 'respondBy' | 'shipBy' | 'receiveBy';

/** Requests in `status` past their `deadline`, each moved by `apply` with its order loaded in the same transaction. */
function sweepReturns(app: AppServices, status: ReturnStatus, deadline: Deadline, apply: (em: EntityManager, order: Order, request: ReturnRequest) => Promise<void>): Promise<number> {
  return sweepEach(app, ReturnRequest, { status, [deadline]: { $lte: app.clock.now() } }, (r) => r.status === status, async (em, request) =>
    apply(em, await em.findOneOrFail(Order, request.order.id), request),
  );
}

/** REQUESTED past `respondBy` → approved by the system (a refund-only request is refunded). */
export const autoApproveReturns: BackgroundJob = {
  name: 'auto-approve-returns',
  intervalMs: (app) => app.config.orders.sweepIntervalMs,
  run: (app) =>
    sweepReturns(app, ReturnStatus.REQUESTED, 'respondBy', (em, order, request) =>
      approveReturn(em, app, order, request, OrderActor.SYSTEM, 'The seller did not respond in time'),
    ),
};

/** AWAITING_BUYER_SHIPMENT past `shipBy` → CANCELLED by the system. */
export const cancelUnshippedReturns: BackgroundJob = {
  name: 'cancel-unshipped-returns',
  intervalMs: (app) => app.config.orders.sweepIntervalMs,
  run: (app) =>
    sweepReturns(app, ReturnStatus.AWAITING_BUYER_SHIPMENT, 'shipBy', async (em, order, request) =>
      writeReturnStatus(em, app.clock, order, request, ReturnStatus.CANCELLED, OrderActor.SYSTEM, 'The buyer did not ship the return in time'),
    ),
};

/** BUYER_SHIPPED past `receiveBy` → received and refunded by the system. */
export const autoReceiveReturns: BackgroundJob = {
  name: 'auto-receive-returns',
  intervalMs: (app) => app.config.orders.sweepIntervalMs,
  run: (app) => sweepReturns(app, ReturnStatus.BUYER_SHIPPED, 'receiveBy', (em, order, request) => receiveReturn(em, app, order, request, OrderActor.SYSTEM)),
};

export const returnJobs: BackgroundJob[] = [autoApproveReturns, cancelUnshippedReturns, autoReceiveReturns];
