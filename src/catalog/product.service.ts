/** Products: create, update, archive; stock changes with idempotency keys. */
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { selectRows, updateRows } from '../shared/sql';
import { requireViewerUser } from '../accounts/account.service';
import { recordEvent } from '../events/outbox';
import { Topic } from '../events/topics';
import type { Context } from '../shared/context';
import { decodeIdOf } from '../shared/ids';
import { idempotent } from '../shared/idempotency';
import { assertTransition } from '../shared/state-machine';
import { failWith, UserErrorsException } from '../shared/user-error';
import { InputChecker } from '../shared/validation';
import { approvedShopForMember } from '../shops/shop-access';
import { toGlobalId } from '../shared/ids';
import { visibleProduct } from './catalog-access';
import { rulesInForce } from './guideline-set.service';
import { applyGuidelines, categoryWithPath, checkImages, checkOptions, checkVariants, type NormalisedVariant } from './product-input';
import { productTransitions } from './product-status';
import { Product, ProductStatus, ProductVariant } from './product.entity';
import { ProductReviewDecision } from './product.inputs';
import type {
  AdjustVariantStockInput,
  ArchiveProductInput,
  CreateProductInput,
  ReviewProductInput,
  SetVariantStockInput,
  UpdateProductInput,
} from './product.inputs';

export const CatalogEvent = {
  PRODUCT_CREATED: 'PRODUCT_CREATED',
  PRODUCT_UPDATED: 'PRODUCT_UPDATED',
  STOCK_CHANGED: 'STOCK_CHANGED',
  PRODUCT_REVIEWED: 'PRODUCT_REVIEWED',
} as const;

const searchTextOf = (title: string, description: string) => `${title}\n${description}`.toLowerCase();

function productEvent(em: EntityManager, ctx: Context, product: Product, type: string): void {
  recordEvent(em, ctx.clock, { topic: Topic.shop(product.shop.id), type, payload: { shopId: product.shop.id, productId: product.id, status: product.status } });
}

/** SKUs already used by other variants of the shop: reported as SKU_TAKEN on the variant's field. */
async function checkSkusFree(em: EntityManager, check: InputChecker, shopId: number, variants: readonly NormalisedVariant[], productId?: number) {
  const taken = await em.find(ProductVariant, {
    shop: shopId,
    sku: { $in: variants.map((v) => v.sku) },
    ...(productId ? { product: { $ne: productId } } : {}),
  });
  for (const variant of variants) {
    if (taken.some((t) => t.sku.toLowerCase() === variant.sku.toLowerCase())) {
      check.fail(`variants.${variant.index}.sku`, 'SKU_TAKEN', `Another product of the shop uses SKU "${variant.sku}".`);
    }
  }
}

export async function createProduct(ctx: Context, input: CreateProductInput): Promise<Product> {
  const shop = await approvedShopForMember(ctx, input.shopId);
  const check = new InputChecker();
  const title = check.text('title', input.title, 1, 255, 'Title');
  const description = check.text('description', input.description, 1, 5000, 'Description');
  const imageUrls = checkImages(check, input.imageUrls);
  const options = checkOptions(check, input.options ?? []);
  const variants = checkVariants(check, options, input.variants, () => true);
  const category = await categoryWithPath(ctx.em, input.categoryId);
  if (!category) check.fail('categoryId', 'NOT_FOUND', 'No such category.');
  applyGuidelines(check, (await rulesInForce(ctx)).rules, {
    title,
    description,
    imageUrls,
    categoryPathSlugs: category?.slugs ?? [],
    variantPrices: variants.map((v) => (v.priceOk ? v.price : null)),
  });
  await checkSkusFree(ctx.em, check, shop.id, variants);
  check.assert();

  const now = ctx.clock.now();
  const publish = input.publish === true;
  try {
    return await ctx.em.transactional(async (em) => {
      const product = em.create(Product, {
        shop: shop.id,
        category: category!.category.id,
        title,
        description,
        searchText: searchTextOf(title, description),
        imageUrls,
        status: publish ? ProductStatus.ACTIVE : ProductStatus.DRAFT,
        minPrice: Math.min(...variants.map((v) => v.price)),
        createdAt: now,
        updatedAt: now,
        publishedAt: publish ? now : null,
      });
      variants.forEach((v, position) =>
        em.create(ProductVariant, {
          product,
          shop: shop.id,
          sku: v.sku,
          title: v.title,
          options: v.options,
          price: v.price,
          compareAtPrice: v.compareAtPrice,
          stock: v.stock ?? 0,
          weightGrams: v.weightGrams,
          position,
        }),
      );
      await em.flush();
      productEvent(em, ctx, product, CatalogEvent.PRODUCT_CREATED);
      return product;
    });
  } catch (error) {
    // Another request took one of the SKUs between the check and the insert.
    if (error instanceof UniqueConstraintViolationException) failWith('SKU_TAKEN', 'Another product of the shop took one of these SKUs; try again.', ['input', 'variants']);
    throw error;
  }
}

