import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { User } from '../accounts/user.entity';
import { Product, ProductVariant } from '../catalog/product.entity';
import { FlashSale } from '../live/flash-sale.entity';
import { Node } from '../shared/node';
import { Shop } from '../shops/shop.entity';
import { Voucher } from './voucher.entity';

export enum OrderStatus {
  UNPAID = 'UNPAID',
  ON_HOLD = 'ON_HOLD',
  AWAITING_SHIPMENT = 'AWAITING_SHIPMENT',
  AWAITING_COLLECTION = 'AWAITING_COLLECTION',
  IN_TRANSIT = 'IN_TRANSIT',
  DELIVERED = 'DELIVERED',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(OrderStatus, {
  name: 'OrderStatus',
  description: "Where an order is, with TikTok Shop's status names.",
  valuesConfig: {
    UNPAID: { description: 'Placed, stock reserved, waiting for payment until `paymentDueAt`.' },
    ON_HOLD: { description: 'Paid (or cash on delivery); the buyer may still cancel freely until `cancelFreeUntil`.' },
    AWAITING_SHIPMENT: { description: 'The seller must arrange shipping by `shipBy`.' },
    AWAITING_COLLECTION: { description: 'Carrier and tracking number set; waiting for pickup.' },
    IN_TRANSIT: { description: 'The carrier has the parcel.' },
    DELIVERED: { description: 'Delivered; the buyer confirms receipt, or it completes at `autoCompleteAt`.' },
    COMPLETED: { description: 'Closed.' },
    CANCELLED: { description: 'Cancelled by the buyer, the seller or the system; see `cancellation`.' },
  },
});

export enum PaymentMethod {
  E_WALLET = 'E_WALLET',
  BANK_TRANSFER = 'BANK_TRANSFER',
  CARD = 'CARD',
  COD = 'COD',
}
registerEnumType(PaymentMethod, {
  name: 'PaymentMethod',
  description: 'How the buyer pays.',
  valuesConfig: {
    E_WALLET: { description: 'E-wallet (GoPay, OVO, DANA, ShopeePay…).' },
    BANK_TRANSFER: { description: 'Virtual-account bank transfer.' },
    CARD: { description: 'Credit or debit card.' },
    COD: { description: 'Cash on delivery: the order skips UNPAID.' },
  },
});

export enum PaymentStatus {
  UNPAID = 'UNPAID',
  PAID = 'PAID',
  PARTIALLY_REFUNDED = 'PARTIALLY_REFUNDED',
  REFUNDED = 'REFUNDED',
}
registerEnumType(PaymentStatus, {
  name: 'PaymentStatus',
  description: 'Money state of an order.',
  valuesConfig: {
    UNPAID: { description: 'Nothing paid (yet); cash-on-delivery orders stay here until delivery.' },
    PAID: { description: 'Paid in full.' },
    PARTIALLY_REFUNDED: { description: 'Part of the payment went back to the buyer.' },
    REFUNDED: { description: 'All of the payment went back to the buyer.' },
  },
});

export enum OrderSourceType {
  SHOP = 'SHOP',
  VIDEO = 'VIDEO',
  LIVE = 'LIVE',
  SEARCH = 'SEARCH',
}
registerEnumType(OrderSourceType, {
  name: 'OrderSourceType',
  description: 'Where the buyer pressed "Buy now".',
  valuesConfig: {
    SHOP: { description: 'The shop page or a product page.' },
    VIDEO: { description: 'A shoppable video (`sourceId` is the video).' },
    LIVE: { description: 'A live stream (`sourceId` is the stream).' },
    SEARCH: { description: 'Search results.' },
  },
});

/** An order: one shop, one buyer, line snapshots, totals in minor units, a status and its deadlines. */
@ObjectType({ implements: Node, description: 'An order of one buyer from one shop.' })
@Entity({ tableName: 'shop_order' })
@Index({ properties: ['buyer', 'createdAt', 'id'] })
@Index({ properties: ['shop', 'status', 'createdAt'] })
@Index({ properties: ['status', 'paymentDueAt'] })
@Index({ properties: ['status', 'autoCompleteAt'] })
@Index({ properties: ['status', 'shipBy'] })
export class Order extends Node {
  [OptionalProps]?:
    | 'paymentStatus'
    | 'buyerMessage'
    | 'sourceId'
    | 'paidAt'
    | 'cancelFreeUntil'
    | 'shipBy'
    | 'cancelledAt'
    | 'cancelReason'
    | 'cancelledBy'
    | 'autoCompleteAt'
    | 'returnableUntil'
    | 'openReturnId'
    | 'version'
    | 'voucher'
    | 'voucherCode';

  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Field({ description: 'Human-readable number, e.g. "KL-20261121-000123"; search by it in the order center.' })
  @Unique()
  @Property({ type: 'string', length: 32 })
  orderNumber!: string;

