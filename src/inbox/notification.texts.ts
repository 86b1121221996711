/**
 * What each outbox event says in an inbox, in English with TikTok Shop's wording ("Store update: order created").
 * Two tables keyed by event type, one per audience: the buyer (from the event written on the buyer's USER topic)
 * and the shop's members (from the copy written on the SHOP topic). A template returns null when the event is not
 * worth a notification (e.g. a status change other than the ones listed).
 */
import { OrderActor, OrderEventType, orderEventType } from '../orders/order-status';
import { OrderEventKind, OrderStatus, type Order } from '../orders/order.entity';
import { carrierOf } from '../orders/carrier.registry';
import { ShipmentEventType, type Shipment } from '../orders/fulfilment.entity';
import { PaymentEventType } from '../orders/payment.service';
import { CLAIM_TYPE_LABELS, type ClaimType } from '../claims/claim.entity';
import { ReturnType } from '../orders/return.entity';
import { formatRupiah } from '../shared/money';
import type { EntityView } from '../shared/views';
import { ShopEvent } from '../shops/shop.service';
import { CatalogEvent } from '../catalog/product.service';
import { ShopStatus, type Shop } from '../shops/shop.entity';
import { NotificationCategory, NotificationKind } from './notification.entity';

/** What templates read of an order (an entity or a view satisfies it). */
export type OrderFacts = Pick<EntityView<Order>, 'id' | 'orderNumber' | 'status' | 'total' | 'itemCount' | 'buyer'>;
/** What templates read of a shop. */
export type ShopFacts = Pick<EntityView<Shop>, 'id' | 'name'>;
/** What templates read of a shipment. */
export type ShipmentFacts = Pick<EntityView<Shipment>, 'carrierCode' | 'trackingNumber'>;

/** What a template may read: the event's payload and the rows it names, as committed when the event is handled. */
export interface EventFacts {
  readonly payload: Readonly<Record<string, unknown>>;
  /** The order named by `payload.orderId`; templates of order events run only when it exists. */
  readonly order: OrderFacts | null;
  /** The order's shop, or the shop named by `payload.shopId`. */
  readonly shop: ShopFacts | null;
  /** The order's shipment, loaded for the "shipped" notification only. */
  readonly shipment: ShipmentFacts | null;
}

export interface NotificationText {
  readonly kind: NotificationKind;
  readonly category: NotificationCategory;
  readonly title: string;
  readonly body: string;
}

type Template = (facts: EventFacts) => NotificationText | null;

const { ORDER_UPDATES, RETURNS_REFUNDS, SHOP } = NotificationCategory;
const K = NotificationKind;

const text = (kind: NotificationKind, category: NotificationCategory, title: string, body: string): NotificationText => ({ kind, category, title, body });
const str = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);
/** Appends "Reason: …." when there is one (a reason's own final full stop is not doubled). */
function withReason(sentence: string, reason: unknown): string {
  const given = str(reason)?.replace(/[.!]+$/, '');
  return given ? `${sentence} Reason: ${given}.` : sentence;
}
/** The order number, the one thing every order notification names. */
const no = (f: EventFacts) => f.order!.orderNumber;
const shopName = (f: EventFacts) => f.shop?.name ?? 'the shop';

const JAKARTA_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Jakarta',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
/** A deadline as Indonesian buyers and sellers read it: "22 Nov 2026, 09:00 WIB". */
function formatJakartaTime(iso: string): string {
  return `${JAKARTA_TIME.format(new Date(iso))} WIB`;
}

const CANCELLED_BY: Readonly<Record<OrderActor, string>> = {
  [OrderActor.BUYER]: 'by the buyer',
  [OrderActor.SELLER]: 'by the seller',
  [OrderActor.CARRIER]: 'by the carrier',
  [OrderActor.SYSTEM]: 'automatically',
  [OrderActor.PAYMENT]: 'automatically',
  [OrderActor.ADMIN]: 'by Kedai Live',
};

/** The buyer's own cancellation reads "you cancelled"; anyone else's names who did it. */
function cancelledSentence(f: EventFacts, audience: 'buyer' | 'seller'): string {
  const actor = String(f.payload['actor']);
  if (audience === 'buyer' && actor === OrderActor.BUYER) return `You cancelled order ${no(f)}.`;
  return `Order ${no(f)} was cancelled ${CANCELLED_BY[actor as OrderActor] ?? 'automatically'}.`;
}

const returnNoun = (f: EventFacts) => (f.payload['returnType'] === ReturnType.REFUND_ONLY ? 'refund request' : 'return request');

