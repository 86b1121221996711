/**
 * After-sale returns and refunds (DESIGN §5): a request on a delivered order, with its own small state table
 * (`return-status.ts`), lines that are a subset of the order's lines, and its deadlines as columns.
 */
import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../shared/node';
import { CarrierCode } from './fulfilment.entity';
import { Order, OrderLine } from './order.entity';

export enum ReturnType {
  REFUND_ONLY = 'REFUND_ONLY',
  RETURN_AND_REFUND = 'RETURN_AND_REFUND',
}
registerEnumType(ReturnType, {
  name: 'ReturnType',
  description: 'What the buyer asks for.',
  valuesConfig: {
    REFUND_ONLY: { description: 'Money back, nothing is sent back (e.g. the parcel never arrived, or the item is not worth returning).' },
    RETURN_AND_REFUND: { description: 'The buyer sends the items back; the money follows when the seller receives them.' },
  },
});

export enum ReturnStatus {
  REQUESTED = 'REQUESTED',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  AWAITING_BUYER_SHIPMENT = 'AWAITING_BUYER_SHIPMENT',
  BUYER_SHIPPED = 'BUYER_SHIPPED',
  RECEIVED = 'RECEIVED',
  REFUNDED = 'REFUNDED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(ReturnStatus, {
  name: 'ReturnStatus',
  description: 'Where a return or refund request is.',
  valuesConfig: {
    REQUESTED: { description: 'Waiting for the seller until `respondBy`; then it is approved automatically.' },
    APPROVED: { description: 'Approved; a refund-only request is refunded, a return moves on to AWAITING_BUYER_SHIPMENT, in the same step.' },
    REJECTED: { description: 'The seller refused, with a reason. The buyer may ask again while the return window is open.' },
    AWAITING_BUYER_SHIPMENT: { description: 'The buyer sends the items to `returnAddress` by `shipBy`, or the request is cancelled.' },
    BUYER_SHIPPED: { description: 'The return parcel is on its way; the seller confirms receipt by `receiveBy`, or it is received automatically.' },
    RECEIVED: { description: 'The seller has the items; the refund follows in the same step.' },
    REFUNDED: { description: 'The money went back to the buyer.' },
    CANCELLED: { description: 'Withdrawn by the buyer, or lapsed because the buyer did not ship in time.' },
  },
});

/** Statuses of a request still in progress: at most one per order. */
export const OPEN_RETURN_STATUSES: readonly ReturnStatus[] = [
  ReturnStatus.REQUESTED,
  ReturnStatus.APPROVED,
  ReturnStatus.AWAITING_BUYER_SHIPMENT,
  ReturnStatus.BUYER_SHIPPED,
  ReturnStatus.RECEIVED,
];

/** The order centers' RETURNS tab holds orders with a request in one of these: in progress, or refunded. */
export const RETURNS_TAB_STATUSES: readonly ReturnStatus[] = [...OPEN_RETURN_STATUSES, ReturnStatus.REFUNDED];

export enum ReturnReason {
  DAMAGED = 'DAMAGED',
  WRONG_ITEM = 'WRONG_ITEM',
  NOT_AS_DESCRIBED = 'NOT_AS_DESCRIBED',
  MISSING_PARTS = 'MISSING_PARTS',
  COUNTERFEIT = 'COUNTERFEIT',
  NOT_RECEIVED = 'NOT_RECEIVED',
  CHANGED_MIND = 'CHANGED_MIND',
  OTHER = 'OTHER',
}
registerEnumType(ReturnReason, {
  name: 'ReturnReason',
  description: 'Why the buyer asks for a return or refund (the reasons TikTok Shop offers).',
  valuesConfig: {
    DAMAGED: { description: 'Damaged or defective item (Barang rusak). Evidence required.' },
    WRONG_ITEM: { description: 'Wrong item, size or colour (Barang salah kirim). Evidence required.' },
    NOT_AS_DESCRIBED: { description: 'Item not as described (Barang tidak sesuai deskripsi). Evidence required.' },
    MISSING_PARTS: { description: 'Missing items or parts (Barang kurang). Evidence required.' },
    COUNTERFEIT: { description: 'Counterfeit item (Barang palsu). Evidence required.' },
    NOT_RECEIVED: { description: "The parcel never reached the buyer (Paket tidak diterima). REFUND_ONLY: there is nothing to send back." },
    CHANGED_MIND: { description: 'No longer needed (Berubah pikiran). RETURN_AND_REFUND only.' },
    OTHER: { description: 'Something else; the note says what.' },
  },
});

/** Reasons that need photos or videos of the problem. */
export const REASONS_NEEDING_EVIDENCE: readonly ReturnReason[] = [
  ReturnReason.DAMAGED,
  ReturnReason.WRONG_ITEM,
  ReturnReason.NOT_AS_DESCRIBED,
  ReturnReason.MISSING_PARTS,
  ReturnReason.COUNTERFEIT,
];

/** Where a return parcel goes: the shop's warehouse as it was when the return was approved. */
export interface ReturnAddress {
  recipientName: string;
  phone: string;
  line1: string;
  line2: string | null;
  district: string;
  city: string;
  province: string;
  postalCode: string;
  countryCode: string;
}

