/**
 * Payments of the built-in simulated provider, its webhook deliveries, and refunds. Amounts are integer minor units;
 * enum-like values are plain string columns.
 */
import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Node } from '../shared/node';
import { Order, PaymentMethod } from './order.entity';
import { ReturnRequest } from './return.entity';

export enum PaymentAttemptStatus {
  PENDING = 'PENDING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}
registerEnumType(PaymentAttemptStatus, {
  name: 'PaymentAttemptStatus',
  description: 'Where one payment attempt is with the provider.',
  valuesConfig: {
    PENDING: { description: 'Created; waiting for the buyer to pay and the provider to confirm.' },
    SUCCEEDED: { description: 'The provider confirmed the money arrived.' },
    FAILED: { description: 'The provider reported a failure; the buyer may pay again while the order is unpaid.' },
  },
});

/** One attempt to pay an order through the payment provider. */
@ObjectType({ implements: Node, description: 'One attempt to pay an order.' })
@Entity()
@Index({ properties: ['order', 'id'] })
export class Payment extends Node {
  [OptionalProps]?: 'refundedAmount' | 'pendingOrderId';

  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => Order, { ref: true })
  order!: Ref<Order>;

  /** What the buyer pays, in minor units (the order total when it was created). */
  @Property({ type: 'bigint', runtimeType: 'number' })
  amount!: number;

  /** Sum of this payment's refunds; only ever raised by a conditional UPDATE that keeps it ≤ `amount`. */
  @Property({ type: 'bigint', runtimeType: 'number', default: 0 })
  refundedAmount: number = 0;

  @Field(() => PaymentMethod, { description: 'How the buyer pays.' })
  @Property({ type: 'string', length: 16 })
  method!: PaymentMethod;

  @Field(() => PaymentAttemptStatus, { description: 'Where the attempt is.' })
  @Property({ type: 'string', length: 16 })
  status!: PaymentAttemptStatus;

  @Field({ description: "The provider's reference of this payment (shown on receipts and bank statements)." })
  @Unique()
  @Property({ type: 'string', length: 64 })
  providerReference!: string;

  /**
   * The order's id while this payment is PENDING, null otherwise: a unique index on it allows at most one pending
   * payment per order (NULLs never collide), even for concurrent `payOrder` calls with different keys.
   */
  @Unique()
  @Property({ type: 'integer', nullable: true })
  pendingOrderId: number | null = null;

  @Field({ description: 'When the payment was created.' })
  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Field({ description: 'When its status last changed.' })
  @Property({ type: 'datetime' })
  updatedAt!: Date;
}

/** Money sent back to the buyer from one payment. */
@ObjectType({ implements: Node, description: 'Money sent back to the buyer.' })
@Entity()
@Index({ properties: ['order', 'id'] })
@Index({ properties: ['payment'] })
// A return request refunds each payment at most once, whatever retries or races happen (NULLs never collide).
@Unique({ properties: ['returnRequest', 'payment'] })
export class Refund extends Node {
  [OptionalProps]?: 'returnRequest';

  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => Order, { ref: true })
  order!: Ref<Order>;

  @ManyToOne(() => Payment, { ref: true })
  payment!: Ref<Payment>;

  /** Refunded amount in minor units. */
  @Property({ type: 'bigint', runtimeType: 'number' })
  amount!: number;

  /** The return request this refund settles; null for cancellations and double payments. */
  @ManyToOne(() => ReturnRequest, { ref: true, nullable: true })
  returnRequest?: Ref<ReturnRequest> | null = null;

  @Field({ description: 'Why the money went back, e.g. the cancellation reason.' })
  @Property({ type: 'string', length: 500 })
  reason!: string;

  @Field({ description: 'When the refund was made.' })
  @Property({ type: 'datetime' })
  createdAt!: Date;
}

/** A webhook delivery already processed; the unique `eventId` makes a redelivery a no-op. */
@Entity()
export class PaymentWebhookEvent {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Unique()
  @Property({ type: 'string', length: 100 })
  eventId!: string;

  @Property({ type: 'string', length: 64 })
  providerReference!: string;

  /** SUCCEEDED or FAILED, as reported. */
  @Property({ type: 'string', length: 16 })
  status!: string;

  @Property({ type: 'datetime' })
  occurredAt!: Date;

  @Property({ type: 'datetime' })
  receivedAt!: Date;
}