const claimLabel = (f: EventFacts) => CLAIM_TYPE_LABELS[f.payload['claimType'] as ClaimType] ?? 'Problem with the order';
const claimRefund = (f: EventFacts) => formatRupiah(Number(f.payload['refundAmount']) || 0);
/** A claim's outcome for either audience: "Claim resolved: refund Rp50.000" or "Claim rejected: <reason>". */
const claimTexts = (audience: 'buyer' | 'seller'): Record<string, Template> => ({
  [orderEventType(OrderEventKind.CLAIM_FILED)]: (f) =>
    text(
      K.CLAIM_FILED,
      RETURNS_REFUNDS,
      'Claim filed',
      audience === 'buyer'
        ? `Your claim for order ${no(f)} (${claimLabel(f)}) was filed. Kedai Live will review it and let you know the result.`
        : `The buyer filed a claim for order ${no(f)}: ${claimLabel(f)}. Kedai Live will review it.`,
    ),
  [orderEventType(OrderEventKind.CLAIM_REFUNDED)]: (f) =>
    text(
      K.CLAIM_RESOLVED,
      RETURNS_REFUNDS,
      `Claim resolved: refund ${claimRefund(f)}`,
      audience === 'buyer'
        ? `Your claim for order ${no(f)} was resolved: ${claimRefund(f)} is refunded to you.`
        : `The claim for order ${no(f)} was resolved by Kedai Live: ${claimRefund(f)} is refunded to the buyer.`,
    ),
  [orderEventType(OrderEventKind.CLAIM_REJECTED)]: (f) =>
    text(
      K.CLAIM_REJECTED,
      RETURNS_REFUNDS,
      'Claim rejected',
      `Claim rejected: ${(str(f.payload['reason']) ?? 'no reason given').replace(/[.!]+$/, '')}. ${audience === 'buyer' ? 'Your' : 'The'} claim for order ${no(f)} gets no refund.`,
    ),
});

/** A status change the buyer hears about, by the status it arrived in. */
const buyerStatusTexts: Partial<Record<OrderStatus, Template>> = {
  [OrderStatus.ON_HOLD]: (f) =>
    f.payload['from'] === OrderStatus.UNPAID
      ? text(K.PAYMENT_RECEIVED, ORDER_UPDATES, 'Payment received', `We received your payment of ${formatRupiah(f.order!.total)} for order ${no(f)}. ${shopName(f)} will prepare it for shipping.`)
      : null,
  [OrderStatus.IN_TRANSIT]: (f) => {
    const parcel = f.shipment ? ` with ${f.shipment.carrierCode}, tracking number ${f.shipment.trackingNumber}` : '';
    return text(K.ORDER_SHIPPED, ORDER_UPDATES, 'Order shipped', `Order ${no(f)} from ${shopName(f)} is on its way${parcel}.`);
  },
  [OrderStatus.DELIVERED]: (f) =>
    text(K.ORDER_DELIVERED, ORDER_UPDATES, 'Order delivered', `Order ${no(f)} was delivered. Confirm you received it, or request a return if something is wrong.`),
  [OrderStatus.CANCELLED]: (f) => text(K.ORDER_CANCELLED, ORDER_UPDATES, 'Order cancelled', withReason(cancelledSentence(f, 'buyer'), f.payload['reason'])),
};

/** The carrier's name in a tracking event's payload. */
const carrierName = (f: EventFacts) => {
  const code = str(f.payload['carrier']);
  return code ? (carrierOf(code)?.name ?? code) : 'the courier';
};

/** Carrier progress the buyer hears about (the rest of TRACKING_UPDATED stays on the timeline). */
const buyerTrackingTexts: Partial<Record<ShipmentEventType, Template>> = {
  [ShipmentEventType.OUT_FOR_DELIVERY]: (f) =>
    text(K.OUT_FOR_DELIVERY, ORDER_UPDATES, 'Out for delivery', `Order ${no(f)} is out for delivery with ${carrierName(f)} and should arrive today. Keep your phone nearby for the courier.`),
  [ShipmentEventType.DELIVERY_FAILED]: (f) =>
    text(
      K.DELIVERY_FAILED,
      ORDER_UPDATES,
      'Delivery failed',
      withReason(`${carrierName(f)} could not deliver order ${no(f)}. The courier will try again; check your address and keep your phone reachable.`, f.payload['description']),
    ),
};

