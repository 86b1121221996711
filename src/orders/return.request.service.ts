/**
 * The buyer's return or refund request: checked input, a delivered order within its return window, lines that are
 * a subset of the order's with units not returned before, and the refund quoted up front.
 */
import type { EntityManager } from '@mikro-orm/core';
import type { Context } from '../shared/context';
import { decodeIdOf } from '../shared/ids';
import { selectRows } from '../shared/sql';
import { failWith } from '../shared/user-error';
import { InputChecker, isWebUrl } from '../shared/validation';
import { inUnitOfWork } from './fulfilment.service';
import { appendTimeline, OrderActor, type StatusServices } from './order-status';
import { Order, OrderEventKind, OrderLine, OrderStatus, PaymentStatus } from './order.entity';
import { buyersOrder } from './buyers-order';
import { refundableOf } from './payment.service';
import { quoteRefund } from './return-amounts';
import { returnEventExtra } from './return-status';
import { REASONS_NEEDING_EVIDENCE, ReturnLine, ReturnReason, ReturnRequest, ReturnStatus, ReturnType } from './return.entity';
import type { ReturnErrorCode } from './return.errors';
import type { RequestReturnInput } from './return.inputs';

const code = (c: ReturnErrorCode) => c;

/** Most evidence URLs on one request (TikTok Shop: up to 9 photos). */
export const MAX_EVIDENCE = 9;
const MAX_LINES = 50;
const ORDER_FIELD = ['input', 'orderId'];

/** What the buyer asks, once checked: lines by database id. */
export interface CheckedInput {
  readonly note: string | null;
  readonly evidenceUrls: string[];
  readonly lines: { readonly lineId: number; readonly quantity: number }[];
}

function checkInput(check: InputChecker, input: RequestReturnInput): CheckedInput {
  const note = check.optionalText('note', input.note, 500, 'Note');
  if (input.reason === ReturnReason.OTHER && note === null) check.fail('note', 'INVALID_INPUT', 'Say what is wrong when the reason is OTHER.');
  if (input.reason === ReturnReason.NOT_RECEIVED && input.type !== ReturnType.REFUND_ONLY) {
    check.fail('type', code('RETURN_TYPE_NOT_ALLOWED'), 'A parcel that never arrived cannot be sent back: ask for REFUND_ONLY.');
  }
  if (input.reason === ReturnReason.CHANGED_MIND && input.type !== ReturnType.RETURN_AND_REFUND) {
    check.fail('type', code('RETURN_TYPE_NOT_ALLOWED'), 'A change of mind is refunded when the items come back: ask for RETURN_AND_REFUND.');
  }
  const evidenceUrls = (input.evidenceUrls ?? []).map((url) => url.trim());
  if (evidenceUrls.length > MAX_EVIDENCE) check.fail('evidenceUrls', 'INVALID_INPUT', `At most ${MAX_EVIDENCE} photos or videos.`);
  evidenceUrls.forEach((url, i) => {
    if (!isWebUrl(url)) check.fail(`evidenceUrls.${i}`, 'INVALID_INPUT', 'Evidence is an https URL of at most 500 characters.');
  });
  if (evidenceUrls.length === 0 && REASONS_NEEDING_EVIDENCE.includes(input.reason)) {
    check.fail('evidenceUrls', code('EVIDENCE_REQUIRED'), 'Add at least one photo or video of the problem.');
  }
  if (input.lines.length < 1 || input.lines.length > MAX_LINES) check.fail('lines', 'INVALID_INPUT', `A request has 1–${MAX_LINES} lines.`);
  const lines = input.lines.map((line, i) => {
    const lineId = decodeIdOf('OrderLine', line.orderLineId) ?? 0;
    if (lineId === 0) check.fail(`lines.${i}.orderLineId`, 'NOT_FOUND', 'No such line in this order.');
    if (!Number.isInteger(line.quantity) || line.quantity < 1) check.fail(`lines.${i}.quantity`, 'INVALID_INPUT', 'Return at least one unit.');
    return { lineId, quantity: line.quantity };
  });
  lines.forEach(({ lineId }, i) => {
    if (lineId !== 0 && lines.findIndex((l) => l.lineId === lineId) !== i) check.fail(`lines.${i}.orderLineId`, 'INVALID_INPUT', 'Each line appears once; raise its quantity instead.');
  });
  return { note, evidenceUrls, lines };
}

/** DELIVERED and inside the return window, with no request open and something left to refund. */
function assertReturnable(order: Order, now: Date): void {
  if (order.status === OrderStatus.COMPLETED) failWith(code('RETURN_WINDOW_CLOSED'), 'The order is completed; it takes no more returns.', ORDER_FIELD);
  if (order.status !== OrderStatus.DELIVERED) failWith('INVALID_TRANSITION', `The order is ${order.status}; returns open once it is DELIVERED.`, ORDER_FIELD);
  if (!order.returnableUntil || order.returnableUntil <= now) failWith(code('RETURN_WINDOW_CLOSED'), 'The return window of this order has ended.', ORDER_FIELD);
  if (order.openReturnId != null) failWith(code('RETURN_OPEN'), 'This order already has an open return or refund request.', ORDER_FIELD);
  if (order.paymentStatus === PaymentStatus.REFUNDED) failWith('INVALID_TRANSITION', 'Everything paid for this order was refunded already.', ORDER_FIELD);
}

