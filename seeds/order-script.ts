/**
 * Scripted orders for the demo seed: each step runs the same domain function the API runs for it (`createOrder`,
 * `writeStatus`, `handToCarrier`, `applyShipmentEvent`, `cancelAndSettle`, `openReturnRequest`, `openClaim`, …) at a time the
 * script sets, so timelines, stock, voucher uses, payments and refunds are exactly what the API would have made.
 */
import type { EntityManager } from '@mikro-orm/core';
import { Address } from '../src/accounts/address.entity';
import type { ClaimType } from '../src/claims/claim.entity';
import { openClaim } from '../src/claims/claim.service';
import type { User } from '../src/accounts/user.entity';
import type { Product } from '../src/catalog/product.entity';
import type { Config } from '../src/config';
import { CancellationReason, CancellationRequestStatus, type CancellationRequest } from '../src/orders/cancellation-request.entity';
import { openRequest } from '../src/orders/cancellation-request.service';
import { closeRequest, requestedCancelReason } from '../src/orders/cancellation-request.status';
import type { CarrierCode, Shipment, ShipmentEventType } from '../src/orders/fulfilment.entity';
import { completeOrder, handToCarrier } from '../src/orders/fulfilment.service';
import { applyShipmentEvent } from '../src/orders/fulfilment.tracking.service';
import { OrderActor, writeStatus } from '../src/orders/order-status';
import { OrderLine, OrderSourceType, OrderStatus, type Order, type PaymentMethod } from '../src/orders/order.entity';
import { cancelAndSettle, createOrder } from '../src/orders/order.service';
import { paymentSucceeded, startPayment } from '../src/orders/payment.service';
import { openReturnRequest } from '../src/orders/return.request.service';
import { approveReturn } from '../src/orders/return.service';
import type { ReturnReason, ReturnRequest, ReturnType } from '../src/orders/return.entity';
import { recomputeProductRating } from '../src/reviews/review.service';
import { ProductReview } from '../src/reviews/review.entity';
import type { Clock } from '../src/shared/clock';
import { toGlobalId } from '../src/shared/ids';
import { selectRows } from '../src/shared/sql';

/** The seed's clock: each step sets it, so the order reads as if it happened then. */
export class StepClock implements Clock {
  constructor(public at: Date) {}

  now(): Date {
    return this.at;
  }
}

/** What every step runs with: one unit of work, the step clock, and the configured deadlines. */
export interface ScriptEnv {
  readonly em: EntityManager;
  readonly clock: StepClock;
  readonly config: Config;
}

export interface OrderPlan {
  readonly buyer: User;
  /** The shop's products; lines name them by index. */
  readonly products: readonly Product[];
  /** `[product index, quantity]`: the first variant with the stock for it is bought. */
  readonly lines: readonly (readonly [number, number])[];
  readonly paymentMethod: PaymentMethod;
  readonly voucherCode?: string;
  readonly buyerMessage?: string;
}

/** A return as the buyer asks it; lines are `[order line index, quantity]`. */
export interface ReturnPlan {
  readonly type: ReturnType;
  readonly reason: ReturnReason;
  readonly note: string;
  readonly lines: readonly (readonly [number, number])[];
  readonly evidenceUrls?: readonly string[];
}

/** The first variant of `product` (by position) with `quantity` in stock, read from the database. */
async function stockedVariant(em: EntityManager, product: Product, quantity: number): Promise<number> {
  const [row] = await selectRows<{ id: number }>(em, 'select id from product_variant where product_id = ? and stock >= ? order by position limit 1', [product.id, quantity]);
  if (!row) throw new Error(`demo seed: no variant of "${product.title}" has ${quantity} in stock`);
  return Number(row.id);
}

function addressSnapshot(address: Address): Order['shippingAddress'] {
  const { recipientName, phone, line1, line2, district, city, province, postalCode, countryCode } = address;
  return { recipientName, phone, line1, line2: line2 ?? null, district, city, province, postalCode, countryCode };
}

/** One demo order and the steps taken on it, oldest first. */
export class OrderScript {
  private shipment: Shipment | null = null;
  private cancellation: CancellationRequest | null = null;
  private returnRequest: ReturnRequest | null = null;

  private constructor(
    private readonly env: ScriptEnv,
    readonly order: Order,
  ) {}

  /** Places the order at `at` to the buyer's default address (checkout takes the stock and the voucher use). */
  static async place(env: ScriptEnv, at: Date, plan: OrderPlan): Promise<OrderScript> {
    env.clock.at = at;
    const address = await env.em.findOneOrFail(Address, { user: plan.buyer, isDefault: true });
    const variantIds: number[] = [];
    for (const [product, quantity] of plan.lines) variantIds.push(await stockedVariant(env.em, plan.products[product]!, quantity));
    const lines = plan.lines.map(([, quantity], i) => ({ variantId: toGlobalId('ProductVariant', variantIds[i]!), quantity }));
    const order = await createOrder(env, env.em, null, plan.buyer.id, { lines, paymentMethod: plan.paymentMethod }, variantIds, {
      buyerMessage: plan.buyerMessage ?? null,
      sourceType: OrderSourceType.SHOP,
      sourceId: null,
      shippingAddress: addressSnapshot(address),
      voucherCode: plan.voucherCode ?? null,
    });
    env.em.merge(order);
    await env.em.flush();
    return new OrderScript(env, order);
  }

