import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { User } from '../accounts/user.entity';
import { Order } from '../orders/order.entity';
import { Node } from '../shared/node';
import { Shop } from '../shops/shop.entity';

/** The inbox tabs, as TikTok Shop groups its notifications. */
export enum NotificationCategory {
  ORDER_UPDATES = 'ORDER_UPDATES',
  RETURNS_REFUNDS = 'RETURNS_REFUNDS',
  SHOP = 'SHOP',
}
registerEnumType(NotificationCategory, {
  name: 'NotificationCategory',
  description: 'Which inbox tab a notification belongs to.',
  valuesConfig: {
    ORDER_UPDATES: { description: 'Store updates on orders: created, paid, shipped, delivered, cancelled; new orders and cancellation requests for sellers.' },
    RETURNS_REFUNDS: { description: 'Refunds issued, return requests and claims, and their answers.' },
    SHOP: { description: 'About a shop you run, e.g. the result of its registration review.' },
  },
});

/** What a notification says happened; clients pick an icon or a deep link by it. */
export enum NotificationKind {
  ORDER_CREATED = 'ORDER_CREATED',
  PAYMENT_RECEIVED = 'PAYMENT_RECEIVED',
  ORDER_SHIPPED = 'ORDER_SHIPPED',
  ORDER_DELIVERED = 'ORDER_DELIVERED',
  ORDER_CANCELLED = 'ORDER_CANCELLED',
  CANCELLATION_REJECTED = 'CANCELLATION_REJECTED',
  REFUND_ISSUED = 'REFUND_ISSUED',
  RETURN_APPROVED = 'RETURN_APPROVED',
  RETURN_REJECTED = 'RETURN_REJECTED',
  RETURN_CLOSED = 'RETURN_CLOSED',
  NEW_ORDER = 'NEW_ORDER',
  CANCELLATION_REQUESTED = 'CANCELLATION_REQUESTED',
  RETURN_REQUESTED = 'RETURN_REQUESTED',
  SHOP_REVIEWED = 'SHOP_REVIEWED',
  CLAIM_FILED = 'CLAIM_FILED',
  CLAIM_RESOLVED = 'CLAIM_RESOLVED',
  CLAIM_REJECTED = 'CLAIM_REJECTED',
  OUT_FOR_DELIVERY = 'OUT_FOR_DELIVERY',
  DELIVERY_FAILED = 'DELIVERY_FAILED',
  PRODUCT_REVIEWED = 'PRODUCT_REVIEWED',
}
registerEnumType(NotificationKind, {
  name: 'NotificationKind',
  description: 'What a notification is about; each value says who receives it (buyer or shop members).',
  valuesConfig: {
    ORDER_CREATED: { description: 'Buyer: "Store update: order created".' },
    PAYMENT_RECEIVED: { description: 'Buyer: the payment of an order was received.' },
    ORDER_SHIPPED: { description: 'Buyer: the carrier picked the parcel up; the body names the carrier and tracking number.' },
    ORDER_DELIVERED: { description: 'Buyer: the parcel was delivered.' },
    ORDER_CANCELLED: { description: 'Buyer: an order was cancelled, with who cancelled it and why. Seller: the buyer, the carrier or the system cancelled one of the shop\'s orders.' },
    CANCELLATION_REJECTED: { description: 'Buyer: the seller rejected a cancellation request; the order goes on.' },
    REFUND_ISSUED: { description: 'Buyer: money went back; the body gives the amount in rupiah.' },
    RETURN_APPROVED: { description: 'Buyer: a return or refund request was approved.' },
    RETURN_REJECTED: { description: 'Buyer: a return or refund request was rejected, with the reason.' },
    RETURN_CLOSED: { description: 'Buyer: a return request was closed by the system (e.g. the items were not sent back in time).' },
    NEW_ORDER: { description: 'Seller: a buyer placed an order with the shop.' },
    CANCELLATION_REQUESTED: { description: 'Seller: a buyer asks to cancel an order; answer it before the deadline in the body.' },
    RETURN_REQUESTED: { description: 'Seller: a buyer asks for a refund or a return.' },
    SHOP_REVIEWED: { description: "Seller: the platform's review of the shop's registration (approved or rejected, with the note)." },
    CLAIM_FILED: { description: 'Buyer and seller: the buyer filed a claim on an order (not received, damaged or wrong item).' },
    CLAIM_RESOLVED: { description: 'Buyer and seller: Kedai Live resolved a claim with a refund; the title gives the amount in rupiah.' },
    CLAIM_REJECTED: { description: 'Buyer and seller: Kedai Live rejected a claim, with the reason.' },
    OUT_FOR_DELIVERY: { description: 'Buyer: a courier took the parcel out for delivery today.' },
    DELIVERY_FAILED: { description: "Buyer: a delivery attempt failed; the body gives the carrier's reason." },
    PRODUCT_REVIEWED: { description: 'Seller: platform review took one of the shop\'s products down (with the reason) or restored it.' },
  },
});

/**
 * One inbox entry of one user, materialised by the inbox event handler from an outbox event. `sourceEventId` is
 * unique per recipient, so handling the same event twice stores it once.
 */
@ObjectType({ implements: Node, description: 'An inbox notification: a store update about an order, a refund or return, or a shop.' })
@Entity()
@Unique({ properties: ['recipient', 'sourceEventId'] })
@Index({ properties: ['recipient', 'id'] })
@Index({ properties: ['recipient', 'readAt'] })
export class Notification extends Node {
  [OptionalProps]?: 'order' | 'shop' | 'readAt';

  @PrimaryKey({ autoincrement: true })
  id!: number;

  /** Whose inbox it is in; never exposed. */
  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  recipient!: Ref<User>;

  /** The outbox event it was made from (not a foreign key: outbox rows may be pruned). */
  @Property({ type: 'integer' })
  sourceEventId!: number;

  @Field(() => NotificationCategory, { description: 'The inbox tab it belongs to.' })
  @Property({ type: 'string', length: 24 })
  category!: NotificationCategory;

  @Field(() => NotificationKind, { description: 'What it is about.' })
  @Property({ type: 'string', length: 32 })
  kind!: NotificationKind;

  @Field({ description: 'The headline, in English, e.g. "Store update: order created".' })
  @Property({ type: 'string', length: 120 })
  title!: string;

  @Field({ description: 'The text, in English, with amounts in rupiah (e.g. "Rp90.000"); plain text.' })
  @Property({ type: 'text' })
  body!: string;

  /** Resolved through a DataLoader: `Notification.order`. */
  @ManyToOne(() => Order, { ref: true, nullable: true, deleteRule: 'cascade' })
  order?: Ref<Order> | null = null;

  /** Resolved through a DataLoader: `Notification.shop`. */
  @ManyToOne(() => Shop, { ref: true, nullable: true, deleteRule: 'cascade' })
  shop?: Ref<Shop> | null = null;

  @Field(() => Date, { nullable: true, description: 'When you marked it read; null while unread.' })
  @Property({ type: 'datetime', nullable: true })
  readAt?: Date | null = null;

  @Field({ description: 'When what it reports happened.' })
  @Property({ type: 'datetime' })
  createdAt!: Date;
}
