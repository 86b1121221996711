/**
 * Claims: a buyer tells Kedai Live that a delivered order went wrong (never arrived, arrived damaged, or was the
 * wrong item), and platform staff resolve it with a refund or a reasoned rejection. Unlike a return request the
 * seller does not decide; the shop only sees the claim. Its own small state table is in `claim.status.ts`.
 */
import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { User } from '../accounts/user.entity';
import { Order } from '../orders/order.entity';
import { Node } from '../shared/node';
import { Shop } from '../shops/shop.entity';

export enum ClaimType {
  NOT_RECEIVED = 'NOT_RECEIVED',
  DAMAGED = 'DAMAGED',
  WRONG_ITEM = 'WRONG_ITEM',
}

/** What the buyer picked, in TikTok Shop's words (notifications and the timeline use them). */
export const CLAIM_TYPE_LABELS: Readonly<Record<ClaimType, string>> = {
  NOT_RECEIVED: "Didn't receive the package",
  DAMAGED: 'Damaged item',
  WRONG_ITEM: 'Wrong item received',
};

/** Types that need at least one photo or video of the problem. */
export const TYPES_NEEDING_EVIDENCE: readonly ClaimType[] = [ClaimType.DAMAGED, ClaimType.WRONG_ITEM];

registerEnumType(ClaimType, {
  name: 'ClaimType',
  description: 'What went wrong with a delivered order.',
  valuesConfig: {
    NOT_RECEIVED: { description: "The carrier reported it delivered but the buyer didn't receive the package. Evidence optional." },
    DAMAGED: { description: 'The item arrived damaged or defective. At least one photo or video required.' },
    WRONG_ITEM: { description: 'A different item, size or colour arrived. At least one photo or video required.' },
  },
});

export enum ClaimStatus {
  OPEN = 'OPEN',
  REFUNDED = 'REFUNDED',
  REJECTED = 'REJECTED',
}
registerEnumType(ClaimStatus, {
  name: 'ClaimStatus',
  description: 'Where a claim is.',
  valuesConfig: {
    OPEN: { description: 'Filed; waiting for Kedai Live staff to resolve it. At most one per order.' },
    REFUNDED: { description: 'Resolved with a refund, in full or in part (`decision`, `refundAmount`).' },
    REJECTED: { description: 'Resolved without a refund; `resolutionReason` says why.' },
  },
});

export enum ClaimDecision {
  REFUND_FULL = 'REFUND_FULL',
  REFUND_PARTIAL = 'REFUND_PARTIAL',
  REJECT = 'REJECT',
}
registerEnumType(ClaimDecision, {
  name: 'ClaimDecision',
  description: "Kedai Live staff's decision on a claim.",
  valuesConfig: {
    REFUND_FULL: { description: 'Refund everything still refundable of the order (less what an open return request will refund).' },
    REFUND_PARTIAL: { description: 'Refund `amount` rupiah, at most what is still refundable.' },
    REJECT: { description: 'No refund; a reason is required and the buyer and the shop see it.' },
  },
});

@ObjectType({ implements: Node, description: "A buyer's claim on a delivered order, resolved by Kedai Live staff." })
@Entity()
@Index({ properties: ['order', 'id'] })
@Index({ properties: ['buyer', 'filedAt'] })
@Index({ properties: ['shop', 'filedAt'] })
@Index({ properties: ['status', 'filedAt'] })
export class Claim extends Node {
  [OptionalProps]?: 'openOrderId' | 'decision' | 'refundAmount' | 'resolutionReason' | 'resolvedAt' | 'resolvedBy' | 'version';

  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => Order, { ref: true, deleteRule: 'cascade' })
  order!: Ref<Order>;

  /** The order's buyer, copied so the buyer's list needs no join. */
  @ManyToOne(() => User, { ref: true })
  buyer!: Ref<User>;

  /** The order's shop, copied so the shop's list needs no join. */
  @ManyToOne(() => Shop, { ref: true })
  shop!: Ref<Shop>;

  /**
   * The order's id while the claim is OPEN, null once resolved: its unique index allows one open claim per order
   * (NULLs never collide), even when the buyer files twice at the same moment.
   */
  @Unique()
  @Property({ type: 'integer', nullable: true })
  openOrderId: number | null = null;

  @Field(() => ClaimType, { description: 'What went wrong.' })
  @Property({ type: 'string', length: 16 })
  type!: ClaimType;

  @Field(() => ClaimStatus, { description: 'Where the claim is.' })
  @Property({ type: 'string', length: 16 })
  status!: ClaimStatus;

  @Field({ description: "The buyer's account of the problem, 10–1000 characters." })
  @Property({ type: 'string', length: 1000 })
  description!: string;

  @Field(() => [String], { description: 'Photos or videos of the problem: 0–5 https URLs (at least one for DAMAGED and WRONG_ITEM).' })
  @Property({ type: 'json' })
  evidenceUrls!: string[];

  @Field({ description: 'When the buyer filed it.' })
  @Property({ type: 'datetime' })
  filedAt!: Date;

  @Field(() => ClaimDecision, { nullable: true, description: "Staff's decision, once resolved." })
  @Property({ type: 'string', length: 16, nullable: true })
  decision: ClaimDecision | null = null;

  /** What went back to the buyer, in minor units; null unless REFUNDED. */
  @Property({ type: 'bigint', runtimeType: 'number', nullable: true })
  refundAmount: number | null = null;

  @Field(() => String, { nullable: true, description: "Staff's explanation: why it was rejected (always given), or a note with the refund." })
  @Property({ type: 'string', length: 500, nullable: true })
  resolutionReason: string | null = null;

  @Field(() => Date, { nullable: true, description: 'When it was resolved.' })
  @Property({ type: 'datetime', nullable: true })
  resolvedAt: Date | null = null;

  /** The staff member who resolved it. */
  @ManyToOne(() => User, { ref: true, nullable: true })
  resolvedBy: Ref<User> | null = null;

  @Field(() => Int, { description: 'Optimistic-locking version: two staff members resolving at once make one resolution.' })
  @Property({ type: 'integer', version: true })
  version: number = 1;
}