  @ManyToOne(() => User, { ref: true })
  buyer!: Ref<User>;

  @ManyToOne(() => Shop, { ref: true })
  shop!: Ref<Shop>;

  @Field(() => OrderStatus, { description: 'Current status.' })
  @Property({ type: 'string', length: 24 })
  status!: OrderStatus;

  @Field(() => PaymentStatus, { description: 'Money state.' })
  @Property({ type: 'string', length: 24 })
  paymentStatus: PaymentStatus = PaymentStatus.UNPAID;

  @Field(() => PaymentMethod, { description: 'How the buyer pays.' })
  @Property({ type: 'string', length: 16 })
  paymentMethod!: PaymentMethod;

  @Field(() => OrderSourceType, { description: 'Where the purchase started.' })
  @Property({ type: 'string', length: 8 })
  sourceType!: OrderSourceType;

  @Property({ type: 'integer', nullable: true })
  sourceId?: number | null = null;

  @Field(() => String, { nullable: true, description: 'The buyer\'s note to the seller (catatan), up to 500 characters.' })
  @Property({ type: 'string', length: 500, nullable: true })
  buyerMessage?: string | null = null;

  /** Shipping address snapshot, as it was at purchase. */
  @Property({ type: 'json' })
  shippingAddress!: {
    recipientName: string;
    phone: string;
    line1: string;
    line2: string | null;
    district: string;
    city: string;
    province: string;
    postalCode: string;
    countryCode: string;
  };

  @Property({ type: 'bigint', runtimeType: 'number' })
  subtotal!: number;

  @Property({ type: 'bigint', runtimeType: 'number' })
  shippingFee!: number;

  @Property({ type: 'bigint', runtimeType: 'number' })
  discount!: number;

  /** The shop voucher used; a cancellation gives its use back. */
  @ManyToOne(() => Voucher, { ref: true, nullable: true })
  voucher?: Ref<Voucher> | null = null;

  @Field(() => String, { nullable: true, description: 'The shop voucher code applied at checkout; `discount` is what it saved.' })
  @Property({ type: 'string', length: 20, nullable: true })
  voucherCode?: string | null = null;

  @Property({ type: 'bigint', runtimeType: 'number' })
  total!: number;

  @Field(() => Int, { description: 'Units across all lines.' })
  @Property({ type: 'integer' })
  itemCount!: number;

  @Field(() => Date, { nullable: true, description: 'Pay by this time or the order is cancelled and its stock released.' })
  @Property({ type: 'datetime', nullable: true })
  paymentDueAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the payment was confirmed.' })
  @Property({ type: 'datetime', nullable: true })
  paidAt?: Date | null = null;

  @Field(() => Date, { nullable: true, description: 'Until then the buyer may cancel a paid order without approval.' })
  @Property({ type: 'datetime', nullable: true })
  cancelFreeUntil?: Date | null = null;

  @Field(() => Date, {
    nullable: true,
    description: 'Set when the order reaches AWAITING_SHIPMENT: the seller must arrange shipment by then, or the system cancels it (refunding a paid order).',
  })
  @Property({ type: 'datetime', nullable: true })
  shipBy?: Date | null = null;

  @Field(() => Date, { nullable: true, description: 'When it was cancelled.' })
  @Property({ type: 'datetime', nullable: true })
  cancelledAt?: Date | null = null;

