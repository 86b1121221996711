/**
 * Seller order handling (confirm, arrange shipment, cancel) and the buyer's receipt confirmation. Every status
 * change goes through `writeStatus`; cancellations through `cancelAndSettle` from the order service.
 */
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import type { Context } from '../shared/context';
import { decodeIdOf } from '../shared/ids';
import { failWith, UserErrorsException, type UserError } from '../shared/user-error';
import { InputChecker } from '../shared/validation';
import { viewerRoleIn } from '../shops/shop-access';
import { buyersOrder } from './buyers-order';
import { parseCarrier, parseTrackingNumber } from './carrier.registry';
import { CarrierCode, Shipment, ShipmentStatus } from './fulfilment.entity';
import type { CancellationRequestErrorCode } from './cancellation-request.errors';
import { openRequestOf } from './cancellation-request.status';
import type { FulfilmentErrorCode } from './fulfilment.errors';
import type { ArrangeShipmentInput, ArrangeShipmentsInput, CancelOrderAsSellerInput, ConfirmReceiptInput, SellerOrderInput } from './fulfilment.inputs';
import { OrderActor, writeStatus, type StatusServices } from './order-status';
import { Order, OrderStatus } from './order.entity';
import { cancelAndSettle } from './order.service';
import type { ReturnErrorCode } from './return.errors';

const code = (c: FulfilmentErrorCode | CancellationRequestErrorCode) => c;

/** Most items in one `arrangeShipments` call. */
export const MAX_BULK_SHIPMENTS = 50;

const ORDER_FIELD = ['input', 'orderId'];

/**
 * Runs one change of an order in a transaction on `em`: a concurrent change (version check) becomes
 * INVALID_TRANSITION, and user errors without a field point at `field`.
 */
export async function inUnitOfWork<T>(em: EntityManager, field: readonly string[], work: (em: EntityManager) => Promise<T>): Promise<T> {
  try {
    return await em.transactional(work);
  } catch (error) {
    if ((error as Error).name === 'OptimisticLockError') failWith('INVALID_TRANSITION', 'The order changed at the same moment; reload it.', field);
    if (error instanceof UserErrorsException) throw new UserErrorsException(error.userErrors.map((e) => ({ ...e, field: e.field ?? [...field] })));
    throw error;
  }
}

/** An order of a shop the viewer is a member of, loaded in `em`; NOT_FOUND for anyone else. */
export async function sellersOrder(ctx: Context, em: EntityManager, globalId: string, field: readonly string[] = ORDER_FIELD): Promise<Order> {
  const id = decodeIdOf('Order', globalId);
  const order = id === null ? null : await em.findOne(Order, id);
  if (!order || (await viewerRoleIn(ctx, order.shop.id)) === null) failWith('NOT_FOUND', 'No such order in your shops.', field);
  return order;
}

/** ON_HOLD → AWAITING_SHIPMENT, by the seller. */
export async function confirmOrder(ctx: Context, input: SellerOrderInput): Promise<Order> {
  const order = await sellersOrder(ctx, ctx.em, input.orderId);
  await inUnitOfWork(ctx.em, ORDER_FIELD, async (em) => writeStatus(em, ctx, order, OrderStatus.AWAITING_SHIPMENT, OrderActor.SELLER));
  return order;
}

/**
 * AWAITING_SHIPMENT → AWAITING_COLLECTION, storing the shipment. `root` is where the item sits in the input
 * (`["input"]`, or `["input", "shipments", "3"]` in a bulk call); `em` is the unit of work it runs in.
 */
