/**
 * The order lifecycle's invariants, checked on what the API shows (the `InvariantOrder` fragment): each check
 * returns the problems it found, so a failing test lists all of them. Used by the lifecycle property test and by
 * the demo seed test.
 */
import { allowedActors, OrderActor } from '../../src/orders/order-status';
import { OrderStatus } from '../../src/orders/order.entity';
import { OPEN_RETURN_STATUSES, ReturnStatus } from '../../src/orders/return.entity';
import type { InvariantOrderFragment } from '../generated/graphql';

export type InvariantOrder = InvariantOrderFragment;

/** The query cost limit a test server needs to read every order with `InvariantOrder` in one query. */
export const INVARIANT_QUERY_COST = 200_000;

/** A Money amount ("220000.00") in minor units. */
export const minor = (money: { amount: string }): number => Math.round(Number(money.amount) * 100);

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

function lastStatusChange(order: InvariantOrder) {
  return order.timeline.filter((e) => e.kind === 'STATUS_CHANGED').at(-1);
}

/**
 * Whether the order still holds its units and its voucher use. Every cancellation gives them back except a parcel
 * the carrier lost: its goods are gone. Returned units are not restocked (the seller inspects them first).
 */
export function holdsStock(order: InvariantOrder): boolean {
  return order.status !== 'CANCELLED' || lastStatusChange(order)?.actor === OrderActor.CARRIER;
}

/** Each timeline entry follows the one before: status changes are in the transition table for their actor. */
export function timelineProblems(order: InvariantOrder): string[] {
  const problems: string[] = [];
  const [placed, ...rest] = order.timeline;
  const firstStatus = order.paymentMethod === 'COD' ? OrderStatus.ON_HOLD : OrderStatus.UNPAID;
  if (placed?.kind !== 'PLACED' || placed.fromStatus !== null || placed.toStatus !== firstStatus) {
    problems.push(`the timeline starts with ${JSON.stringify(placed)}, not PLACED → ${firstStatus}`);
  }
  let status = placed?.toStatus ?? null;
  let at = placed?.createdAt ?? '';
  for (const entry of rest) {
    const what = `${entry.kind} ${entry.fromStatus} → ${entry.toStatus} by ${entry.actor}`;
    if (entry.fromStatus !== status) problems.push(`${what} follows ${status}`);
    if (entry.kind === 'STATUS_CHANGED') {
      if (!entry.fromStatus || !allowedActors(entry.fromStatus as OrderStatus, entry.toStatus as OrderStatus).includes(entry.actor as OrderActor)) {
        problems.push(`${what} is not in the transition table`);
      }
    } else if (entry.toStatus !== entry.fromStatus) {
      problems.push(`${what} changes the status without being a status change`);
    }
    if (entry.createdAt < at) problems.push(`${what} is dated before the entry it follows`);
    status = entry.toStatus;
    at = entry.createdAt;
  }
  if (status !== order.status) problems.push(`the timeline ends in ${status}, the order is ${order.status}`);
  return problems;
}

/**
 * Refunded ≤ paid, and `paymentStatus` says what the money did: UNPAID with nothing paid, REFUNDED when all of it
 * went back, PAID when the order keeps its total (a double payment is refunded at once and leaves it PAID),
 * PARTIALLY_REFUNDED in between. Orders past payment hold money, cash on delivery from delivery on; a cancelled
 * order keeps none.
 */
export function moneyProblems(order: InvariantOrder): string[] {
  const problems: string[] = [];
  const paid = sum(order.payments.filter((p) => p.status === 'SUCCEEDED').map((p) => minor(p.amount)));
  const refunded = sum(order.refunds.map((r) => minor(r.amount)));
  const total = minor(order.total);
  const kept = paid - refunded;
  if (refunded > paid) problems.push(`refunded ${refunded} of ${paid} paid`);
  if (kept > total) problems.push(`keeps ${kept} of a ${total} total`);
  const expected = paid === 0 ? 'UNPAID' : kept === 0 ? 'REFUNDED' : kept === total ? 'PAID' : 'PARTIALLY_REFUNDED';
  if (order.paymentStatus !== expected) problems.push(`paymentStatus ${order.paymentStatus} with ${paid} paid and ${refunded} refunded (expected ${expected})`);
  const returned = sum(order.returnRequests.filter((r) => r.status === ReturnStatus.REFUNDED).map((r) => minor(r.refundAmount)));
  if (returned > total) problems.push(`returns refunded ${returned} of a ${total} total`);
  const paidBy: readonly string[] = order.paymentMethod === 'COD' ? ['DELIVERED', 'COMPLETED'] : ['ON_HOLD', 'AWAITING_SHIPMENT', 'AWAITING_COLLECTION', 'IN_TRANSIT', 'DELIVERED', 'COMPLETED'];
  if (paidBy.includes(order.status) && paid === 0) problems.push(`${order.paymentMethod} order ${order.status} with nothing paid`);
  if (order.status === 'CANCELLED' && kept > 0) problems.push(`cancelled, yet keeps ${kept} of the buyer's money`);
  return problems;
}

