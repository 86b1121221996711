/**
 * The steps of a return request after it is opened: the seller's answer, the buyer's parcel or withdrawal, the
 * seller's receipt, and the refund. Every status change goes through `writeReturnStatus`; the refund through
 * `refundPartial`, after the request's version check, so a concurrent second step fails before any money moves.
 * Returned units are not put back in stock automatically: the seller inspects them and adjusts stock.
 */
import type { EntityManager } from '@mikro-orm/core';
import type { Config } from '../config';
import type { Clock } from '../shared/clock';
import type { Context } from '../shared/context';
import { decodeIdOf } from '../shared/ids';
import { money } from '../shared/money';
import { failWith } from '../shared/user-error';
import { InputChecker } from '../shared/validation';
import { viewerUserId } from '../shared/viewer';
import { viewerRoleIn } from '../shops/shop-access';
import { Shop } from '../shops/shop.entity';
import { parseCarrier, parseTrackingNumber } from './carrier.registry';
import { inUnitOfWork } from './fulfilment.service';
import { OrderActor } from './order-status';
import type { Order } from './order.entity';
import { refundPartial } from './payment.service';
import { writeReturnStatus } from './return-status';
import { ReturnRequest, ReturnStatus, ReturnType, type ReturnAddress } from './return.entity';
import type { RespondToReturnInput, ReturnRequestInput, ShipReturnInput } from './return.inputs';

/** What the steps need besides the unit of work: a request's context, or a sweeper's app services. */
export type ReturnEnv = { readonly clock: Clock; readonly config: Config };

export interface ReturnStepResult {
  readonly returnRequest: ReturnRequest;
  readonly order: Order;
}

const RETURN_FIELD = ['input', 'returnId'];
const DAY_MS = 24 * 60 * 60_000;

/** A return request with its order, if the viewer is its buyer (`BUYER`) or a member of its shop (`SELLER`); NOT_FOUND otherwise. */
async function returnFor(ctx: Context, party: OrderActor.BUYER | OrderActor.SELLER, globalId: string): Promise<ReturnStepResult> {
  const id = decodeIdOf('ReturnRequest', globalId);
  const request = id === null ? null : await ctx.em.findOne(ReturnRequest, id, { populate: ['order'] });
  const order = request?.order.getEntity();
  const allowed = order && (party === OrderActor.BUYER ? viewerUserId(ctx.viewer) === order.buyer.id : (await viewerRoleIn(ctx, order.shop.id)) !== null);
  if (!request || !order || !allowed) failWith('NOT_FOUND', 'No such return request.', RETURN_FIELD);
  return { returnRequest: request, order };
}

/** Runs one step in a transaction; a concurrent step (version check) becomes INVALID_TRANSITION. */
async function step(ctx: Context, found: ReturnStepResult, work: (em: EntityManager) => Promise<void>): Promise<ReturnStepResult> {
  await inUnitOfWork(ctx.em, RETURN_FIELD, work);
  return found;
}

function warehouseOf(shop: Shop): ReturnAddress {
  return {
    recipientName: shop.warehouseContactName,
    phone: shop.warehousePhone,
    line1: shop.warehouseLine1,
    line2: shop.warehouseLine2 ?? null,
    district: shop.warehouseDistrict,
    city: shop.warehouseCity,
    province: shop.warehouseProvince,
    postalCode: shop.warehousePostalCode,
    countryCode: shop.countryCode,
  };
}

/** RECEIVED or APPROVED (refund only) → REFUNDED: the quoted amount goes back, keyed to the request (never more than is left). */
async function refundReturn(em: EntityManager, env: ReturnEnv, order: Order, request: ReturnRequest, actor: OrderActor): Promise<void> {
  await em.flush(); // the request's version check: a concurrent second step fails here, before any money moves
  const amount = request.refundAmount > 0 ? await refundPartial(em, env, order, request.refundAmount, `Return request (${request.reason})`, { returnRequest: request }) : 0;
  // The quote is capped at what the order still held; should less be left now, the request states what was paid.
  if (amount < request.refundAmount) {
    request.refundAmount = amount;
    request.shippingFeeRefund = Math.min(request.shippingFeeRefund, amount);
  }
  writeReturnStatus(em, env.clock, order, request, ReturnStatus.REFUNDED, actor, `Refunded ${money(amount).amount}`);
}