  /** Runs `step` at `at` (never before the order's last step) and flushes it. */
  private async step(at: Date, step: () => unknown): Promise<this> {
    if (at < this.order.updatedAt) throw new Error(`demo seed: a step of ${this.order.orderNumber} at ${at.toISOString()} is before its last change`);
    this.env.clock.at = at;
    await step();
    await this.env.em.flush();
    return this;
  }

  /** The buyer opens a payment and leaves it pending. */
  startPayment(at: Date) {
    return this.step(at, () => startPayment(this.env.em, this.env.clock, this.order.id));
  }

  /** The buyer pays and the provider confirms: ON_HOLD, PAID. */
  pay(at: Date) {
    return this.step(at, async () => paymentSucceeded(this.env.em, this.env, this.order, await startPayment(this.env.em, this.env.clock, this.order.id), at));
  }

  confirm(at: Date) {
    return this.step(at, () => writeStatus(this.env.em, this.env, this.order, OrderStatus.AWAITING_SHIPMENT, OrderActor.SELLER));
  }

  /** The free-cancellation window ends (the sweeper's move). */
  endFreeCancellation(at: Date) {
    return this.step(at, () => writeStatus(this.env.em, this.env, this.order, OrderStatus.AWAITING_SHIPMENT, OrderActor.SYSTEM, 'Free cancellation window ended'));
  }

  ship(at: Date, carrier: CarrierCode, trackingNumber: string) {
    return this.step(at, () => (this.shipment = handToCarrier(this.env.em, this.env, this.order, carrier, trackingNumber)));
  }

  carrierReports(at: Date, type: ShipmentEventType, description: string | null = null) {
    return this.step(at, () => applyShipmentEvent(this.env.em, this.env, this.shipment!, { type, occurredAt: at, description }));
  }

  confirmReceipt(at: Date) {
    return this.step(at, () => completeOrder(this.env.em, this.env, this.order, OrderActor.BUYER));
  }

  /** The sweeper completes it at `autoCompleteAt`. */
  autoComplete(at: Date) {
    return this.step(at, () => completeOrder(this.env.em, this.env, this.order, OrderActor.SYSTEM, 'Completed automatically after delivery'));
  }

  cancel(at: Date, actor: OrderActor, reason: string) {
    return this.step(at, () => cancelAndSettle(this.env.em, this.env, this.order, actor, reason));
  }

  requestCancellation(at: Date, reason: CancellationReason, note: string | null = null) {
    return this.step(at, async () => (this.cancellation = await openRequest(this.env.em, this.env, this.order, reason, note)));
  }

  /** The seller approves the pending cancellation request (cancelling the order) or rejects it. */
  answerCancellation(at: Date, approve: boolean, rejectReason: string | null = null) {
    return this.step(at, async () => {
      const request = this.cancellation!;
      const to = approve ? CancellationRequestStatus.APPROVED : CancellationRequestStatus.REJECTED;
      closeRequest(this.env.em, this.env.clock, this.order, request, { to, actor: OrderActor.SELLER, reason: rejectReason });
      if (approve) await cancelAndSettle(this.env.em, this.env, this.order, OrderActor.SELLER, requestedCancelReason(request));
    });
  }

  requestReturn(at: Date, plan: ReturnPlan) {
    return this.step(at, async () => {
      const lines = await this.env.em.find(OrderLine, { order: this.order }, { orderBy: { id: 'ASC' } });
      this.returnRequest = await openReturnRequest(this.env.em, this.env, this.order, {
        type: plan.type,
        reason: plan.reason,
        note: plan.note,
        evidenceUrls: [...(plan.evidenceUrls ?? [])],
        lines: plan.lines.map(([line, quantity]) => ({ lineId: lines[line]!.id, quantity })),
      });
    });
  }

  /** The seller approves the return: a refund-only request is refunded at once, a return waits for the parcel. */
  approveReturn(at: Date, note: string | null = null) {
    return this.step(at, async () => {
      this.returnRequest!.sellerNote = note;
      await approveReturn(this.env.em, this.env, this.order, this.returnRequest!, OrderActor.SELLER, note);
    });
  }

  /** The buyer files a claim (left OPEN for Kedai Live staff). */
  fileClaim(at: Date, type: ClaimType, description: string, evidenceUrls: readonly string[] = []) {
    return this.step(at, () => openClaim(this.env.em, this.env.clock, this.order, { type, description, evidenceUrls }));
  }

  /** The buyer reviews every line (`reviews[i]` is line i's rating and text); the products' ratings follow. */
  review(at: Date, reviews: readonly (readonly [number, string])[]) {
    return this.step(at, async () => {
      const { em } = this.env;
      const lines = await em.find(OrderLine, { order: this.order }, { orderBy: { id: 'ASC' } });
      lines.forEach((line, i) => {
        const [rating, text] = reviews[i] ?? reviews[0]!;
        em.create(ProductReview, { product: line.product, shop: this.order.shop, author: this.order.buyer, orderLineId: line.id, rating, text, imageUrls: [], imageCount: 0, createdAt: at, updatedAt: at });
      });
      await em.flush();
      for (const productId of new Set(lines.map((l) => l.product.id))) await recomputeProductRating(em, productId);
    });
  }
}