/** A product of a shop the viewer manages (approved), or NOT_FOUND / FORBIDDEN / SHOP_NOT_APPROVED. */
async function ownProduct(ctx: Context, globalId: string): Promise<Product> {
  const id = decodeIdOf('Product', globalId);
  const product = id === null ? null : await visibleProduct(ctx, id);
  if (!product) failWith('NOT_FOUND', 'No such product.', ['input', 'productId']);
  await approvedShopForMember(ctx, toGlobalId('Shop', product.shop.id), ['input', 'productId']);
  return product;
}

export async function updateProduct(ctx: Context, input: UpdateProductInput): Promise<Product> {
  const product = await ownProduct(ctx, input.productId);
  if (product.version !== input.expectedVersion) {
    failWith('VERSION_CONFLICT', `The product changed since version ${input.expectedVersion} (now ${product.version}); reload it.`, ['input', 'expectedVersion']);
  }
  const check = new InputChecker();
  const title = input.title != null ? check.text('title', input.title, 1, 255, 'Title') : product.title;
  const description = input.description != null ? check.text('description', input.description, 1, 5000, 'Description') : product.description;
  const imageUrls = input.imageUrls != null ? checkImages(check, input.imageUrls) : product.imageUrls;
  const category = await categoryWithPath(ctx.em, input.categoryId ?? toGlobalId('Category', product.category.id));
  if (!category) check.fail('categoryId', 'NOT_FOUND', 'No such category.');

  const current = await ctx.em.find(ProductVariant, { product, isActive: true }, { orderBy: { position: 'ASC' } });
  let variants: NormalisedVariant[] | null = null;
  if (input.options != null && input.variants == null) check.fail('variants', 'INVALID_VARIANTS', 'Give the variants along with new options.');
  if (input.variants != null) {
    const options = input.options != null ? checkOptions(check, input.options) : optionsOf(current);
    variants = checkVariants(check, options, input.variants, (v) => v.variantId == null);
    for (const v of variants) {
      if (v.variantId !== null && !current.some((c) => c.id === v.variantId)) {
        check.fail(`variants.${v.index}.variantId`, 'NOT_FOUND', 'No such variant of this product.');
      }
    }
    await checkSkusFree(ctx.em, check, product.shop.id, variants, product.id);
  }
  let status = product.status;
  if (input.publish === true && status !== ProductStatus.ACTIVE) status = ProductStatus.ACTIVE;
  if (input.publish === false && status === ProductStatus.ACTIVE) status = ProductStatus.DRAFT;
  // A rejected product the shop fixes goes back on sale with `publish: true` (guidelines re-checked below), else to DRAFT.
  if (input.publish !== true && status === ProductStatus.REJECTED) status = ProductStatus.DRAFT;
  if (status !== product.status) {
    try {
      assertTransition(productTransitions, product.status, status, 'The product', ['input', 'publish']);
    } catch (error) {
      if (error instanceof UserErrorsException) check.errors.push(...error.userErrors);
      else throw error;
    }
  }
  applyGuidelines(check, (await rulesInForce(ctx)).rules, {
    title,
    description,
    imageUrls,
    categoryPathSlugs: category?.slugs ?? [],
    variantPrices: variants ? variants.map((v) => (v.priceOk ? v.price : null)) : current.map((c) => c.price),
  });
  check.assert();

  const now = ctx.clock.now();
  await ctx.em.transactional(async (em) => {
    const p = product;
    if (variants) {
      const keep = new Set(variants.map((v) => v.variantId).filter((id): id is number => id !== null));
      const dropped = current.filter((old) => !keep.has(old.id));
      for (const old of dropped) old.isActive = false;
      // A new variant may reuse the SKU of one being removed: free it first (the unique index is per shop).
      const reused = new Set(variants.filter((v) => v.variantId === null).map((v) => v.sku.toLowerCase()));
      const clashing = dropped.filter((old) => reused.has(old.sku.toLowerCase()));
      for (const old of clashing) old.sku = `${old.sku.slice(0, 40)}~removed-${old.id}`;
      if (clashing.length > 0) await em.flush();
      variants.forEach((v, position) => {
        const fields = { sku: v.sku, title: v.title, options: v.options, price: v.price, compareAtPrice: v.compareAtPrice, weightGrams: v.weightGrams, position };
        if (v.variantId !== null) em.assign(current.find((c) => c.id === v.variantId)!, fields);
        else em.create(ProductVariant, { ...fields, product: p, shop: p.shop.id, stock: v.stock ?? 0 });
      });
    }
    em.assign(p, {
      title,
      description,
      searchText: searchTextOf(title, description),
      imageUrls,
      category: category!.category.id,
      status,
      rejectionReason: status === ProductStatus.REJECTED ? p.rejectionReason : null,
      minPrice: variants ? Math.min(...variants.map((v) => v.price)) : p.minPrice,
      updatedAt: now,
      publishedAt: status === ProductStatus.ACTIVE ? (p.publishedAt ?? now) : p.publishedAt,
    });
    productEvent(em, ctx, p, CatalogEvent.PRODUCT_UPDATED);
  });
  return product;
}

