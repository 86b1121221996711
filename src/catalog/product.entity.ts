import { Check, Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Shop } from '../shops/shop.entity';
import { Node } from '../shared/node';
import { Category } from './category.entity';

export enum ProductStatus {
  DRAFT = 'DRAFT',
  ACTIVE = 'ACTIVE',
  REJECTED = 'REJECTED',
  ARCHIVED = 'ARCHIVED',
}
registerEnumType(ProductStatus, {
  name: 'ProductStatus',
  description: 'Whether buyers can see and buy a product.',
  valuesConfig: {
    DRAFT: { description: 'Being prepared; only the shop sees it.' },
    ACTIVE: { description: 'Listed: buyers can find and buy it.' },
    REJECTED: { description: 'Taken down by platform review; only the shop sees it.' },
    ARCHIVED: { description: 'Withdrawn by the shop; kept for past orders, not buyable.' },
  },
});

/** A listing. Prices and stock live on its variants; `minPrice` is kept here for sorting and filtering. */
@ObjectType({ implements: Node, description: 'A product a shop sells, with one or more variants.', simpleResolvers: true })
@Entity()
@Index({ properties: ['status', 'createdAt', 'id'] })
@Index({ properties: ['shop', 'status', 'id'] })
@Index({ properties: ['category', 'status'] })
@Index({ properties: ['minPrice', 'id'] })
@Index({ properties: ['soldCount', 'id'] })
export class Product extends Node {
  [OptionalProps]?: 'status' | 'soldCount' | 'ratingAverage' | 'ratingCount' | 'version' | 'publishedAt' | 'rejectionReason';

  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => Shop, { ref: true })
  shop!: Ref<Shop>;

  @ManyToOne(() => Category, { ref: true })
  category!: Ref<Category>;

  @Field({ description: 'Title, 5–255 characters.' })
  @Property({ length: 255 })
  title!: string;

  /** Lower-cased title and description, for text search on both stores. */
  @Property({ type: 'text', lazy: true })
  searchText!: string;

  @Field({ description: 'Description, plain text, up to 5,000 characters.' })
  @Property({ type: 'text' })
  description!: string;

  @Field(() => [String], { description: 'Image URLs (https), the first is the cover.' })
  @Property({ type: 'json' })
  imageUrls!: string[];

  @Field(() => ProductStatus, { description: 'Listing state.' })
  @Property({ type: 'string', length: 10 })
  status: ProductStatus = ProductStatus.DRAFT;

  /** Cheapest active variant, in minor units. */
  @Property({ type: 'bigint', runtimeType: 'number' })
  minPrice!: number;

  @Field(() => Int, { description: 'Units sold, across all variants.' })
  @Property({ type: 'integer' })
  soldCount: number = 0;

  /** Mean rating (0 when there are no reviews), kept by the reviews feature for sorting. */
  @Property({ type: 'double' })
  ratingAverage: number = 0;

  @Property({ type: 'integer' })
  ratingCount: number = 0;

  @Field(() => Int, { description: 'Optimistic-locking version; pass it as `expectedVersion` to updateProduct.' })
  @Property({ type: 'integer', version: true })
  version: number = 1;

  @Field({ description: 'When the product was created.' })
  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Field({ description: 'When the product last changed.' })
  @Property({ type: 'datetime' })
  updatedAt!: Date;

  /** Why platform review rejected it; set while REJECTED, shown to the shop and admins only. */
  @Property({ length: 500, nullable: true })
  rejectionReason?: string | null = null;

  @Field(() => Date, { nullable: true, description: 'When it was first made ACTIVE.' })
  @Property({ type: 'datetime', nullable: true })
  publishedAt?: Date | null = null;
}

/** One buyable option of a product ("Merah / M"): its own SKU, price and stock. */
@ObjectType({ implements: Node, description: 'A buyable variant of a product, e.g. colour Merah, size M.', simpleResolvers: true })
@Entity()
@Unique({ properties: ['shop', 'sku'] })
@Index({ properties: ['product', 'position'] })
@Check({ name: 'product_variant_stock_not_negative', expression: 'stock >= 0' })
export class ProductVariant extends Node {
  [OptionalProps]?: 'isActive' | 'compareAtPrice' | 'position';

  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => Product, { ref: true })
  product!: Ref<Product>;

  /** The product's shop, so SKUs are unique per shop. */
  @ManyToOne(() => Shop, { ref: true })
  shop!: Ref<Shop>;

  @Field({ description: 'Stock-keeping unit, unique within the shop.' })
  @Property({ length: 64 })
  sku!: string;

  @Field({ description: 'The option values joined, e.g. "Merah / M"; "Default" for a product without options.' })
  @Property({ length: 255 })
  title!: string;

  /** `[{ name: 'Warna', value: 'Merah' }, …]` in the product's option order. */
  @Property({ type: 'json' })
  options!: { name: string; value: string }[];

  /** Price in minor units. */
  @Property({ type: 'bigint', runtimeType: 'number' })
  price!: number;

  /** "Coret" price shown struck through, in minor units; above `price` when set. */
  @Property({ type: 'bigint', runtimeType: 'number', nullable: true })
  compareAtPrice?: number | null = null;

  @Field(() => Int, { description: 'Units available now. Never negative.' })
  @Property({ type: 'integer' })
  stock!: number;

  @Field(() => Int, { description: 'Shipping weight in grams.' })
  @Property({ type: 'integer' })
  weightGrams!: number;

  @Field(() => Int, { description: 'Order among the product\'s variants.' })
  @Property({ type: 'integer' })
  position: number = 0;

  /** False once removed from the product; kept for past orders. */
  @Field({ description: 'False when the shop removed this variant; it stays readable for past orders.' })
  @Property({ type: 'boolean' })
  isActive: boolean = true;
}
