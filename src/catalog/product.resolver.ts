import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root, registerEnumType } from 'type-graphql';
import type { Context } from '../shared/context';
import type { EntityView } from '../shared/views';
import { badUserInput } from '../shared/errors';
import { decodeIdOf } from '../shared/ids';
import { money, type Money } from '../shared/money';
import { Money as MoneyType } from '../shared/money';
import { ConnectionArgs } from '../shared/pagination';
import { toPayload } from '../shared/user-error';
import { Role, hasRole } from '../shared/viewer';
import { viewerRoleIn } from '../shops/shop-access';
import { Shop } from '../shops/shop.entity';
import { shopViewsFor } from '../shops/shops.loaders';
import { productFilter, productPage, type ProductScope, type ProductSortProperty } from './product-browse';
import { rankedProducts } from './product-relevance';
import { categoryById, childrenByParent, variantCardsByProduct, variantsByProduct } from './catalog.loaders';
import { selectsOnly } from '../shared/selection';
import { visibleProduct } from './catalog-access';
import { Category } from './category.entity';
import { Product, ProductStatus, ProductVariant } from './product.entity';
import {
  AdjustVariantStockInput,
  ArchiveProductInput,
  CreateProductInput,
  ReviewProductInput,
  SetVariantStockInput,
  UpdateProductInput,
} from './product.inputs';
import { PriceRange, ProductConnection, ProductOption, ProductPayload, SelectedOption, VariantStockPayload } from './product.payloads';
import * as products from './product.service';

export enum ProductSort {
  RELEVANCE = 'RELEVANCE',
  NEWEST = 'NEWEST',
  PRICE_ASC = 'PRICE_ASC',
  PRICE_DESC = 'PRICE_DESC',
  BEST_SELLING = 'BEST_SELLING',
  RATING = 'RATING',
}
registerEnumType(ProductSort, {
  name: 'ProductSort',
  description: 'How to order products.',
  valuesConfig: {
    RELEVANCE: {
      description:
        'With `query`: best text match first (PostgreSQL: full-text rank, title above description; SQLite: title matches before description-only ones), then most sold. Without `query`: most sold first.',
    },
    NEWEST: { description: 'Most recently created first.' },
    PRICE_ASC: { description: 'Cheapest (lowest variant price) first.' },
    PRICE_DESC: { description: 'Dearest first.' },
    BEST_SELLING: { description: 'Most units sold first.' },
    RATING: { description: 'Highest average rating first.' },
  },
});

const SORTS: Record<ProductSort, { property: ProductSortProperty; direction: 'ASC' | 'DESC' }> = {
  RELEVANCE: { property: 'soldCount', direction: 'DESC' },
  NEWEST: { property: 'createdAt', direction: 'DESC' },
  PRICE_ASC: { property: 'minPrice', direction: 'ASC' },
  PRICE_DESC: { property: 'minPrice', direction: 'DESC' },
  BEST_SELLING: { property: 'soldCount', direction: 'DESC' },
  RATING: { property: 'ratingAverage', direction: 'DESC' },
};

@ArgsType()
class ProductFilterArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: 'Words to find in titles and descriptions (any letter case).' })
  query?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only products in this category or below it.' })
  categoryId?: string | null;

  @Field(() => String, { nullable: true, description: 'Lowest price, decimal IDR, e.g. "50000".' })
  minPrice?: string | null;

  @Field(() => String, { nullable: true, description: 'Highest price, decimal IDR.' })
  maxPrice?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only products with stock in some variant.' })
  inStock?: boolean | null;

  @Field(() => ProductSort, { nullable: true, description: 'Order; RELEVANCE by default.' })
  sort?: ProductSort | null;
}

@ArgsType()
class ProductsArgs extends ProductFilterArgs {
  @Field(() => ID, { nullable: true, description: 'Only products of this shop.' })
  shopId?: string | null;
}

@ArgsType()
class ShopProductsArgs extends ProductFilterArgs {
  @Field(() => ProductStatus, { nullable: true, description: 'Members only: products in this status (default ACTIVE).' })
  status?: ProductStatus | null;
}

/** `ProductVariant` fields a variant card view (`variantCardsByProduct`) answers. */
const VARIANT_CARD_FIELDS = new Set(['__typename', 'id', 'price', 'compareAtPrice', 'stock', 'product']);

/** A product list; its nodes are views of the columns the selection (`info`) needs. */
async function browse(ctx: Context, args: ProductFilterArgs, scope: ProductScope, info: GraphQLResolveInfo) {
  const filter = await productFilter(ctx, scope, args);
  const sortName = args.sort ?? ProductSort.RELEVANCE;
  if (sortName === ProductSort.RELEVANCE && filter.words.length > 0) return rankedProducts(ctx, filter, args, info);
  const sort = SORTS[sortName];
  return productPage(ctx, filter, args, sort.property, sort.direction, info);
}

