import { Check, Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { User } from '../accounts/user.entity';
import { Node } from '../shared/node';
import { Shop } from '../shops/shop.entity';

export enum VoucherType {
  PERCENT = 'PERCENT',
  FIXED = 'FIXED',
}
registerEnumType(VoucherType, {
  name: 'VoucherType',
  description: 'How a voucher takes money off the subtotal.',
  valuesConfig: {
    PERCENT: { description: '`percentOff` percent of the subtotal, rounded down, at most `maximumDiscount` when set.' },
    FIXED: { description: '`amountOff` off the subtotal.' },
  },
});

export enum VoucherState {
  UPCOMING = 'UPCOMING',
  ACTIVE = 'ACTIVE',
  EXPIRED = 'EXPIRED',
}
registerEnumType(VoucherState, {
  name: 'VoucherState',
  description: 'Where a voucher is in its validity period (a voucher ended early is EXPIRED).',
  valuesConfig: {
    UPCOMING: { description: 'Before `validFrom`.' },
    ACTIVE: { description: 'Between `validFrom` and `validUntil`; usable while uses remain.' },
    EXPIRED: { description: 'Past `validUntil`, or ended early by the shop.' },
  },
});

/**
 * A shop voucher: a code buyers enter at checkout. `usedCount` changes only through conditional UPDATEs
 * (`used_count < usage_limit`), and the CHECK backs it up.
 */
@ObjectType({ implements: Node, description: "A shop voucher: a code buyers enter at checkout for a discount on the shop's products." })
@Entity()
@Unique({ properties: ['shop', 'code'] })
@Index({ properties: ['shop', 'validUntil'] })
@Check({ name: 'voucher_used_count_within_limit', expression: 'used_count >= 0 and used_count <= usage_limit' })
export class Voucher extends Node {
  [OptionalProps]?: 'name' | 'percentOff' | 'amountOff' | 'maximumDiscount' | 'usedCount' | 'endedAt';

  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => Shop, { ref: true })
  shop!: Ref<Shop>;

  @Field({ description: 'The code buyers enter: 3–20 upper-case letters and digits, unique in the shop.' })
  @Property({ type: 'string', length: 20 })
  code!: string;

  @Field(() => String, { nullable: true, description: 'A label for the shop, e.g. "Promo Gajian".' })
  @Property({ type: 'string', length: 100, nullable: true })
  name?: string | null = null;

  @Field(() => VoucherType, { description: 'Percent or fixed amount off.' })
  @Property({ type: 'string', length: 8 })
  type!: VoucherType;

  @Field(() => Int, { nullable: true, description: 'Percent off the subtotal (1–100), for PERCENT vouchers.' })
  @Property({ type: 'integer', nullable: true })
  percentOff?: number | null = null;

  /** Minor units off, for FIXED vouchers. */
  @Property({ type: 'bigint', runtimeType: 'number', nullable: true })
  amountOff?: number | null = null;

  /** Lowest subtotal it applies to, in minor units (0: any). */
  @Property({ type: 'bigint', runtimeType: 'number' })
  minimumSpend!: number;

  /** Cap on a PERCENT discount, in minor units; null: no cap. */
  @Property({ type: 'bigint', runtimeType: 'number', nullable: true })
  maximumDiscount?: number | null = null;

  @Field(() => Int, { description: 'How many orders may use it in total.' })
  @Property({ type: 'integer' })
  usageLimit!: number;

  @Field(() => Int, { description: 'Orders using it now (cancelled orders give their use back).' })
  @Property({ type: 'integer' })
  usedCount: number = 0;

  @Field(() => Int, { description: 'How many orders one buyer may use it on.' })
  @Property({ type: 'integer' })
  perBuyerLimit!: number;

  @Field({ description: 'From when it can be used.' })
  @Property({ type: 'datetime' })
  validFrom!: Date;

  @Field({ description: 'Until when it can be used (exclusive); moved to the ending time when the shop ends it early.' })
  @Property({ type: 'datetime' })
  validUntil!: Date;

  @Field(() => Date, { nullable: true, description: 'When the shop ended it early; null otherwise.' })
  @Property({ type: 'datetime', nullable: true })
  endedAt?: Date | null = null;

  @Field({ description: 'When it was created.' })
  @Property({ type: 'datetime' })
  createdAt!: Date;

  stateAt(now: Date): VoucherState {
    if (this.validUntil <= now) return VoucherState.EXPIRED;
    return this.validFrom > now ? VoucherState.UPCOMING : VoucherState.ACTIVE;
  }
}

/**
 * How many of a voucher's uses one buyer holds. One row per (voucher, buyer), created on first use with
 * `insert … on conflict do nothing`; `usedCount` then moves by conditional UPDATEs (`used_count < per_buyer_limit`).
 */
@Entity()
@Unique({ properties: ['voucher', 'buyer'] })
@Check({ name: 'voucher_buyer_usage_not_negative', expression: 'used_count >= 0' })
export class VoucherBuyerUsage {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => Voucher, { ref: true, deleteRule: 'cascade' })
  voucher!: Ref<Voucher>;

  @ManyToOne(() => User, { ref: true })
  buyer!: Ref<User>;

  @Property({ type: 'integer' })
  usedCount!: number;
}
