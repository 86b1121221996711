/**
 * A buyer's request to cancel an order the seller must now ship (DESIGN §5): after-sale work in its own record with
 * its own small state table (`cancellation-request.status.ts`), not in the order status.
 */
import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../shared/node';
import { Order } from './order.entity';

export enum CancellationRequestStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(CancellationRequestStatus, {
  name: 'CancellationRequestStatus',
  description: 'Where a cancellation request is.',
  valuesConfig: {
    PENDING: { description: 'Waiting for the seller until `respondBy`; then it is approved automatically.' },
    APPROVED: { description: 'Approved by the seller, or by the system at `respondBy`; the order is cancelled.' },
    REJECTED: { description: 'The seller rejected it (see `rejectReason`); the order goes on.' },
    WITHDRAWN: { description: 'The buyer withdrew it; the order goes on.' },
  },
});

/** Why a buyer asks to cancel: the choices of TikTok Shop's "Tell us why you canceled" list. */
export enum CancellationReason {
  CHANGED_MIND = 'CHANGED_MIND',
  WRONG_ADDRESS = 'WRONG_ADDRESS',
  WRONG_ITEM_OR_VARIANT = 'WRONG_ITEM_OR_VARIANT',
  FOUND_CHEAPER = 'FOUND_CHEAPER',
  SELLER_TOO_SLOW = 'SELLER_TOO_SLOW',
  OTHER = 'OTHER',
}

/** What the buyer picked, in words (the enum's descriptions, and the cancelled order's `cancelReason`). */
export const CANCELLATION_REASON_LABELS: Readonly<Record<CancellationReason, string>> = {
  CHANGED_MIND: 'Changed my mind / no longer needed',
  WRONG_ADDRESS: 'Need to change the shipping address',
  WRONG_ITEM_OR_VARIANT: 'Need to change the item, size, colour or quantity',
  FOUND_CHEAPER: 'Found a better price elsewhere',
  SELLER_TOO_SLOW: 'The seller is taking too long to ship',
  OTHER: 'Other (see the note)',
};

registerEnumType(CancellationReason, {
  name: 'CancellationReason',
  description: 'Why the buyer asks to cancel.',
  valuesConfig: Object.fromEntries(Object.entries(CANCELLATION_REASON_LABELS).map(([value, label]) => [value, { description: `${label}.` }])),
});

@ObjectType({ implements: Node, description: "A buyer's request to cancel an order awaiting shipment; the seller approves or rejects it." })
@Entity()
@Index({ properties: ['order', 'id'] })
@Index({ properties: ['status', 'respondBy'] })
export class CancellationRequest extends Node {
  [OptionalProps]?: 'note' | 'openOrderId' | 'respondedAt' | 'rejectReason' | 'resolvedBy' | 'version';

  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => Order, { ref: true, deleteRule: 'cascade' })
  order!: Ref<Order>;

  /**
   * The order's id while the request is PENDING, null otherwise: its unique index allows one open request per
   * order (NULLs never collide), even when the buyer asks twice at the same moment.
   */
  @Unique()
  @Property({ type: 'integer', nullable: true })
  openOrderId: number | null = null;

  @Field(() => CancellationRequestStatus, { description: 'Where the request is.' })
  @Property({ type: 'string', length: 16 })
  status!: CancellationRequestStatus;

  @Field(() => CancellationReason, { description: 'Why the buyer asks.' })
  @Property({ type: 'string', length: 32 })
  reason!: CancellationReason;

  @Field(() => String, { nullable: true, description: "The buyer's own words, up to 500 characters." })
  @Property({ type: 'string', length: 500, nullable: true })
  note: string | null = null;

  @Field({ description: 'When the buyer asked.' })
  @Property({ type: 'datetime' })
  requestedAt!: Date;

  @Field({ description: 'The seller answers by then; a request still PENDING is then approved automatically.' })
  @Property({ type: 'datetime' })
  respondBy!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was approved, rejected or withdrawn.' })
  @Property({ type: 'datetime', nullable: true })
  respondedAt: Date | null = null;

  @Field(() => String, { nullable: true, description: "The seller's reason for rejecting it." })
  @Property({ type: 'string', length: 200, nullable: true })
  rejectReason: string | null = null;

  @Field(() => String, { nullable: true, description: 'Who closed it: BUYER (withdrew), SELLER or SYSTEM (approved at `respondBy`, or when the order was cancelled otherwise).' })
  @Property({ type: 'string', length: 16, nullable: true })
  resolvedBy: string | null = null;

  /** Optimistic lock: a withdrawal, an answer and the auto-approval racing each other make one change. */
  @Property({ type: 'integer', version: true })
  version: number = 1;
}