export async function arrangeShipment(ctx: Context, em: EntityManager, input: ArrangeShipmentInput, root: readonly string[] = ['input']): Promise<Order> {
  const check = new InputChecker(root);
  const carrierCode = parseCarrier(check, 'carrierCode', input.carrierCode);
  const trackingNumber = parseTrackingNumber(check, 'trackingNumber', carrierCode, input.trackingNumber);
  const orderField = [...root, 'orderId'];
  const order = await sellersOrder(ctx, em, input.orderId, orderField);
  check.assert();
  // The seller answers the buyer's cancellation request first; a request opened after this read raises the
  // order's version, so the write below fails instead of shipping it.
  if (await openRequestOf(em, order)) {
    failWith(code('CANCELLATION_PENDING'), 'The buyer asked to cancel this order; answer the request before arranging shipment.', orderField);
  }
  const trackingField = [...root, 'trackingNumber'];
  const inUse = () => failWith(code('TRACKING_NUMBER_IN_USE'), `${carrierCode} ${trackingNumber} is used by another order.`, trackingField);
  if ((await em.count(Shipment, { carrierCode: carrierCode!, trackingNumber })) > 0) inUse();
  try {
    await inUnitOfWork(em, orderField, async (tx) => {
      handToCarrier(tx, ctx, order, carrierCode!, trackingNumber);
    });
  } catch (error) {
    // Another order took the same tracking number at the same moment: the unique index refused ours.
    if (error instanceof UniqueConstraintViolationException) inUse();
    throw error;
  }
  return order;
}

/** AWAITING_SHIPMENT → AWAITING_COLLECTION by the seller, with the parcel's shipment, in the caller's unit of work. */
export function handToCarrier(em: EntityManager, services: StatusServices, order: Order, carrierCode: CarrierCode, trackingNumber: string): Shipment {
  writeStatus(em, services, order, OrderStatus.AWAITING_COLLECTION, OrderActor.SELLER);
  return em.create(Shipment, { order, carrierCode, trackingNumber, status: ShipmentStatus.AWAITING_PICKUP, arrangedAt: services.clock.now() });
}

/** Arranges each item in its own unit of work: one failure does not roll back the others. */
export async function arrangeShipments(ctx: Context, input: ArrangeShipmentsInput): Promise<{ orderId: string; order: Order | null; userErrors: UserError[] }[]> {
  if (input.shipments.length < 1 || input.shipments.length > MAX_BULK_SHIPMENTS) {
    failWith('INVALID_INPUT', `Arrange 1–${MAX_BULK_SHIPMENTS} shipments per call.`, ['input', 'shipments']);
  }
  const results = [];
  for (const [i, item] of input.shipments.entries()) {
    try {
      const order = await arrangeShipment(ctx, ctx.em.fork(), item, ['input', 'shipments', String(i)]);
      results.push({ orderId: item.orderId, order, userErrors: [] });
    } catch (error) {
      if (!(error instanceof UserErrorsException)) throw error;
      results.push({ orderId: item.orderId, order: null, userErrors: error.userErrors });
    }
  }
  return results;
}

/** AWAITING_SHIPMENT or AWAITING_COLLECTION → CANCELLED by the seller: the stock goes back, a paid order is refunded. */
export async function cancelOrderAsSeller(ctx: Context, input: CancelOrderAsSellerInput): Promise<Order> {
  const check = new InputChecker();
  const reason = check.text('reason', input.reason, 1, 200, 'Reason');
  const order = await sellersOrder(ctx, ctx.em, input.orderId);
  check.assert();
  await inUnitOfWork(ctx.em, ORDER_FIELD, (em) => cancelAndSettle(em, ctx, order, OrderActor.SELLER, reason));
  return order;
}

/**
 * DELIVERED → COMPLETED, by the buyer or the system, only while no return request is open: a completed order is
 * closed and takes no more returns (DESIGN §5).
 */
export function completeOrder(em: EntityManager, services: StatusServices, order: Order, actor: OrderActor, reason: string | null = null): void {
  if (order.openReturnId != null) failWith('RETURN_OPEN' satisfies ReturnErrorCode, 'The order has an open return or refund request; it completes when the request ends.');
  writeStatus(em, services, order, OrderStatus.COMPLETED, actor, reason);
}

/** DELIVERED → COMPLETED, by the buyer; from then on the order takes no return requests. */
export async function confirmReceipt(ctx: Context, input: ConfirmReceiptInput): Promise<Order> {
  const order = await buyersOrder(ctx, input.orderId);
  await inUnitOfWork(ctx.em, ORDER_FIELD, async (em) => completeOrder(em, ctx, order, OrderActor.BUYER));
  return order;
}

/** Re-exported so callers find it next to the other seller operations; it lives apart to keep order.service free of import cycles. */
export { applyAutoConfirm } from './fulfilment.auto-confirm';