function optionsOf(variants: readonly ProductVariant[]): { name: string; values: string[] }[] {
  const names = variants[0]?.options.map((o) => o.name) ?? [];
  return names.map((name, i) => ({ name, values: [...new Set(variants.map((v) => v.options[i]!.value))] }));
}

export async function archiveProduct(ctx: Context, input: ArchiveProductInput): Promise<Product> {
  const product = await ownProduct(ctx, input.productId);
  assertTransition(productTransitions, product.status, ProductStatus.ARCHIVED, 'The product', ['input', 'productId']);
  product.status = ProductStatus.ARCHIVED;
  product.updatedAt = ctx.clock.now();
  productEvent(ctx.em, ctx, product, CatalogEvent.PRODUCT_UPDATED);
  await ctx.em.flush();
  return product;
}

/** ADMIN: takes a product down as REJECTED with a reason the shop sees, or restores a rejected one to ACTIVE. */
export async function reviewProduct(ctx: Context, input: ReviewProductInput): Promise<Product> {
  const id = decodeIdOf('Product', input.productId);
  const product = id === null ? null : await ctx.em.findOne(Product, id);
  if (!product) failWith('NOT_FOUND', 'No such product.', ['input', 'productId']);
  const reject = input.decision === ProductReviewDecision.REJECT;
  const to = reject ? ProductStatus.REJECTED : ProductStatus.ACTIVE;
  if (!reject && product.status !== ProductStatus.REJECTED) {
    failWith('INVALID_TRANSITION', `The product is ${product.status}; only a REJECTED product can be restored.`, ['input', 'decision']);
  }
  assertTransition(productTransitions, product.status, to, 'The product', ['input', 'decision']);
  const check = new InputChecker();
  const reason = check.optionalText('reason', input.reason, 500, 'Reason');
  if (reject && !reason) check.fail('reason', 'INVALID_INPUT', 'Say why the product is rejected.');
  check.assert();

  const now = ctx.clock.now();
  product.status = to;
  product.rejectionReason = reject ? reason : null;
  product.updatedAt = now;
  if (!reject) product.publishedAt ??= now;
  recordEvent(ctx.em, ctx.clock, {
    topic: Topic.shop(product.shop.id),
    type: CatalogEvent.PRODUCT_REVIEWED,
    payload: { shopId: product.shop.id, productId: product.id, title: product.title, status: to, reason: product.rejectionReason ?? null },
  });
  await ctx.em.flush();
  return product;
}

