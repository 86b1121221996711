import { Check, Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Product } from '../catalog/product.entity';
import { Node } from '../shared/node';
import { Shop } from '../shops/shop.entity';

export enum LiveStreamStatus {
  SCHEDULED = 'SCHEDULED',
  LIVE = 'LIVE',
  ENDED = 'ENDED',
}
registerEnumType(LiveStreamStatus, {
  name: 'LiveStreamStatus',
  description: 'Where a live stream is: announced, on air, or over.',
  valuesConfig: {
    SCHEDULED: { description: 'Announced for `scheduledAt`; the shop prepares its catalog.' },
    LIVE: { description: 'On air: buyers watch and buy at live prices. A shop has at most one LIVE stream.' },
    ENDED: { description: 'Over (or cancelled before it started); kept with its stats.' },
  },
});

/**
 * A shop's live broadcast. `status` changes only through `writeStreamStatus` (live-stream.status.ts). The stats
 * counters (`viewerCount`, `peakViewers`, `orderCount`, `unitsSold`, `gmv`) change only through conditional UPDATEs,
 * never through this entity, so a flush of it never writes them back.
 */
@ObjectType({ implements: Node, description: 'A live shopping broadcast of a shop: its shopping bag, pinned product, flash sales and stats.' })
@Entity()
@Index({ properties: ['status', 'startedAt', 'id'] })
@Index({ properties: ['status', 'scheduledAt', 'id'] })
@Index({ properties: ['status', 'endedAt', 'id'] })
@Index({ properties: ['shop', 'status'] })
// One LIVE stream per shop, race-free: a second start fails on this index.
@Index({ name: 'live_stream_one_live_per_shop', expression: `create unique index "live_stream_one_live_per_shop" on "live_stream" ("shop_id") where "status" = 'LIVE'` })
@Check({ name: 'live_stream_stats_not_negative', expression: 'viewer_count >= 0 and peak_viewers >= 0 and order_count >= 0 and units_sold >= 0 and gmv >= 0' })
export class LiveStream extends Node {
  [OptionalProps]?: 'status' | 'coverUrl' | 'startedAt' | 'endedAt' | 'pinnedProduct' | 'viewerCount' | 'peakViewers' | 'orderCount' | 'unitsSold' | 'gmv' | 'version';

  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => Shop, { ref: true })
  shop!: Ref<Shop>;

  @Field({ description: 'Title shown to viewers, 3–100 characters.' })
  @Property({ type: 'string', length: 100 })
  title!: string;

  @Field(() => String, { nullable: true, description: 'Cover image (https) shown before and during the stream; null when the shop gave none.' })
  @Property({ type: 'string', length: 500, nullable: true })
  coverUrl?: string | null = null;

  @Field(() => LiveStreamStatus, { description: 'SCHEDULED, LIVE or ENDED.' })
  @Property({ type: 'string', length: 12 })
  status: LiveStreamStatus = LiveStreamStatus.SCHEDULED;

  @Field({ description: 'When the shop said it would go live.' })
  @Property({ type: 'datetime' })
  scheduledAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it went live; null before.' })
  @Property({ type: 'datetime', nullable: true })
  startedAt?: Date | null = null;

  @Field(() => Date, { nullable: true, description: 'When it ended (or was cancelled); null before.' })
  @Property({ type: 'datetime', nullable: true })
  endedAt?: Date | null = null;

  /** The product shown on top of the stream; one at a time. */
  @ManyToOne(() => Product, { ref: true, nullable: true })
  pinnedProduct?: Ref<Product> | null = null;

  /** Viewers at the last count (the viewer-count job), while LIVE. */
  @Property({ type: 'integer' })
  viewerCount: number = 0;

  @Field(() => Int, { description: 'Most viewers counted at once.' })
  @Property({ type: 'integer' })
  peakViewers: number = 0;

  @Field(() => Int, { description: 'Orders placed from this stream (cancelled ones included).' })
  @Property({ type: 'integer' })
  orderCount: number = 0;

  @Field(() => Int, { description: 'Units ordered from this stream (cancelled orders included).' })
  @Property({ type: 'integer' })
  unitsSold: number = 0;

  /** Gross merchandise value: the subtotals of the orders placed from this stream, in minor units. */
  @Property({ type: 'bigint', runtimeType: 'number' })
  gmv: number = 0;

  @Property({ type: 'integer', version: true })
  version: number = 1;

  @Field({ description: 'When it was scheduled.' })
  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Field({ description: 'When its status, catalog or pinned product last changed.' })
  @Property({ type: 'datetime' })
  updatedAt!: Date;
}

/** A product in a stream's shopping bag, in the shop's order. */
@Entity()
@Unique({ properties: ['liveStream', 'product'] })
@Index({ properties: ['liveStream', 'position'] })
export class LiveStreamProduct {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => LiveStream, { ref: true, deleteRule: 'cascade' })
  liveStream!: Ref<LiveStream>;

  @ManyToOne(() => Product, { ref: true })
  product!: Ref<Product>;

  /** Order in the bag, from 0; ties (concurrent additions) go by id. */
  @Property({ type: 'integer' })
  position!: number;
}
