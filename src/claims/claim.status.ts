/**
 * The claim's state table and the one function that changes a claim's status (STYLE 3). A claim is resolved once:
 * OPEN → REFUNDED | REJECTED, by Kedai Live staff.
 */
import type { EntityManager } from '@mikro-orm/core';
import { appendTimeline, OrderActor } from '../orders/order-status';
import { OrderEventKind, type Order } from '../orders/order.entity';
import type { Clock } from '../shared/clock';
import { assertTransition, type TransitionTable } from '../shared/state-machine';
import { CLAIM_TYPE_LABELS, ClaimStatus, type Claim } from './claim.entity';

const S = ClaimStatus;

export const claimTransitions: TransitionTable<ClaimStatus> = {
  [S.OPEN]: [S.REFUNDED, S.REJECTED],
  [S.REFUNDED]: [],
  [S.REJECTED]: [],
};

/** The timeline entry of arriving in a status. */
const arrivalKind: Readonly<Record<ClaimStatus, OrderEventKind>> = {
  [S.OPEN]: OrderEventKind.CLAIM_FILED,
  [S.REFUNDED]: OrderEventKind.CLAIM_REFUNDED,
  [S.REJECTED]: OrderEventKind.CLAIM_REJECTED,
};

/** The payload fields every claim event carries (the inbox texts read them). */
export function claimEventExtra(claim: Claim): Record<string, unknown> {
  return { claimId: claim.id, claimType: claim.type, claimStatus: claim.status, refundAmount: claim.refundAmount };
}

/** Appends the filing to the order's timeline, with its outbox events for the order, the buyer and the shop. */
export function recordFiled(em: EntityManager, clock: Clock, order: Order, claim: Claim): void {
  appendTimeline(em, clock, order, { kind: arrivalKind[S.OPEN], actor: OrderActor.BUYER, reason: CLAIM_TYPE_LABELS[claim.type], extra: claimEventExtra(claim) });
}

/**
 * Resolves `claim` (OPEN → `to`) as ADMIN, or fails with INVALID_TRANSITION; frees the order's open-claim slot and
 * appends the CLAIM_* entry (with its outbox events) to the order's timeline. `reason` is the timeline's reason.
 */
export function writeClaimStatus(em: EntityManager, clock: Clock, order: Order, claim: Claim, to: ClaimStatus, reason: string): void {
  assertTransition(claimTransitions, claim.status, to, 'The claim', ['input', 'claimId']);
  claim.status = to;
  claim.resolvedAt = clock.now();
  claim.openOrderId = null;
  appendTimeline(em, clock, order, { kind: arrivalKind[to], actor: OrderActor.ADMIN, reason: reason.slice(0, 500), extra: claimEventExtra(claim) });
}