export interface StockChange {
  readonly variant: ProductVariant;
  /** Stock right after this change (a replay returns the first call's figure). */
  readonly stock: number;
  readonly replayed: boolean;
}

async function ownVariant(ctx: Context, globalId: string): Promise<ProductVariant> {
  const id = decodeIdOf('ProductVariant', globalId);
  const variant = id === null ? null : await ctx.em.findOne(ProductVariant, id);
  if (!variant || !(await visibleProduct(ctx, variant.product.id))) failWith('NOT_FOUND', 'No such variant.', ['input', 'variantId']);
  await approvedShopForMember(ctx, toGlobalId('Shop', variant.shop.id), ['input', 'variantId']);
  return variant;
}

/**
 * Changes stock with one conditional UPDATE (never read-then-write): `stock = stock + delta where stock + delta >= 0`
 * for adjustments, `stock = n` for sets. The idempotency record commits with it.
 */
async function changeStock(ctx: Context, operation: 'setVariantStock' | 'adjustVariantStock', variantGlobalId: string, key: string, amount: number): Promise<StockChange> {
  const user = await requireViewerUser(ctx);
  const check = new InputChecker();
  if (operation === 'setVariantStock' && (!Number.isInteger(amount) || amount < 0 || amount > 1_000_000)) check.fail('stock', 'INVALID_INPUT', 'Stock is 0–1,000,000.');
  if (operation === 'adjustVariantStock' && (!Number.isInteger(amount) || amount === 0 || Math.abs(amount) > 1_000_000)) {
    check.fail('delta', 'INVALID_INPUT', 'Delta is a non-zero whole number up to ±1,000,000.');
  }
  check.assert();
  const variant = await ownVariant(ctx, variantGlobalId);
  const { result, replayed } = await idempotent(ctx, user.id, {
    operation,
    key,
    input: { variantId: variant.id, amount },
    run: async (em) => {
      const changed =
        operation === 'setVariantStock'
          ? await updateRows(em, 'update product_variant set stock = ? where id = ?', [amount, variant.id])
          : await updateRows(em, 'update product_variant set stock = stock + ? where id = ? and stock + ? >= 0', [amount, variant.id, amount]);
      if (changed === 0) failWith('INSUFFICIENT_STOCK', `Stock cannot go below 0 (removing ${-amount}).`, ['input', 'delta']);
      const [row] = await selectRows<{ stock: number }>(em, 'select stock from product_variant where id = ?', [variant.id]);
      const stock = Number(row!.stock);
      recordEvent(em, ctx.clock, {
        topic: Topic.shop(variant.shop.id),
        type: CatalogEvent.STOCK_CHANGED,
        payload: { shopId: variant.shop.id, productId: variant.product.id, variantId: variant.id, stock },
      });
      return stock;
    },
    toJson: (stock) => ({ stock }),
    fromJson: async (json) => json.stock,
  });
  await ctx.em.refresh(variant);
  return { variant, stock: result, replayed };
}

export const setVariantStock = (ctx: Context, input: SetVariantStockInput) =>
  changeStock(ctx, 'setVariantStock', input.variantId, input.idempotencyKey, input.stock);

export const adjustVariantStock = (ctx: Context, input: AdjustVariantStockInput) =>
  changeStock(ctx, 'adjustVariantStock', input.variantId, input.idempotencyKey, input.delta);