export const buyerTexts: Readonly<Record<string, Template>> = {
  [OrderEventType.PLACED]: (f) => {
    const next = f.order!.status === OrderStatus.UNPAID ? `Pay ${formatRupiah(f.order!.total)} to confirm it.` : `Pay ${formatRupiah(f.order!.total)} on delivery.`;
    return text(K.ORDER_CREATED, ORDER_UPDATES, 'Store update: order created', `Your order ${no(f)} from ${shopName(f)} was created. ${next}`);
  },
  [OrderEventType.STATUS_CHANGED]: (f) => buyerStatusTexts[f.payload['to'] as OrderStatus]?.(f) ?? null,
  [orderEventType(OrderEventKind.TRACKING_UPDATED)]: (f) => buyerTrackingTexts[f.payload['trackingEvent'] as ShipmentEventType]?.(f) ?? null,
  [PaymentEventType.REFUNDED]: (f) =>
    text(K.REFUND_ISSUED, RETURNS_REFUNDS, 'Refund issued', withReason(`${formatRupiah(Number(f.payload['amount']))} was refunded for order ${no(f)}.`, f.payload['reason'])),
  [orderEventType(OrderEventKind.CANCELLATION_REJECTED)]: (f) =>
    text(K.CANCELLATION_REJECTED, ORDER_UPDATES, 'Cancellation request rejected', withReason(`The seller rejected your request to cancel order ${no(f)}; the order goes on.`, f.payload['reason'])),
  [orderEventType(OrderEventKind.RETURN_APPROVED)]: (f) =>
    text(
      K.RETURN_APPROVED,
      RETURNS_REFUNDS,
      'Return request approved',
      f.payload['returnType'] === ReturnType.REFUND_ONLY
        ? `Your refund request for order ${no(f)} was approved; the refund is on its way.`
        : `Your return request for order ${no(f)} was approved. Send the items back to the shop's return address.`,
    ),
  [orderEventType(OrderEventKind.RETURN_REJECTED)]: (f) =>
    text(K.RETURN_REJECTED, RETURNS_REFUNDS, 'Return request rejected', withReason(`Your ${returnNoun(f)} for order ${no(f)} was rejected.`, f.payload['reason'])),
  // The buyer's own withdrawal needs no notification; a request the system closed does.
  [orderEventType(OrderEventKind.RETURN_CANCELLED)]: (f) =>
    f.payload['actor'] === OrderActor.BUYER
      ? null
      : text(K.RETURN_CLOSED, RETURNS_REFUNDS, 'Return request closed', withReason(`Your ${returnNoun(f)} for order ${no(f)} was closed.`, f.payload['reason'])),
  ...claimTexts('buyer'),
};

export const sellerTexts: Readonly<Record<string, Template>> = {
  [OrderEventType.PLACED]: (f) => {
    const order = f.order!;
    const items = `${order.itemCount} item${order.itemCount === 1 ? '' : 's'}, ${formatRupiah(order.total)}`;
    const next = order.status === OrderStatus.UNPAID ? 'Waiting for the payment.' : 'Cash on delivery: confirm it and arrange shipping.';
    return text(K.NEW_ORDER, ORDER_UPDATES, 'New order', `New order ${no(f)} (${items}). ${next}`);
  },
  // The seller's own cancellations need no notification; the buyer's, the carrier's and the system's do.
  [OrderEventType.STATUS_CHANGED]: (f) =>
    f.payload['to'] === OrderStatus.CANCELLED && f.payload['actor'] !== OrderActor.SELLER
      ? text(K.ORDER_CANCELLED, ORDER_UPDATES, 'Order cancelled', withReason(cancelledSentence(f, 'seller'), f.payload['reason']))
      : null,
  [orderEventType(OrderEventKind.CANCELLATION_REQUESTED)]: (f) => {
    const respondBy = str(f.payload['respondBy']);
    const deadline = respondBy ? ` Respond by ${formatJakartaTime(respondBy)}, or it is approved automatically.` : '';
    return text(K.CANCELLATION_REQUESTED, ORDER_UPDATES, 'Cancellation request', `${withReason(`The buyer asked to cancel order ${no(f)}.`, f.payload['reason'])}${deadline}`);
  },
  [orderEventType(OrderEventKind.RETURN_REQUESTED)]: (f) => {
    const amount = Number(f.payload['refundAmount']);
    const what = Number.isFinite(amount) && amount > 0 ? ` of ${formatRupiah(amount)}` : '';
    return text(K.RETURN_REQUESTED, RETURNS_REFUNDS, 'Return request', withReason(`The buyer sent a ${returnNoun(f)}${what} for order ${no(f)}.`, f.payload['reason']));
  },
  [ShopEvent.REVIEWED]: (f) =>
    f.payload['status'] === ShopStatus.APPROVED
      ? text(K.SHOP_REVIEWED, SHOP, 'Shop review result', `Your shop ${shopName(f)} was approved. You can now list products and take orders.`)
      : text(K.SHOP_REVIEWED, SHOP, 'Shop review result', withReason(`Your shop ${shopName(f)} was not approved.`, f.payload['note'])),
  [CatalogEvent.PRODUCT_REVIEWED]: (f) => {
    const title = str(f.payload['title']) ?? 'a product';
    return f.payload['status'] === 'REJECTED'
      ? text(K.PRODUCT_REVIEWED, SHOP, 'Product rejected', `${withReason(`Your product "${title}" was taken down by platform review.`, f.payload['reason'])} Fix it and publish it again.`)
      : text(K.PRODUCT_REVIEWED, SHOP, 'Product restored', `Your product "${title}" is on sale again.`);
  },
  ...claimTexts('seller'),
};