/**
 * REQUESTED → APPROVED, by the seller or by the system when `respondBy` passed. A refund-only request is refunded
 * at once; a return waits for the buyer's parcel, sent to the shop's warehouse by `shipBy`.
 */
export async function approveReturn(em: EntityManager, env: ReturnEnv, order: Order, request: ReturnRequest, actor: OrderActor, reason: string | null): Promise<void> {
  writeReturnStatus(em, env.clock, order, request, ReturnStatus.APPROVED, actor, reason);
  if (request.type === ReturnType.REFUND_ONLY) return refundReturn(em, env, order, request, actor);
  const shop = await em.findOneOrFail(Shop, order.shop.id);
  request.returnAddress = warehouseOf(shop);
  request.shipBy = new Date(env.clock.now().getTime() + env.config.orders.returnShipDays * DAY_MS);
  writeReturnStatus(em, env.clock, order, request, ReturnStatus.AWAITING_BUYER_SHIPMENT, actor);
}

/** BUYER_SHIPPED → RECEIVED → REFUNDED, by the seller or by the system when `receiveBy` passed. */
export async function receiveReturn(em: EntityManager, env: ReturnEnv, order: Order, request: ReturnRequest, actor: OrderActor): Promise<void> {
  writeReturnStatus(em, env.clock, order, request, ReturnStatus.RECEIVED, actor);
  await refundReturn(em, env, order, request, actor);
}

/** Seller: approves or rejects (with a reason) a REQUESTED return. */
export async function respondToReturn(ctx: Context, input: RespondToReturnInput): Promise<ReturnStepResult> {
  const check = new InputChecker();
  const reason = input.approve ? check.optionalText('reason', input.reason, 500, 'Reason') : check.text('reason', input.reason ?? '', 1, 500, 'Reason');
  const found = await returnFor(ctx, OrderActor.SELLER, input.returnId);
  check.assert();
  const { returnRequest: request, order } = found;
  return step(ctx, found, async (em) => {
    request.sellerNote = reason;
    if (input.approve) return approveReturn(em, ctx, order, request, OrderActor.SELLER, reason);
    writeReturnStatus(em, ctx.clock, order, request, ReturnStatus.REJECTED, OrderActor.SELLER, reason);
  });
}

/** Buyer: withdraws a request the seller has not received items for (REQUESTED or AWAITING_BUYER_SHIPMENT). */
export async function withdrawReturn(ctx: Context, input: ReturnRequestInput): Promise<ReturnStepResult> {
  const found = await returnFor(ctx, OrderActor.BUYER, input.returnId);
  return step(ctx, found, async (em) => writeReturnStatus(em, ctx.clock, found.order, found.returnRequest, ReturnStatus.CANCELLED, OrderActor.BUYER, 'Withdrawn by the buyer'));
}

/** Buyer: AWAITING_BUYER_SHIPMENT → BUYER_SHIPPED with the return parcel's carrier and tracking number. */
export async function shipReturn(ctx: Context, input: ShipReturnInput): Promise<ReturnStepResult> {
  const check = new InputChecker();
  const carrierCode = parseCarrier(check, 'carrierCode', input.carrierCode);
  const trackingNumber = parseTrackingNumber(check, 'trackingNumber', carrierCode, input.trackingNumber);
  const found = await returnFor(ctx, OrderActor.BUYER, input.returnId);
  check.assert();
  const { returnRequest: request, order } = found;
  return step(ctx, found, async (em) => {
    writeReturnStatus(em, ctx.clock, order, request, ReturnStatus.BUYER_SHIPPED, OrderActor.BUYER, `${carrierCode} ${trackingNumber}`);
    request.carrierCode = carrierCode;
    request.trackingNumber = trackingNumber;
    request.receiveBy = new Date(ctx.clock.now().getTime() + ctx.config.orders.returnReceiveDays * DAY_MS);
  });
}

/** Seller: the returned items arrived (BUYER_SHIPPED → RECEIVED), and the refund goes out in the same step. */
export async function confirmReturnReceived(ctx: Context, input: ReturnRequestInput): Promise<ReturnStepResult> {
  const found = await returnFor(ctx, OrderActor.SELLER, input.returnId);
  return step(ctx, found, async (em) => receiveReturn(em, ctx, found.order, found.returnRequest, OrderActor.SELLER));
}