@Resolver(() => Product)
export class ProductResolver {
  @Query(() => Product, { nullable: true, description: 'A product by global ID; null when it does not exist or you may not see it.' })
  product(@Arg('id', () => ID, { description: 'Global ID of the product.' }) id: string, @Ctx() ctx: Context) {
    const dbId = decodeIdOf('Product', id);
    return dbId === null ? null : visibleProduct(ctx, dbId);
  }

  @Query(() => ProductConnection, { description: 'Products buyers can buy (ACTIVE, in approved shops): search, filter and sort.' })
  async products(@Args() args: ProductsArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    let shopId: number | undefined;
    if (args.shopId != null) {
      shopId = decodeIdOf('Shop', args.shopId) ?? undefined;
      if (shopId === undefined) throw badUserInput('`shopId` is not a shop.', 'shopId');
    }
    return browse(ctx, args, { status: ProductStatus.ACTIVE, shopId, approvedShops: true }, info);
  }

  @FieldResolver(() => Shop, { description: 'The shop selling it.' })
  async shop(@Root() product: EntityView<Product>, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return ctx.loaders.get(shopViewsFor(info)).load(product.shop.id);
  }

  @FieldResolver(() => Category, { description: 'Its category.' })
  category(@Root() product: EntityView<Product>, @Ctx() ctx: Context) {
    return ctx.loaders.get(categoryById).load(product.category.id);
  }

  @FieldResolver(() => [ProductVariant], { description: 'Buyable variants, in order (removed ones are left out).' })
  variants(@Root() product: EntityView<Product>, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return ctx.loaders.get(selectsOnly(info, VARIANT_CARD_FIELDS) ? variantCardsByProduct : variantsByProduct).load(product.id);
  }

  @FieldResolver(() => [ProductOption], { description: 'Options and their values, as the variants use them.' })
  async options(@Root() product: EntityView<Product>, @Ctx() ctx: Context): Promise<ProductOption[]> {
    const variants = await ctx.loaders.get(variantsByProduct).load(product.id);
    const names = variants[0]?.options.map((o) => o.name) ?? [];
    return names.map((name, i) => ({ name, values: [...new Set(variants.map((v) => v.options[i]?.value ?? ''))] }));
  }

  @FieldResolver(() => PriceRange, { nullable: true, description: 'Lowest and highest variant price; null without variants.' })
  async priceRange(@Root() product: EntityView<Product>, @Ctx() ctx: Context): Promise<PriceRange | null> {
    const prices = (await ctx.loaders.get(variantCardsByProduct).load(product.id)).map((v) => v.price);
    return prices.length === 0 ? null : { min: money(Math.min(...prices)), max: money(Math.max(...prices)) };
  }

  @FieldResolver(() => Boolean, { description: 'Whether any variant has stock.' })
  async inStock(@Root() product: EntityView<Product>, @Ctx() ctx: Context): Promise<boolean> {
    return (await ctx.loaders.get(variantCardsByProduct).load(product.id)).some((v) => v.stock > 0);
  }

  @FieldResolver(() => Int, { description: 'Units in stock across variants.' })
  async totalStock(@Root() product: EntityView<Product>, @Ctx() ctx: Context): Promise<number> {
    return (await ctx.loaders.get(variantCardsByProduct).load(product.id)).reduce((sum, v) => sum + v.stock, 0);
  }

  @Authorized()
  @Mutation(() => ProductPayload, { description: 'Creates a product in an approved shop you belong to, checked against the product guidelines.' })
  createProduct(@Arg('input', () => CreateProductInput, { description: 'The product.' }) input: CreateProductInput, @Ctx() ctx: Context) {
    return toPayload({ product: null }, async () => ({ product: await products.createProduct(ctx, input) }));
  }

  @Authorized()
  @Mutation(() => ProductPayload, { description: 'Changes a product (guarded by `expectedVersion`), re-checking the guidelines.' })
  updateProduct(@Arg('input', () => UpdateProductInput, { description: 'The changes.' }) input: UpdateProductInput, @Ctx() ctx: Context) {
    return toPayload({ product: null }, async () => ({ product: await products.updateProduct(ctx, input) }));
  }

  @FieldResolver(() => String, { nullable: true, description: 'Why platform review rejected it (while REJECTED); only shop members and admins see it, others get null.' })
  async rejectionReason(@Root() product: EntityView<Product>, @Ctx() ctx: Context): Promise<string | null> {
    if (product.rejectionReason == null) return null;
    return hasRole(ctx.viewer, Role.ADMIN) || (await viewerRoleIn(ctx, product.shop.id)) !== null ? product.rejectionReason : null;
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ProductPayload, {
    description: 'Admin review: REJECT takes a product off sale (status REJECTED, with a reason the shop sees); RESTORE puts a rejected one back on sale.',
  })
  reviewProduct(@Arg('input', () => ReviewProductInput, { description: 'The decision.' }) input: ReviewProductInput, @Ctx() ctx: Context) {
    return toPayload({ product: null }, async () => ({ product: await products.reviewProduct(ctx, input) }));
  }

