/**
 * Filing a claim (buyer) and resolving it (Kedai Live staff). Refunds go through the orders feature's
 * `refundPartial`, so payments, refunds and `paymentStatus` keep one bookkeeping; what a claim may refund is what
 * the order's payments still hold less what an open return request has been promised.
 */
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { User } from '../accounts/user.entity';
import { buyersOrder } from '../orders/buyers-order';
import { OrderEvent, OrderEventKind, OrderStatus, PaymentStatus, type Order } from '../orders/order.entity';
import { refundableOf, refundPartial } from '../orders/payment.service';
import { ReturnRequest } from '../orders/return.entity';
import type { Clock } from '../shared/clock';
import type { Context } from '../shared/context';
import { decodeIdOf } from '../shared/ids';
import { formatRupiah, parseMoney } from '../shared/money';
import { failWith } from '../shared/user-error';
import { InputChecker } from '../shared/validation';
import { viewerUserId } from '../shared/viewer';
import { CLAIM_TYPE_LABELS, Claim, ClaimDecision, ClaimStatus, TYPES_NEEDING_EVIDENCE, type ClaimType } from './claim.entity';
import type { ClaimErrorCode } from './claim.errors';
import type { FileClaimInput, ResolveClaimInput } from './claim.inputs';
import { recordFiled, writeClaimStatus } from './claim.status';

const code = (c: ClaimErrorCode) => c;
const ORDER_FIELD = ['input', 'orderId'];
const CLAIM_FIELD = ['input', 'claimId'];
const DAY_MS = 24 * 60 * 60_000;

/** Description length bounds, in characters after trimming. */
export const DESCRIPTION_MIN = 10;
export const DESCRIPTION_MAX = 1000;
/** Most evidence URLs on one claim. */
export const MAX_CLAIM_EVIDENCE = 5;

export interface ClaimResult {
  readonly claim: Claim;
  readonly order: Order;
}

