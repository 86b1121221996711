import DataLoader from 'dataloader';
import { byKeys, defineLoader, groupByKeys } from '../shared/loaders';
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

/** Active variants of each product, in position order. */
export const variantsByProduct = defineLoader(
  'variantsByProduct',
  (em) =>
    new DataLoader<number, ProductVariant[]>(async (productIds) =>
      groupByKeys(
        productIds,
        await em.find(ProductVariant, { product: { $in: [...productIds] }, isActive: true }, { orderBy: { position: 'ASC', id: 'ASC' } }),
        (v) => v.product.id,
      ),
    ),
);

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
