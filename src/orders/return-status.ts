/**
 * The return request's state table (DESIGN §5) and the one function that changes a request's status. Who may make
 * a move is checked by the operation making it (buyer, shop member, or the SYSTEM sweepers); the table says only
 * which moves exist.
 */
import type { EntityManager } from '@mikro-orm/core';
import type { Clock } from '../shared/clock';
import { assertTransition, canTransition, type TransitionTable } from '../shared/state-machine';
import { appendTimeline, type OrderActor } from './order-status';
import { OrderEventKind, type Order } from './order.entity';
import { ReturnStatus, type ReturnRequest } from './return.entity';

const S = ReturnStatus;

export const returnTransitions: TransitionTable<ReturnStatus> = {
  [S.REQUESTED]: [S.APPROVED, S.REJECTED, S.CANCELLED],
  // APPROVED lasts one step: a refund-only request is refunded at once, a return waits for the buyer's parcel.
  [S.APPROVED]: [S.REFUNDED, S.AWAITING_BUYER_SHIPMENT, S.CANCELLED],
  [S.AWAITING_BUYER_SHIPMENT]: [S.BUYER_SHIPPED, S.CANCELLED],
  [S.BUYER_SHIPPED]: [S.RECEIVED],
  [S.RECEIVED]: [S.REFUNDED],
  [S.REFUNDED]: [],
  [S.REJECTED]: [],
  [S.CANCELLED]: [],
};

export function canMoveReturn(from: ReturnStatus, to: ReturnStatus): boolean {
  return canTransition(returnTransitions, from, to);
}

/** The timeline entry of arriving in a status; AWAITING_BUYER_SHIPMENT is part of the approval and has none. */
const arrivalKind: Partial<Record<ReturnStatus, OrderEventKind>> = {
  [S.APPROVED]: OrderEventKind.RETURN_APPROVED,
  [S.REJECTED]: OrderEventKind.RETURN_REJECTED,
  [S.BUYER_SHIPPED]: OrderEventKind.RETURN_SHIPPED,
  [S.RECEIVED]: OrderEventKind.RETURN_RECEIVED,
  [S.REFUNDED]: OrderEventKind.RETURN_REFUNDED,
  [S.CANCELLED]: OrderEventKind.RETURN_CANCELLED,
};

/** Statuses that end a request: the order has no open return any more. */
const CLOSING: readonly ReturnStatus[] = [S.REFUNDED, S.REJECTED, S.CANCELLED];

/** Stamps the time a request arrived in a status. */
const stamp: Partial<Record<ReturnStatus, (request: ReturnRequest, now: Date) => void>> = {
  [S.APPROVED]: (r, now) => (r.respondedAt = now),
  [S.REJECTED]: (r, now) => (r.respondedAt = now),
  [S.BUYER_SHIPPED]: (r, now) => (r.shippedAt = now),
  [S.RECEIVED]: (r, now) => (r.receivedAt = now),
  [S.REFUNDED]: (r, now) => (r.refundedAt = now),
};

/** The payload fields every return event carries. */
export function returnEventExtra(request: ReturnRequest): Record<string, unknown> {
  return { returnRequestId: request.id, returnType: request.type, returnStatus: request.status, refundAmount: request.refundAmount };
}

/**
 * Moves `request` to `to` as `actor`, or fails with INVALID_TRANSITION naming both statuses. Appends the RETURN_*
 * entry to the order's timeline (with its outbox events); a closing status also frees the order's open-return
 * slot, which changes the order, so its version check orders this against completion and new requests.
 */
export function writeReturnStatus(
  em: EntityManager,
  clock: Clock,
  order: Order,
  request: ReturnRequest,
  to: ReturnStatus,
  actor: OrderActor,
  reason: string | null = null,
): void {
  assertTransition(returnTransitions, request.status, to, 'The return request');
  const now = clock.now();
  request.status = to;
  request.updatedAt = now;
  stamp[to]?.(request, now);
  if (CLOSING.includes(to)) {
    request.closedAt = now;
    order.openReturnId = null;
    order.updatedAt = now;
  }
  const kind = arrivalKind[to];
  if (kind) appendTimeline(em, clock, order, { kind, actor, reason, extra: returnEventExtra(request) });
}
