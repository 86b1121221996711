import { Check, Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { User } from '../accounts/user.entity';
import { Product, ProductVariant } from '../catalog/product.entity';
import { Node } from '../shared/node';
import { LiveStream } from './live-stream.entity';

/**
 * Where a flash sale is in its life, as announced to viewers: the sweeper moves SCHEDULED → ACTIVE at `startsAt`
 * and anything → ENDED at `endsAt`; the seller (or the end of the stream) can end it earlier.
 */
export enum FlashSalePhase {
  SCHEDULED = 'SCHEDULED',
  ACTIVE = 'ACTIVE',
  ENDED = 'ENDED',
}

export enum FlashSaleStatus {
  SCHEDULED = 'SCHEDULED',
  ACTIVE = 'ACTIVE',
  SOLD_OUT = 'SOLD_OUT',
  ENDED = 'ENDED',
}
registerEnumType(FlashSaleStatus, {
  name: 'FlashSaleStatus',
  description: 'Where a flash sale is now (by the clock, whether or not its events went out yet).',
  valuesConfig: {
    SCHEDULED: { description: 'Counting down to `startsAt`; the live price does not apply yet.' },
    ACTIVE: { description: 'Between `startsAt` and `endsAt` with units left: LIVE orders get the sale price.' },
    SOLD_OUT: { description: 'Every unit is taken; orders pay the normal price until a cancelled order gives units back.' },
    ENDED: { description: 'Past `endsAt`, or ended by the shop or with the stream.' },
  },
});

/**
 * A live-only price on one variant for a short window, for at most `quantity` units and `perBuyerLimit` units per
 * buyer. `soldQuantity` changes only through conditional UPDATEs (`sold_quantity + n <= quantity`); the CHECK backs
 * it up. `phase` is written only through `writeFlashSalePhase` (flash-sale.status.ts).
 */
@ObjectType({ implements: Node, description: 'A flash sale in a live stream: a live-only price on one variant, a quantity cap, a per-buyer limit, a countdown and an end time.' })
@Entity()
@Index({ properties: ['liveStream', 'id'] })
@Index({ properties: ['phase', 'startsAt'] })
@Index({ properties: ['phase', 'endsAt'] })
// One flash sale at a time per stream (counting down or running): a second start fails on this index.
@Index({ name: 'flash_sale_one_open_per_stream', expression: `create unique index "flash_sale_one_open_per_stream" on "flash_sale" ("live_stream_id") where "phase" <> 'ENDED'` })
@Check({ name: 'flash_sale_sold_within_quantity', expression: 'sold_quantity >= 0 and sold_quantity <= quantity' })
export class FlashSale extends Node {
  [OptionalProps]?: 'phase' | 'soldQuantity' | 'announcedQuantity' | 'soldOutAnnounced' | 'endedAt' | 'version';

  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => LiveStream, { ref: true })
  liveStream!: Ref<LiveStream>;

  @ManyToOne(() => ProductVariant, { ref: true })
  variant!: Ref<ProductVariant>;

  /** The variant's product (for events and the catalog check). */
  @ManyToOne(() => Product, { ref: true })
  product!: Ref<Product>;

  /** Live price of one unit, in minor units; below the variant's price. */
  @Property({ type: 'bigint', runtimeType: 'number' })
  price!: number;

  @Field(() => Int, { description: 'Units on sale at the live price.' })
  @Property({ type: 'integer' })
  quantity!: number;

  @Field(() => Int, { description: 'Units taken at the live price by orders not cancelled.' })
  @Property({ type: 'integer' })
  soldQuantity: number = 0;

  @Field(() => Int, { description: 'Units one buyer may take at the live price, across their orders.' })
  @Property({ type: 'integer' })
  perBuyerLimit!: number;

  @Field({ description: 'When the live price starts (the end of the countdown).' })
  @Property({ type: 'datetime' })
  startsAt!: Date;

  @Field({ description: 'When the live price ends by itself.' })
  @Property({ type: 'datetime' })
  endsAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it ended (by time, by the shop or with the stream); null while it has not.' })
  @Property({ type: 'datetime', nullable: true })
  endedAt?: Date | null = null;

  @Property({ type: 'string', length: 12 })
  phase: FlashSalePhase = FlashSalePhase.SCHEDULED;

  /**
   * Units whose purchase events were written (the live handler counts them in the stream's event order), so SOLD_OUT
   * is announced after the purchases that sold it out, not before the last of them.
   */
  @Property({ type: 'integer' })
  announcedQuantity: number = 0;

  /**
   * True once its SOLD_OUT event is written; false again when a cancellation gives units back (RESTOCKED), so it can
   * sell out, and be announced, again. Set by conditional UPDATEs only, so each sell-out is announced once.
   */
  @Property({ type: 'boolean' })
  soldOutAnnounced: boolean = false;

  @Property({ type: 'integer', version: true })
  version: number = 1;

  @Field({ description: 'When the shop started it (the countdown began).' })
  @Property({ type: 'datetime' })
  createdAt!: Date;

  /** SCHEDULED, ACTIVE, SOLD_OUT or ENDED at `now`: by the clock, not by the events sent so far. */
  statusAt(now: Date): FlashSaleStatus {
    if (this.phase === FlashSalePhase.ENDED || this.endsAt <= now) return FlashSaleStatus.ENDED;
    if (this.startsAt > now) return FlashSaleStatus.SCHEDULED;
    return this.soldQuantity >= this.quantity ? FlashSaleStatus.SOLD_OUT : FlashSaleStatus.ACTIVE;
  }

  /** Counting down or running at `now` (sold out included): the stream's one open sale. */
  isOpenAt(now: Date): boolean {
    return this.statusAt(now) !== FlashSaleStatus.ENDED;
  }
}

/**
 * Units of a flash sale one buyer holds. One row per (sale, buyer), created on first purchase with
 * `insert … on conflict do nothing`; `quantity` then moves by conditional UPDATEs (`quantity + n <= per_buyer_limit`).
 */
@Entity()
@Unique({ properties: ['flashSale', 'buyer'] })
@Check({ name: 'flash_sale_buyer_usage_not_negative', expression: 'quantity >= 0' })
export class FlashSaleBuyerUsage {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => FlashSale, { ref: true, deleteRule: 'cascade' })
  flashSale!: Ref<FlashSale>;

  @ManyToOne(() => User, { ref: true })
  buyer!: Ref<User>;

  @Property({ type: 'integer' })
  quantity!: number;
}
