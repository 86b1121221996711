import type { EntityManager } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import { byKeys, defineLoader, definePlainReadLoader, groupByKeys } from '../shared/loaders';
import { selectViews, type EntityView } from '../shared/views';
import { Category } from './category.entity';
import { Product, ProductVariant } from './product.entity';

export const productById = defineLoader(
  'productById',
  (em) => new DataLoader<number, Product | null>(async (ids) => byKeys(ids, await em.find(Product, { id: { $in: [...ids] } }), (p) => p.id)),
);

export const variantById = defineLoader(
  'variantById',
  (em) =>
    new DataLoader<number, ProductVariant | null>(async (ids) =>
      byKeys(ids, await em.find(ProductVariant, { id: { $in: [...ids] } }), (v) => v.id),
    ),
);

/**
 * Active variants of each product, in position order, as read-only views: only resolvers read them (the storefront
 * lists many products with all their variants; see src/shared/views.ts).
 */
export const variantsByProduct = definePlainReadLoader('variantsByProduct', (em) => variantsLoader(em, null));

/**
 * The same variants with only the fields a product card shows (price, struck-through price, stock): `product.variants`
 * asking for no more, `priceRange`, `inStock` and `totalStock` read these fewer columns (ViewMapper.only).
 */
export const variantCardsByProduct = definePlainReadLoader('variantCardsByProduct', (em) => variantsLoader(em, VARIANT_CARD));

/** The properties of a variant card view (`id` too). */
export const VARIANT_CARD = ['product', 'price', 'compareAtPrice', 'stock'] as const satisfies readonly (keyof ProductVariant)[];

function variantsLoader(em: EntityManager, properties: readonly string[] | null) {
  return new DataLoader<number, EntityView<ProductVariant>[]>(
    async (productIds) =>
      groupByKeys(
        productIds,
        await selectViews(
          em,
          ProductVariant,
          'v',
          `select {columns} from product_variant v where v.product_id in (${productIds.map(() => '?').join(', ')}) and v.is_active = ? order by v.position, v.id`,
          [...productIds, true],
          properties,
        ),
        (v) => v.product.id,
      ),
    { maxBatchSize: 500 },
  );
}

export const categoryById = defineLoader(
  'categoryById',
  (em) => new DataLoader<number, Category | null>(async (ids) => byKeys(ids, await em.find(Category, { id: { $in: [...ids] } }), (c) => c.id)),
);

/** Direct children of each category, in order. */
export const childrenByParent = defineLoader(
  'childrenByParent',
  (em) =>
    new DataLoader<number, Category[]>(async (parentIds) =>
      groupByKeys(parentIds, await em.find(Category, { parent: { $in: [...parentIds] } }, { orderBy: { position: 'ASC', id: 'ASC' } }), (c) => c.parent!.id),
    ),
);
