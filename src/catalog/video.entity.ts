import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { Shop } from '../shops/shop.entity';
import { Node } from '../shared/node';
import { Product } from './product.entity';

/** A short shoppable video a shop published, with the products it shows (`tags`). */
@ObjectType({ implements: Node, description: 'A short shoppable video published by a shop, tagged with the products it shows.', simpleResolvers: true })
@Entity()
@Index({ properties: ['createdAt', 'id'] })
@Index({ properties: ['shop', 'createdAt', 'id'] })
export class Video extends Node {
  [OptionalProps]?: 'durationSeconds' | 'thumbnailUrl';

  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => Shop, { ref: true })
  shop!: Ref<Shop>;

  @Field({ description: 'Caption, plain text (not HTML or Markdown), 1–2,200 characters.' })
  @Property({ type: 'text' })
  caption!: string;

  @Field({ description: 'Where the video file is played from (https).' })
  @Property({ type: 'string', length: 500 })
  videoUrl!: string;

  @Field(() => String, { nullable: true, description: 'Cover image URL (https); null when the client should use the first frame.' })
  @Property({ type: 'string', length: 500, nullable: true })
  thumbnailUrl?: string | null = null;

  @Field(() => Int, { nullable: true, description: 'Length of the video in seconds, when the shop gave it.' })
  @Property({ type: 'integer', nullable: true })
  durationSeconds?: number | null = null;

  @Field({ description: 'When the video was published.' })
  @Property({ type: 'datetime' })
  createdAt!: Date;
}

/** A product tagged in a video, in the order the shop listed them, with the second at which it appears. */
@Entity()
@Unique({ properties: ['video', 'product'] })
@Index({ properties: ['product', 'video'] })
export class VideoProduct {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => Video, { ref: true, deleteRule: 'cascade' })
  video!: Ref<Video>;

  @ManyToOne(() => Product, { ref: true })
  product!: Ref<Product>;

  /** Second of the video at which the product appears (0–36,000); null when not given. */
  @Property({ type: 'integer', nullable: true })
  atSecond!: number | null;

  /** Order among the video's tags, from 0. */
  @Property({ type: 'integer' })
  position!: number;
}