function isHttpsUrl(value: string): boolean {
  if (value.length > 500) return false;
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

function checkFileInput(check: InputChecker, input: FileClaimInput): { description: string; evidenceUrls: string[] } {
  const description = check.text('description', input.description, DESCRIPTION_MIN, DESCRIPTION_MAX, 'Description');
  const evidenceUrls = (input.evidenceUrls ?? []).map((url) => url.trim());
  if (evidenceUrls.length > MAX_CLAIM_EVIDENCE) check.fail('evidenceUrls', 'INVALID_INPUT', `At most ${MAX_CLAIM_EVIDENCE} photos or videos.`);
  evidenceUrls.forEach((url, i) => {
    if (!isHttpsUrl(url)) check.fail(`evidenceUrls.${i}`, 'INVALID_INPUT', 'Evidence is an https URL of at most 500 characters.');
  });
  if (evidenceUrls.length === 0 && TYPES_NEEDING_EVIDENCE.includes(input.type)) {
    check.fail('evidenceUrls', code('CLAIM_EVIDENCE_REQUIRED'), 'Add at least one photo or video of the problem.');
  }
  return { description, evidenceUrls };
}

/** When Kedai Live recorded the delivery (the timeline's move to DELIVERED), or null if it never was. */
async function deliveredAt(em: EntityManager, order: Order): Promise<Date | null> {
  const event = await em.findOne(OrderEvent, { order: order.id, kind: OrderEventKind.STATUS_CHANGED, toStatus: OrderStatus.DELIVERED }, { orderBy: { id: 'ASC' } });
  return event?.createdAt ?? null;
}

/** What a claim may still refund now: what the payments hold, less what the open return request (if any) will refund. */
export async function claimRefundable(em: EntityManager, order: Order): Promise<{ refundable: number; reservedByReturn: number }> {
  const left = await refundableOf(em, order);
  const openReturn = order.openReturnId == null ? null : await em.findOne(ReturnRequest, order.openReturnId, { fields: ['refundAmount'] });
  const reservedByReturn = openReturn?.refundAmount ?? 0;
  return { refundable: Math.max(0, left - reservedByReturn), reservedByReturn };
}

/** Delivered (DELIVERED, or COMPLETED) within the claim window, paid, something refundable beyond an open return, no open claim. */
async function assertClaimable(ctx: Context, order: Order): Promise<void> {
  if (order.status === OrderStatus.CANCELLED) failWith(code('CLAIM_ORDER_CANCELLED'), 'The order was cancelled; there is nothing to claim.', ORDER_FIELD);
  if (order.status === OrderStatus.UNPAID) failWith(code('CLAIM_ORDER_UNPAID'), 'The order is not paid; there is nothing to claim.', ORDER_FIELD);
  const delivered = order.status === OrderStatus.DELIVERED || order.status === OrderStatus.COMPLETED ? await deliveredAt(ctx.em, order) : null;
  if (!delivered) failWith(code('CLAIM_ORDER_NOT_DELIVERED'), `The order is ${order.status}; claims open once it is delivered.`, ORDER_FIELD);
  // Delivered orders are paid (cash on delivery is collected at the door); kept in case one is not.
  if (order.paymentStatus === PaymentStatus.UNPAID) failWith(code('CLAIM_ORDER_UNPAID'), 'Nothing was paid for this order.', ORDER_FIELD);
  const windowDays = ctx.config.orders.claimWindowDays;
  if (delivered.getTime() + windowDays * DAY_MS <= ctx.clock.now().getTime()) {
    failWith(code('CLAIM_WINDOW_CLOSED'), `Claims are filed within ${windowDays} days of delivery.`, ORDER_FIELD);
  }
  if (order.paymentStatus === PaymentStatus.REFUNDED) failWith(code('CLAIM_ORDER_REFUNDED'), 'Everything paid for this order was refunded already.', ORDER_FIELD);
  const { refundable, reservedByReturn } = await claimRefundable(ctx.em, order);
  if (refundable <= 0) {
    if (reservedByReturn > 0) failWith(code('CLAIM_RETURN_OPEN'), 'The open return request already refunds everything left of this order.', ORDER_FIELD);
    failWith(code('CLAIM_ORDER_REFUNDED'), 'Everything paid for this order was refunded already.', ORDER_FIELD);
  }
  if (await ctx.em.count(Claim, { openOrderId: order.id })) alreadyOpen();
}

const alreadyOpen = (): never => failWith(code('CLAIM_ALREADY_OPEN'), 'This order already has an open claim.', ORDER_FIELD);

/**
 * Buyer: files an OPEN claim on their delivered order. One open claim per order (the unique `openOrderId`, so two
 * filings at the same moment make one claim); another may follow once it is resolved, while the window is open.
 */
export async function fileClaim(ctx: Context, input: FileClaimInput): Promise<ClaimResult> {
  const check = new InputChecker();
  const { description, evidenceUrls } = checkFileInput(check, input);
  const order = await buyersOrder(ctx, input.orderId);
  check.assert();
  await assertClaimable(ctx, order);
  try {
    const claim = await ctx.em.transactional((em) => openClaim(em, ctx.clock, order, { type: input.type, description, evidenceUrls }));
    return { claim, order };
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) alreadyOpen();
    throw error;
  }
}

/** A checked claim, as the buyer files it. */
export interface ClaimAsked {
  readonly type: ClaimType;
  readonly description: string;
  readonly evidenceUrls: readonly string[];
}

/**
 * Opens the buyer's checked claim on a claimable order in the caller's unit of work, with its timeline entry and
 * outbox events. The demo seed's claims come from here too.
 */
export async function openClaim(em: EntityManager, clock: Clock, order: Order, asked: ClaimAsked): Promise<Claim> {
  const claim = em.create(Claim, {
    order,
    buyer: order.buyer,
    shop: order.shop,
    openOrderId: order.id,
    type: asked.type,
    status: ClaimStatus.OPEN,
    description: asked.description,
    evidenceUrls: [...asked.evidenceUrls],
    filedAt: clock.now(),
  });
  await em.flush(); // the id goes into the events; a concurrent filing fails here on `openOrderId`
  recordFiled(em, clock, order, claim);
  return claim;
}

interface CheckedResolution {
  readonly decision: ClaimDecision;
  readonly amount: number | null;
  readonly reason: string | null;
}

function checkResolveInput(input: ResolveClaimInput): CheckedResolution {
  const check = new InputChecker();
  const reason =
    input.decision === ClaimDecision.REJECT ? check.text('reason', input.reason ?? '', 1, 500, 'Reason') : check.optionalText('reason', input.reason, 500, 'Reason');
  let amount: number | null = null;
  if (input.decision === ClaimDecision.REFUND_PARTIAL) {
    amount = input.amount == null ? null : parseMoney(input.amount);
    if (amount === null || amount <= 0) check.fail('amount', 'INVALID_INPUT', 'A partial refund needs an amount in rupiah greater than zero, e.g. "50000".');
  } else if (input.amount != null) {
    check.fail('amount', 'INVALID_INPUT', 'Only a REFUND_PARTIAL decision takes an amount.');
  }
  check.assert();
  return { decision: input.decision, amount, reason };
}

