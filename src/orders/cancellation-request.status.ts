/**
 * The cancellation request's own state table (DESIGN §5): PENDING → APPROVED | REJECTED | WITHDRAWN, and
 * `closeRequest`, the one function that changes a request's status and records it on the order's timeline.
 */
import type { EntityManager } from '@mikro-orm/core';
import type { Clock } from '../shared/clock';
import { assertTransition, type TransitionTable } from '../shared/state-machine';
import { CANCELLATION_REASON_LABELS, CancellationRequest, CancellationRequestStatus } from './cancellation-request.entity';
import { appendTimeline, type OrderActor } from './order-status';
import { OrderEventKind, type Order } from './order.entity';

const { PENDING, APPROVED, REJECTED, WITHDRAWN } = CancellationRequestStatus;

export const cancellationRequestTransitions: TransitionTable<CancellationRequestStatus> = {
  [PENDING]: [APPROVED, REJECTED, WITHDRAWN],
  [APPROVED]: [],
  [REJECTED]: [],
  [WITHDRAWN]: [],
};

type ClosedStatus = Exclude<CancellationRequestStatus, CancellationRequestStatus.PENDING>;

const TIMELINE_KIND: Readonly<Record<ClosedStatus, OrderEventKind>> = {
  [APPROVED]: OrderEventKind.CANCELLATION_APPROVED,
  [REJECTED]: OrderEventKind.CANCELLATION_REJECTED,
  [WITHDRAWN]: OrderEventKind.CANCELLATION_WITHDRAWN,
};

/**
 * Closes `request` as `to` (INVALID_TRANSITION on `field` unless it is PENDING), frees the order's one open slot
 * and appends the matching timeline entry with its outbox events, in the caller's unit of work. `reason` is the
 * rejection reason for REJECTED, and the timeline's reason otherwise.
 */
export function closeRequest(
  em: EntityManager,
  clock: Clock,
  order: Order,
  request: CancellationRequest,
  change: { to: ClosedStatus; actor: OrderActor; reason?: string | null },
  field?: string[],
): void {
  assertTransition(cancellationRequestTransitions, request.status, change.to, 'The cancellation request', field);
  request.status = change.to;
  request.openOrderId = null;
  request.respondedAt = clock.now();
  request.resolvedBy = change.actor;
  if (change.to === REJECTED) request.rejectReason = change.reason ?? null;
  appendTimeline(em, clock, order, { kind: TIMELINE_KIND[change.to], actor: change.actor, reason: change.reason, extra: { cancellationRequestId: request.id } });
}

/** The order's PENDING request, if any (loaded in `em`). */
export function openRequestOf(em: EntityManager, order: Order): Promise<CancellationRequest | null> {
  return em.findOne(CancellationRequest, { openOrderId: order.id });
}

/**
 * A cancelled order's open request is approved by whoever cancelled it: the buyer got what was asked for, and no
 * request is left PENDING on a closed order. Call it before the order's status changes, so the timeline reads
 * "cancellation approved", then "cancelled". A request the caller already closed in this unit of work is left as is.
 */
export async function approveOpenRequest(em: EntityManager, clock: Clock, order: Order, actor: OrderActor): Promise<void> {
  const open = await openRequestOf(em, order);
  if (open?.status === PENDING) closeRequest(em, clock, order, open, { to: APPROVED, actor });
}

/** The cancelled order's `cancelReason` when a request is approved: the buyer's reason, in words. */
export function requestedCancelReason(request: CancellationRequest): string {
  return `Cancelled at the buyer's request: ${CANCELLATION_REASON_LABELS[request.reason]}`;
}