  @Authorized()
  @Mutation(() => ProductPayload, { description: 'Withdraws a product; it stays readable for past orders.' })
  archiveProduct(@Arg('input', () => ArchiveProductInput, { description: 'The product.' }) input: ArchiveProductInput, @Ctx() ctx: Context) {
    return toPayload({ product: null }, async () => ({ product: await products.archiveProduct(ctx, input) }));
  }

  @Authorized()
  @Mutation(() => VariantStockPayload, { description: 'Sets a variant\'s stock to an exact number (idempotent by key).' })
  setVariantStock(@Arg('input', () => SetVariantStockInput, { description: 'The change.' }) input: SetVariantStockInput, @Ctx() ctx: Context) {
    return toPayload({ variant: null, stockAfterChange: null, replayed: null }, async () => {
      const change = await products.setVariantStock(ctx, input);
      return { variant: change.variant, stockAfterChange: change.stock, replayed: change.replayed };
    });
  }

  @Authorized()
  @Mutation(() => VariantStockPayload, { description: 'Adds to or removes from a variant\'s stock atomically (idempotent by key); never below 0.' })
  adjustVariantStock(@Arg('input', () => AdjustVariantStockInput, { description: 'The change.' }) input: AdjustVariantStockInput, @Ctx() ctx: Context) {
    return toPayload({ variant: null, stockAfterChange: null, replayed: null }, async () => {
      const change = await products.adjustVariantStock(ctx, input);
      return { variant: change.variant, stockAfterChange: change.stock, replayed: change.replayed };
    });
  }
}

@Resolver(() => ProductVariant)
export class VariantResolver {
  @FieldResolver(() => MoneyType, { description: 'Price.' })
  price(@Root() variant: EntityView<ProductVariant>): Money {
    return money(variant.price);
  }

  @FieldResolver(() => MoneyType, { nullable: true, description: 'Struck-through "coret" price; null for none.' })
  compareAtPrice(@Root() variant: EntityView<ProductVariant>): Money | null {
    return variant.compareAtPrice == null ? null : money(variant.compareAtPrice);
  }

  @FieldResolver(() => [SelectedOption], { description: 'Its value for each product option.' })
  selectedOptions(@Root() variant: EntityView<ProductVariant>): SelectedOption[] {
    return variant.options;
  }

  @FieldResolver(() => Product, { nullable: true, description: 'The product; null if you may no longer see it.' })
  product(@Root() variant: EntityView<ProductVariant>, @Ctx() ctx: Context) {
    return visibleProduct(ctx, variant.product.id);
  }
}

@Resolver(() => Shop)
export class ShopProductsResolver {
  @FieldResolver(() => ProductConnection, { description: 'The shop\'s products; members may ask for other statuses.' })
  async products(@Root() shop: EntityView<Shop>, @Args() args: ShopProductsArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    const status = args.status ?? ProductStatus.ACTIVE;
    if (status !== ProductStatus.ACTIVE && (await viewerRoleIn(ctx, shop.id)) === null) {
      throw badUserInput('Only shop members may list products that are not active.', 'status');
    }
    return browse(ctx, args, { status, shopId: shop.id, approvedShops: false }, info);
  }
}

@Resolver(() => Category)
export class CategoryResolver {
  @Query(() => [Category], { description: 'The category tree: the top-level categories, in order (use `children`).' })
  categories(@Ctx() ctx: Context) {
    return ctx.em.find(Category, { parent: null }, { orderBy: { position: 'ASC', id: 'ASC' } });
  }

  @Query(() => Category, { nullable: true, description: 'A category by global ID or slug.' })
  async category(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { nullable: true, description: 'Global ID.' }) id?: string | null,
    @Arg('slug', () => String, { nullable: true, description: 'Slug, e.g. "batik".' }) slug?: string | null,
  ) {
    if ((id == null) === (slug == null)) throw badUserInput('Pass exactly one of `id` or `slug`.', 'id');
    if (id != null) {
      const dbId = decodeIdOf('Category', id);
      return dbId === null ? null : ctx.loaders.get(categoryById).load(dbId);
    }
    return ctx.em.findOne(Category, { slug: slug! });
  }

  @FieldResolver(() => [Category], { description: 'Direct subcategories, in order.' })
  children(@Root() category: Category, @Ctx() ctx: Context) {
    return ctx.loaders.get(childrenByParent).load(category.id);
  }

  @FieldResolver(() => Category, { nullable: true, description: 'The parent; null at the top.' })
  parent(@Root() category: Category, @Ctx() ctx: Context) {
    return category.parent ? ctx.loaders.get(categoryById).load(category.parent.id) : null;
  }
}