  @Field(() => String, { nullable: true, description: 'Why it was cancelled.' })
  @Property({ type: 'string', length: 500, nullable: true })
  cancelReason?: string | null = null;

  @Property({ type: 'string', length: 16, nullable: true })
  cancelledBy?: string | null = null;

  @Field(() => Date, { nullable: true, description: 'Set at delivery: the order completes by itself then, unless a return or refund request is open.' })
  @Property({ type: 'datetime', nullable: true })
  autoCompleteAt?: Date | null = null;

  @Field(() => Date, { nullable: true, description: 'Set at delivery: until then the buyer may request a return or refund (not after the order is COMPLETED).' })
  @Property({ type: 'datetime', nullable: true })
  returnableUntil?: Date | null = null;

  /**
   * The return request now open, null when none is. Opening and closing a request change the order, so its version
   * check makes "one open return per order" and "complete only without an open return" race-free.
   */
  @Property({ type: 'integer', nullable: true })
  openReturnId?: number | null = null;

  @Field(() => Int, { description: 'Optimistic-locking version.' })
  @Property({ type: 'integer', version: true })
  version: number = 1;

  @Field({ description: 'When the order was placed.' })
  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Field({ description: 'When the order last changed.' })
  @Property({ type: 'datetime' })
  updatedAt!: Date;
}

/** One line of an order, with a snapshot of what was bought at what price. */
@ObjectType({ implements: Node, description: 'A line of an order: a variant, a quantity and the price paid.' })
@Entity()
@Index({ properties: ['order'] })
export class OrderLine extends Node {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => Order, { ref: true, deleteRule: 'cascade' })
  order!: Ref<Order>;

  @ManyToOne(() => Product, { ref: true })
  product!: Ref<Product>;

  @ManyToOne(() => ProductVariant, { ref: true })
  variant!: Ref<ProductVariant>;

  @Field({ description: 'Product title at purchase.' })
  @Property({ type: 'string', length: 255 })
  productTitle!: string;

  @Field({ description: 'Variant title at purchase, e.g. "Merah / M".' })
  @Property({ type: 'string', length: 255 })
  variantTitle!: string;

  @Field({ description: 'SKU at purchase.' })
  @Property({ type: 'string', length: 64 })
  sku!: string;

  @Field(() => String, { nullable: true, description: 'Cover image at purchase.' })
  @Property({ type: 'string', length: 500, nullable: true })
  imageUrl!: string | null;

  @Property({ type: 'bigint', runtimeType: 'number' })
  unitPrice!: number;

  /** The live flash sale whose price the line got (its units go back to the sale if the order is cancelled). */
  @ManyToOne(() => FlashSale, { ref: true, nullable: true })
  flashSale?: Ref<FlashSale> | null = null;

  @Field(() => Int, { description: 'Units bought.' })
  @Property({ type: 'integer' })
  quantity!: number;

  @Property({ type: 'bigint', runtimeType: 'number' })
  lineTotal!: number;
}