/** The shipment is where the order is; at most one request of each kind is open, and only in the status that allows it. */
export function afterSaleProblems(order: InvariantOrder): string[] {
  const problems: string[] = [];
  const expectedShipment: Partial<Record<string, readonly string[]>> = {
    AWAITING_COLLECTION: ['AWAITING_PICKUP'],
    IN_TRANSIT: ['IN_TRANSIT'],
    DELIVERED: ['DELIVERED'],
    COMPLETED: ['DELIVERED'],
    CANCELLED: ['CANCELLED', 'LOST'],
  };
  const allowed = expectedShipment[order.status];
  // Orders cancelled before shipment have none; orders not shipped yet must not have one.
  const shipmentFits = order.shipment ? (allowed?.includes(order.shipment.status) ?? false) : !allowed || order.status === 'CANCELLED';
  if (!shipmentFits) problems.push(`a ${order.status} order with shipment ${order.shipment?.status ?? 'none'}`);
  const pending = order.cancellationRequests.filter((r) => r.status === 'PENDING');
  if (pending.length > 1 || (pending.length === 1 && order.status !== 'AWAITING_SHIPMENT')) {
    problems.push(`${pending.length} pending cancellation request(s) on a ${order.status} order`);
  }
  const open = order.returnRequests.filter((r) => OPEN_RETURN_STATUSES.includes(r.status as ReturnStatus));
  if (open.length > 1 || (open.length === 1 && order.status !== 'DELIVERED')) problems.push(`${open.length} open return(s) on a ${order.status} order`);
  return problems;
}

/** Every per-order invariant, prefixed with the order. */
export function orderProblems(order: InvariantOrder): string[] {
  return [...timelineProblems(order), ...moneyProblems(order), ...afterSaleProblems(order)].map((p) => `order ${order.id} (${order.status}): ${p}`);
}

/** Units each SKU's orders hold. */
export function heldUnitsBySku(orders: readonly InvariantOrder[]): Map<string, number> {
  const held = new Map<string, number>();
  for (const order of orders.filter(holdsStock)) {
    for (const line of order.lines) held.set(line.sku, (held.get(line.sku) ?? 0) + line.quantity);
  }
  return held;
}

/** Stock now + units held by orders = the stock before any order, for each SKU. */
export function stockProblems(variants: readonly { sku: string; stock: number }[], initialStock: ReadonlyMap<string, number>, orders: readonly InvariantOrder[]): string[] {
  const held = heldUnitsBySku(orders);
  return variants
    .filter((v) => v.stock + (held.get(v.sku) ?? 0) !== initialStock.get(v.sku))
    .map((v) => `${v.sku}: stock ${v.stock} + ${held.get(v.sku) ?? 0} held ≠ ${initialStock.get(v.sku)} at the start`);
}

/** A voucher's uses are the orders holding one, within its limit. */
export function voucherProblems(vouchers: readonly { code: string; usedCount: number; usageLimit: number }[], orders: readonly InvariantOrder[]): string[] {
  return vouchers.flatMap((voucher) => {
    const holding = orders.filter((o) => o.voucherCode === voucher.code && holdsStock(o)).length;
    const problems: string[] = [];
    if (voucher.usedCount !== holding) problems.push(`voucher ${voucher.code}: usedCount ${voucher.usedCount}, ${holding} orders hold a use`);
    if (voucher.usedCount > voucher.usageLimit) problems.push(`voucher ${voucher.code}: used ${voucher.usedCount} times, limit ${voucher.usageLimit}`);
    return problems;
  });
}