/** A buyer's return or refund request on a delivered order. */
@ObjectType({ implements: Node, description: 'A return or refund request on a delivered order.' })
@Entity()
@Index({ properties: ['order', 'id'] })
@Index({ properties: ['status', 'respondBy'] })
@Index({ properties: ['status', 'shipBy'] })
@Index({ properties: ['status', 'receiveBy'] })
export class ReturnRequest extends Node {
  [OptionalProps]?:
    | 'note'
    | 'shipBy'
    | 'receiveBy'
    | 'returnAddress'
    | 'carrierCode'
    | 'trackingNumber'
    | 'sellerNote'
    | 'respondedAt'
    | 'shippedAt'
    | 'receivedAt'
    | 'refundedAt'
    | 'closedAt'
    | 'version';

  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => Order, { ref: true, deleteRule: 'cascade' })
  order!: Ref<Order>;

  @Field(() => ReturnType, { description: 'Refund only, or return and refund.' })
  @Property({ type: 'string', length: 20 })
  type!: ReturnType;

  @Field(() => ReturnStatus, { description: 'Where the request is.' })
  @Property({ type: 'string', length: 24 })
  status!: ReturnStatus;

  @Field(() => ReturnReason, { description: 'Why the buyer asks.' })
  @Property({ type: 'string', length: 20 })
  reason!: ReturnReason;

  @Field(() => String, { nullable: true, description: "The buyer's explanation, up to 500 characters." })
  @Property({ type: 'string', length: 500, nullable: true })
  note?: string | null = null;

  @Field(() => [String], { description: 'Photos or videos of the problem (https URLs, at most 9).' })
  @Property({ type: 'json' })
  evidenceUrls!: string[];

  /** What goes back when it is refunded, in minor units: the lines' amounts, plus the shipping fee for a whole-order return. */
  @Property({ type: 'bigint', runtimeType: 'number' })
  refundAmount!: number;

  /** The part of `refundAmount` that is the order's shipping fee (only when the whole order comes back). */
  @Property({ type: 'bigint', runtimeType: 'number' })
  shippingFeeRefund!: number;

  @Field({ description: 'The seller answers by then, or the request is approved automatically.' })
  @Property({ type: 'datetime' })
  respondBy!: Date;

  @Field(() => Date, { nullable: true, description: 'RETURN_AND_REFUND after approval: the buyer ships by then, or the request is cancelled.' })
  @Property({ type: 'datetime', nullable: true })
  shipBy?: Date | null = null;

  @Field(() => Date, { nullable: true, description: 'After the buyer shipped: the seller confirms receipt by then, or it is received and refunded automatically.' })
  @Property({ type: 'datetime', nullable: true })
  receiveBy?: Date | null = null;

  /** Snapshot of the shop's warehouse when a RETURN_AND_REFUND request was approved. */
  @Property({ type: 'json', nullable: true })
  returnAddress?: ReturnAddress | null = null;

  @Field(() => CarrierCode, { nullable: true, name: 'carrier', description: 'The carrier of the return parcel, once shipped.' })
  @Property({ type: 'string', length: 16, nullable: true })
  carrierCode?: CarrierCode | null = null;

  @Field(() => String, { nullable: true, description: 'The return parcel\'s tracking number (resi), once shipped.' })
  @Property({ type: 'string', length: 30, nullable: true })
  trackingNumber?: string | null = null;

  @Field(() => String, { nullable: true, description: "The seller's answer: why it was rejected, or a note with the approval." })
  @Property({ type: 'string', length: 500, nullable: true })
  sellerNote?: string | null = null;

  @Field({ description: 'When the buyer asked.' })
  @Property({ type: 'datetime' })
  requestedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was approved or rejected (by the seller, or automatically).' })
  @Property({ type: 'datetime', nullable: true })
  respondedAt?: Date | null = null;

  @Field(() => Date, { nullable: true, description: 'When the buyer shipped the return parcel.' })
  @Property({ type: 'datetime', nullable: true })
  shippedAt?: Date | null = null;

  @Field(() => Date, { nullable: true, description: 'When the seller received the items.' })
  @Property({ type: 'datetime', nullable: true })
  receivedAt?: Date | null = null;

  @Field(() => Date, { nullable: true, description: 'When the money went back.' })
  @Property({ type: 'datetime', nullable: true })
  refundedAt?: Date | null = null;

  @Field(() => Date, { nullable: true, description: 'When it ended: refunded, rejected or cancelled.' })
  @Property({ type: 'datetime', nullable: true })
  closedAt?: Date | null = null;

  @Field(() => Int, { description: 'Optimistic-locking version.' })
  @Property({ type: 'integer', version: true })
  version: number = 1;

  @Field({ description: 'When it last changed.' })
  @Property({ type: 'datetime' })
  updatedAt!: Date;
}

/** One order line (or part of it) in a return request, with what it refunds. */
@ObjectType({ description: 'Units of one order line in a return or refund request.' })
@Entity()
@Index({ properties: ['returnRequest'] })
@Unique({ properties: ['returnRequest', 'orderLine'] })
export class ReturnLine {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => ReturnRequest, { ref: true, deleteRule: 'cascade' })
  returnRequest!: Ref<ReturnRequest>;

  @ManyToOne(() => OrderLine, { ref: true })
  orderLine!: Ref<OrderLine>;

  @Field(() => Int, { description: 'Units returned (at most those bought and not returned before).' })
  @Property({ type: 'integer' })
  quantity!: number;

  /** Unit price × quantity less this line's share of the order discount, in minor units. */
  @Property({ type: 'bigint', runtimeType: 'number' })
  refundAmount!: number;
}