export enum OrderEventKind {
  PLACED = 'PLACED',
  STATUS_CHANGED = 'STATUS_CHANGED',
  PAYMENT_RECEIVED = 'PAYMENT_RECEIVED',
  REFUNDED = 'REFUNDED',
  CANCELLATION_REQUESTED = 'CANCELLATION_REQUESTED',
  CANCELLATION_APPROVED = 'CANCELLATION_APPROVED',
  CANCELLATION_REJECTED = 'CANCELLATION_REJECTED',
  CANCELLATION_WITHDRAWN = 'CANCELLATION_WITHDRAWN',
  RETURN_REQUESTED = 'RETURN_REQUESTED',
  RETURN_APPROVED = 'RETURN_APPROVED',
  RETURN_REJECTED = 'RETURN_REJECTED',
  RETURN_SHIPPED = 'RETURN_SHIPPED',
  RETURN_RECEIVED = 'RETURN_RECEIVED',
  RETURN_REFUNDED = 'RETURN_REFUNDED',
  RETURN_CANCELLED = 'RETURN_CANCELLED',
  PAYMENT_FAILED = 'PAYMENT_FAILED',
  CLAIM_FILED = 'CLAIM_FILED',
  CLAIM_REFUNDED = 'CLAIM_REFUNDED',
  CLAIM_REJECTED = 'CLAIM_REJECTED',
  TRACKING_UPDATED = 'TRACKING_UPDATED',
}
registerEnumType(OrderEventKind, {
  name: 'OrderEventKind',
  description: 'What a timeline entry records. Status changes move `fromStatus` → `toStatus`; the others leave the status as it was.',
  valuesConfig: {
    PLACED: { description: 'The buyer placed the order.' },
    STATUS_CHANGED: { description: 'The order moved from `fromStatus` to `toStatus`.' },
    PAYMENT_RECEIVED: { description: 'The payment provider confirmed the payment.' },
    REFUNDED: { description: 'Money went back to the buyer; `reason` says how much and why.' },
    CANCELLATION_REQUESTED: { description: 'The buyer asked the seller to cancel.' },
    CANCELLATION_APPROVED: { description: 'The cancellation request was approved (by the seller, or automatically at its deadline).' },
    CANCELLATION_REJECTED: { description: 'The seller rejected the cancellation request.' },
    CANCELLATION_WITHDRAWN: { description: 'The buyer withdrew the cancellation request.' },
    RETURN_REQUESTED: { description: 'The buyer asked for a refund or a return.' },
    RETURN_APPROVED: { description: 'The return or refund request was approved.' },
    RETURN_REJECTED: { description: 'The seller rejected the return or refund request.' },
    RETURN_SHIPPED: { description: 'The buyer shipped the return parcel.' },
    RETURN_RECEIVED: { description: 'The seller received the returned items.' },
    RETURN_REFUNDED: { description: 'The return was refunded.' },
    RETURN_CANCELLED: { description: 'The buyer withdrew the return request, or it lapsed.' },
    PAYMENT_FAILED: { description: 'A payment attempt failed; the order stays UNPAID and can be paid again. Pushed by subscriptions, not kept on the timeline.' },
    CLAIM_FILED: { description: 'The buyer filed a claim (not received, damaged or wrong item) for Kedai Live to resolve.' },
    CLAIM_REFUNDED: { description: 'Kedai Live resolved the claim with a refund, in full or in part; `reason` says how much.' },
    CLAIM_REJECTED: { description: 'Kedai Live rejected the claim; `reason` says why.' },
    TRACKING_UPDATED: { description: 'The carrier reported progress that does not change the status (a hub scan, out for delivery, a failed attempt, a late report); `reason` says what and where.' },
  },
});

/** The order's timeline: every status change and after-sale step, with who made it and why. */
@ObjectType({ description: 'One step in an order\'s timeline.' })
@Entity()
@Index({ properties: ['order', 'id'] })
export class OrderEvent {
  [OptionalProps]?: 'kind';

  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => Order, { ref: true, deleteRule: 'cascade' })
  order!: Ref<Order>;

  @Field(() => OrderEventKind, { description: 'What happened.' })
  @Property({ type: 'string', length: 32 })
  kind: OrderEventKind = OrderEventKind.STATUS_CHANGED;

  @Field(() => OrderStatus, { nullable: true, description: 'Status before; null when the order was created.' })
  @Property({ type: 'string', length: 24, nullable: true })
  fromStatus!: OrderStatus | null;

  @Field(() => OrderStatus, { description: 'Status after (the same as `fromStatus` for entries that are not status changes).' })
  @Property({ type: 'string', length: 24 })
  toStatus!: OrderStatus;

  @Field({ description: 'Who made the change: BUYER, SELLER, SYSTEM, CARRIER, PAYMENT or ADMIN (platform staff resolving a claim).' })
  @Property({ type: 'string', length: 16 })
  actor!: string;

  @Field(() => String, { nullable: true, description: 'Why, when a reason was given.' })
  @Property({ type: 'string', length: 500, nullable: true })
  reason!: string | null;

  @Field({ description: 'When it happened.' })
  @Property({ type: 'datetime' })
  createdAt!: Date;
}