/**
 * Units of each order line returned by refunded requests; what every earlier refund of the order sent back (returns
 * and claims alike); and what its payments still hold, the most a new request may refund.
 */
async function returnedBefore(em: EntityManager, order: Order): Promise<{ units: Map<number, number>; refunded: number; refundable: number }> {
  const refundedRequests = await em.find(ReturnRequest, { order: order.id, status: ReturnStatus.REFUNDED });
  const [row] = await selectRows(em, 'select coalesce(sum(amount), 0) as refunded from refund where order_id = ?', [order.id]);
  const refunded = Number(row?.['refunded'] ?? 0);
  const refundable = await refundableOf(em, order);
  const units = new Map<number, number>();
  if (refundedRequests.length === 0) return { units, refunded, refundable };
  const lines = await em.find(ReturnLine, { returnRequest: { $in: refundedRequests.map((r) => r.id) } });
  for (const line of lines) units.set(line.orderLine.id, (units.get(line.orderLine.id) ?? 0) + line.quantity);
  return { units, refunded, refundable };
}

/** A checked return request: what, why, and which units of which lines (by database id). */
export interface ReturnAsked extends CheckedInput {
  readonly type: ReturnType;
  readonly reason: ReturnReason;
}

/** Creates the request and its lines in `em`, or fails on a line that is not the order's or asks for too much. */
async function createRequest(services: StatusServices, em: EntityManager, order: Order, checked: ReturnAsked): Promise<ReturnRequest> {
  const orderLines = await em.find(OrderLine, { order: order.id });
  const before = await returnedBefore(em, order);
  const lines = new InputChecker();
  const picked = checked.lines.map(({ lineId, quantity }, i) => {
    const line = orderLines.find((l) => l.id === lineId);
    if (!line) lines.fail(`lines.${i}.orderLineId`, 'NOT_FOUND', 'No such line in this order.');
    else if (quantity > line.quantity - (before.units.get(line.id) ?? 0)) {
      lines.fail(`lines.${i}.quantity`, code('RETURN_QUANTITY_EXCEEDED'), `Only ${line.quantity - (before.units.get(line.id) ?? 0)} of "${line.productTitle}" can still be returned.`);
    }
    return { line: line!, quantity };
  });
  lines.assert();

  const asked = new Map(picked.map(({ line, quantity }) => [line.id, quantity]));
  const completesOrder = orderLines.every((l) => (before.units.get(l.id) ?? 0) + (asked.get(l.id) ?? 0) === l.quantity);
  const quote = quoteRefund(order, picked.map(({ line, quantity }) => ({ unitPrice: line.unitPrice, quantity })), completesOrder, before.refunded, before.refundable);
  const now = services.clock.now();
  const request = em.create(ReturnRequest, {
    order,
    type: checked.type,
    status: ReturnStatus.REQUESTED,
    reason: checked.reason,
    note: checked.note,
    evidenceUrls: checked.evidenceUrls,
    refundAmount: quote.refundAmount,
    shippingFeeRefund: quote.shippingFeeRefund,
    respondBy: new Date(now.getTime() + services.config.orders.returnRespondHours * 60 * 60_000),
    requestedAt: now,
    updatedAt: now,
  });
  picked.forEach(({ line, quantity }, i) => em.create(ReturnLine, { returnRequest: request, orderLine: line, quantity, refundAmount: quote.lines[i]! }));
  await em.flush();
  return request;
}

/**
 * Opens a return or refund request on the viewer's DELIVERED order within its return window. The order records
 * the open request, so its version check refuses a second request (or a completion) made at the same moment.
 */
export async function requestReturn(ctx: Context, input: RequestReturnInput): Promise<{ returnRequest: ReturnRequest; order: Order }> {
  const check = new InputChecker();
  const checked = checkInput(check, input);
  const order = await buyersOrder(ctx, input.orderId);
  check.assert();
  assertReturnable(order, ctx.clock.now());
  const returnRequest = await inUnitOfWork(ctx.em, ORDER_FIELD, (em) => openReturnRequest(em, ctx, order, { ...checked, type: input.type, reason: input.reason }));
  return { returnRequest, order };
}

/**
 * Opens the buyer's checked request on a returnable order, in the caller's unit of work: the request with its
 * quoted refund, the order's open-return slot, and the timeline entry. The demo seed opens its returns here too.
 */
export async function openReturnRequest(em: EntityManager, services: StatusServices, order: Order, asked: ReturnAsked): Promise<ReturnRequest> {
  const request = await createRequest(services, em, order, asked);
  order.openReturnId = request.id;
  order.updatedAt = services.clock.now();
  const reason = (asked.note ? `${asked.reason}: ${asked.note}` : asked.reason).slice(0, 500);
  appendTimeline(em, services.clock, order, { kind: OrderEventKind.RETURN_REQUESTED, actor: OrderActor.BUYER, reason, extra: returnEventExtra(request) });
  return request;
}