/** The claim by global id, with its order loaded; NOT_FOUND when there is none. */
async function findClaim(ctx: Context, globalId: string): Promise<Claim> {
  const id = decodeIdOf('Claim', globalId);
  const claim = id === null ? null : await ctx.em.findOne(Claim, id, { populate: ['order'] });
  if (!claim) failWith('NOT_FOUND', 'No such claim.', CLAIM_FIELD);
  return claim;
}

const alreadyResolved = (claim: Pick<Claim, 'status'>): never =>
  failWith(code('CLAIM_ALREADY_RESOLVED'), `The claim was resolved already (${claim.status}).`, CLAIM_FIELD);

/** The amount the decision refunds, or fails when nothing is left or it is more than the order still has refundable. */
async function claimAmount(em: EntityManager, order: Order, checked: CheckedResolution): Promise<number> {
  const { refundable } = await claimRefundable(em, order);
  if (refundable <= 0) failWith(code('CLAIM_NOTHING_TO_REFUND'), 'Nothing of this order is left to refund; reject the claim instead.', ['input', 'decision']);
  const amount = checked.decision === ClaimDecision.REFUND_FULL ? refundable : checked.amount!;
  if (amount > refundable) {
    failWith(code('CLAIM_REFUND_EXCEEDS_REFUNDABLE'), `At most ${formatRupiah(refundable)} of this order can still be refunded.`, ['input', 'amount']);
  }
  return amount;
}

/** Refunds the checked `amount` in `em`; the claim already carries its resolution. */
async function refundClaim(em: EntityManager, ctx: Context, order: Order, claim: Claim, amount: number): Promise<void> {
  await em.flush(); // the claim's version check: a concurrent resolution fails here, before any money moves
  const refunded = await refundPartial(em, ctx, order, amount, `Claim: ${CLAIM_TYPE_LABELS[claim.type]}`);
  // Less went back than was left when we looked: another refund of the order committed in between. Roll back.
  if (refunded !== amount) failWith('INVALID_TRANSITION', 'The order was refunded at the same moment; reload it and try again.', CLAIM_FIELD);
}

/**
 * Undoes what a failed resolution changed on the claim and its order in the request's unit of work, so a later
 * mutation of the same GraphQL document that flushes it does not write a half-resolved claim.
 */
async function forgetFailedResolution(ctx: Context, claim: Claim, order: Order): Promise<void> {
  await ctx.em.refresh(claim);
  await ctx.em.refresh(order);
}

/**
 * Kedai Live staff: resolves an OPEN claim with a full or partial refund, or rejects it with a reason. The claim's
 * version check makes two staff members resolving at once produce one resolution and one refund; the other gets
 * CLAIM_ALREADY_RESOLVED and nothing of theirs is kept.
 */
export async function resolveClaim(ctx: Context, input: ResolveClaimInput): Promise<ClaimResult> {
  const checked = checkResolveInput(input);
  const claim = await findClaim(ctx, input.claimId);
  const order = claim.order.getEntity();
  if (claim.status !== ClaimStatus.OPEN) alreadyResolved(claim);
  try {
    await ctx.em.transactional(async (em) => {
      // Checked before anything of the claim changes: a refused resolution leaves it as it was.
      const amount = checked.decision === ClaimDecision.REJECT ? null : await claimAmount(em, order, checked);
      claim.decision = checked.decision;
      claim.resolutionReason = checked.reason;
      claim.resolvedBy = em.getReference(User, viewerUserId(ctx.viewer)!, { wrapped: true });
      if (amount === null) {
        writeClaimStatus(em, ctx.clock, order, claim, ClaimStatus.REJECTED, checked.reason!);
        return;
      }
      claim.refundAmount = amount;
      await refundClaim(em, ctx, order, claim, amount);
      const note = checked.reason ? `: ${checked.reason}` : '';
      writeClaimStatus(em, ctx.clock, order, claim, ClaimStatus.REFUNDED, `Refunded ${formatRupiah(amount)}${note}`);
    });
  } catch (error) {
    await forgetFailedResolution(ctx, claim, order);
    if ((error as Error).name !== 'OptimisticLockError') throw error;
    if (claim.status !== ClaimStatus.OPEN) alreadyResolved(claim);
    failWith('INVALID_TRANSITION', 'The order changed at the same moment; reload it and try again.', CLAIM_FIELD);
  }
  return { claim, order };
}
