/**
 * Buyer cancellation requests (DESIGN §5): once the order is AWAITING_SHIPMENT the buyer no longer cancels
 * directly but asks; the seller approves (the order is cancelled through `cancelAndSettle`, like any other
 * cancellation) or rejects with a reason; the buyer may withdraw; the system approves a request left unanswered
 * past `respondBy` (`deadlines.ts`). Requests are only opened in AWAITING_SHIPMENT, and `arrangeShipment` refuses
 * an order with a PENDING request, so the seller answers before the parcel leaves.
 */
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { requireViewerId } from '../accounts/account.service';
import type { Context } from '../shared/context';
import { decodeIdOf } from '../shared/ids';
import { failWith } from '../shared/user-error';
import { InputChecker } from '../shared/validation';
import { viewerRoleIn } from '../shops/shop-access';
import { buyersOrder } from './buyers-order';
import { CANCELLATION_REASON_LABELS, CancellationReason, CancellationRequest, CancellationRequestStatus } from './cancellation-request.entity';
import type { CancellationRequestErrorCode } from './cancellation-request.errors';
import type { RequestCancellationInput, RespondToCancellationInput, WithdrawCancellationRequestInput } from './cancellation-request.inputs';
import { closeRequest, requestedCancelReason } from './cancellation-request.status';
import { inUnitOfWork } from './fulfilment.service';
import { appendTimeline, OrderActor, raiseVersion, type StatusServices } from './order-status';
import { Order, OrderEventKind, OrderStatus } from './order.entity';
import { cancelAndSettle } from './order.service';

const code = (c: CancellationRequestErrorCode) => c;
const ORDER_FIELD = ['input', 'orderId'];
const REQUEST_FIELD = ['input', 'requestId'];
const HOUR_MS = 3_600_000;

export interface RequestResult {
  readonly cancellationRequest: CancellationRequest;
  readonly order: Order;
}

const alreadyRequested = (): never =>
  failWith(code('CANCELLATION_ALREADY_REQUESTED'), 'You already asked to cancel this order; wait for the seller or withdraw the request.', ORDER_FIELD);

/** Opens a PENDING request on the viewer's AWAITING_SHIPMENT order; the seller has until `respondBy` to answer. */
export async function requestCancellation(ctx: Context, input: RequestCancellationInput): Promise<RequestResult> {
  requireViewerId(ctx);
  const check = new InputChecker();
  const note = check.optionalText('note', input.note, 500, 'Note');
  if (input.reason === CancellationReason.OTHER && !note) check.fail('note', 'INVALID_INPUT', 'Tell the seller why, when the reason is OTHER.');
  check.assert();
  const order = await buyersOrder(ctx, input.orderId);
  if (order.status !== OrderStatus.AWAITING_SHIPMENT) {
    failWith('INVALID_TRANSITION', `A cancellation can be requested while the order is AWAITING_SHIPMENT, not ${order.status}.`, ORDER_FIELD);
  }
  const earlier = await ctx.em.find(CancellationRequest, { order, status: { $in: [CancellationRequestStatus.PENDING, CancellationRequestStatus.REJECTED] } });
  if (earlier.some((r) => r.status === CancellationRequestStatus.PENDING)) alreadyRequested();
  if (earlier.length > 0) failWith(code('CANCELLATION_ALREADY_REJECTED'), 'The seller already rejected a cancellation of this order.', ORDER_FIELD);
  try {
    const cancellationRequest = await inUnitOfWork(ctx.em, ORDER_FIELD, (em) => openRequest(em, ctx, order, input.reason, note));
    return { cancellationRequest, order };
  } catch (error) {
    // A request opened at the same moment took the order's one open slot (the unique `openOrderId`).
    if (error instanceof UniqueConstraintViolationException) alreadyRequested();
    throw error;
  }
}

/**
 * Opens a PENDING request on the AWAITING_SHIPMENT order in the caller's unit of work, with its timeline entry, and
 * raises the order's version. The demo seed's pending requests come from here too.
 */
export async function openRequest(em: EntityManager, ctx: StatusServices, order: Order, reason: CancellationReason, note: string | null): Promise<CancellationRequest> {
  const now = ctx.clock.now();
  const respondBy = new Date(now.getTime() + ctx.config.orders.cancellationResponseHours * HOUR_MS);
  const request = em.create(CancellationRequest, { order, openOrderId: order.id, status: CancellationRequestStatus.PENDING, reason, note, requestedAt: now, respondBy });
  // Inserted on its own first: a request racing this one fails on the unique `openOrderId` (not on the order's version).
  await em.flush();
  appendTimeline(em, ctx.clock, order, {
    kind: OrderEventKind.CANCELLATION_REQUESTED,
    actor: OrderActor.BUYER,
    reason: CANCELLATION_REASON_LABELS[reason],
    extra: { cancellationRequestId: request.id, cancellationReason: reason, respondBy: respondBy.toISOString() },
  });
  // An arrangeShipment racing this request fails its version check instead of shipping the order.
  await raiseVersion(em, order);
  return request;
}

/** A request on an order `allowed` says the viewer may act on, with that order; NOT_FOUND otherwise. */
async function findRequest(ctx: Context, globalId: string, allowed: (order: Order) => Promise<boolean>): Promise<RequestResult> {
  const id = decodeIdOf('CancellationRequest', globalId);
  const request = id === null ? null : await ctx.em.findOne(CancellationRequest, id, { populate: ['order'] });
  const order = request?.order.getEntity();
  if (!request || !order || !(await allowed(order))) failWith('NOT_FOUND', 'No such cancellation request.', REQUEST_FIELD);
  return { cancellationRequest: request, order };
}

/** PENDING → WITHDRAWN, by the buyer; the order goes on. */
export async function withdrawCancellationRequest(ctx: Context, input: WithdrawCancellationRequestInput): Promise<RequestResult> {
  const buyerId = requireViewerId(ctx);
  const found = await findRequest(ctx, input.requestId, async (order) => order.buyer.id === buyerId);
  await inUnitOfWork(ctx.em, REQUEST_FIELD, async (em) =>
    closeRequest(em, ctx.clock, found.order, found.cancellationRequest, { to: CancellationRequestStatus.WITHDRAWN, actor: OrderActor.BUYER }, REQUEST_FIELD),
  );
  return found;
}

/**
 * A shop member's answer. Approving closes the request and cancels the order as SELLER (stock back, refund when
 * paid); rejecting needs a reason and leaves the order AWAITING_SHIPMENT.
 */
export async function respondToCancellation(ctx: Context, input: RespondToCancellationInput): Promise<RequestResult> {
  const check = new InputChecker();
  const reason = check.optionalText('reason', input.reason, 200, 'Reason');
  if (!input.approve && !reason) check.fail('reason', 'INVALID_INPUT', 'Say why you reject the request; the buyer sees it.');
  const found = await findRequest(ctx, input.requestId, async (order) => (await viewerRoleIn(ctx, order.shop.id)) !== null);
  check.assert();
  const { cancellationRequest: request, order } = found;
  await inUnitOfWork(ctx.em, REQUEST_FIELD, async (em) => {
    const to = input.approve ? CancellationRequestStatus.APPROVED : CancellationRequestStatus.REJECTED;
    closeRequest(em, ctx.clock, order, request, { to, actor: OrderActor.SELLER, reason }, REQUEST_FIELD);
    if (input.approve) await cancelAndSettle(em, ctx, order, OrderActor.SELLER, requestedCancelReason(request));
  });
  return found;
}
