import { Check, Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { User } from '../accounts/user.entity';
import { Product } from '../catalog/product.entity';
import { Node } from '../shared/node';
import { Shop } from '../shops/shop.entity';

/**
 * A buyer's review of one order line: a 1–5 star rating, optional text and photos, and at most one reply from the
 * shop. The author is only ever shown masked (`authorName`).
 */
@ObjectType({ implements: Node, description: 'A buyer\'s rating and review of a product they bought, with the shop\'s reply.' })
@Entity()
@Index({ properties: ['product', 'createdAt', 'id'] })
@Index({ properties: ['shop', 'createdAt', 'id'] })
@Check({ name: 'product_review_rating_range', expression: 'rating >= 1 and rating <= 5' })
export class ProductReview extends Node {
  [OptionalProps]?: 'orderLineId' | 'imageCount' | 'reply' | 'repliedAt';

  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => Product, { ref: true })
  product!: Ref<Product>;

  /** The product's shop, so a shop's reviews are one index away and replies check membership without a join. */
  @ManyToOne(() => Shop, { ref: true })
  shop!: Ref<Shop>;

  /** Never exposed: GraphQL shows `authorName`, masked. */
  @ManyToOne(() => User, { ref: true })
  author!: Ref<User>;

  /**
   * The order line reviewed: one review per line. A plain column until the orders feature exists (then a
   * relation). Unique; NULLs never collide, on SQLite or PostgreSQL.
   */
  @Unique()
  @Property({ type: 'integer', nullable: true })
  orderLineId: number | null = null;

  @Field(() => Int, { description: 'Stars, 1 (poor) to 5 (excellent).' })
  @Property({ type: 'integer' })
  rating!: number;

  @Field(() => String, { description: 'What the buyer wrote, plain text up to 2,000 characters; empty when they only rated.' })
  @Property({ type: 'text' })
  text!: string;

  @Field(() => [String], { description: 'Photo URLs (https), at most 6.' })
  @Property({ type: 'json' })
  imageUrls!: string[];

  /** `imageUrls.length`, a column so "with photos" filters the same way on both stores. */
  @Property({ type: 'integer' })
  imageCount: number = 0;

  @Field(() => String, { nullable: true, description: "The shop's reply, plain text; null until the shop replies." })
  @Property({ type: 'text', nullable: true })
  reply: string | null = null;

  @Field(() => Date, { nullable: true, description: 'When the shop replied; null until it does.' })
  @Property({ type: 'datetime', nullable: true })
  repliedAt: Date | null = null;

  @Field(() => Date, { description: 'When the review was written.' })
  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Field(() => Date, { description: 'When the review or its reply last changed.' })
  @Property({ type: 'datetime' })
  updatedAt!: Date;
}
