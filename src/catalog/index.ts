import type { NodeFetcher } from '../shared/context';
import { catalogErrorCodes } from './catalog.errors';
import { visibleProduct } from './catalog-access';
import { categoryById, variantById } from './catalog.loaders';
import { Category } from './category.entity';
import { GuidelineSet } from './guideline-set.entity';
import { GuidelineSetResolver } from './guideline-set.resolver';
import { Product, ProductVariant } from './product.entity';
import { CategoryResolver, ProductResolver, ShopProductsResolver, VariantResolver } from './product.resolver';
import { videoEntities, videoNodes, videoResolvers } from './videos';

export const catalogEntities = [Category, Product, ProductVariant, GuidelineSet, ...videoEntities];
export const catalogResolvers = [ProductResolver, VariantResolver, ShopProductsResolver, CategoryResolver, GuidelineSetResolver, ...videoResolvers] as const;
export const catalogErrors = catalogErrorCodes;
export const catalogNodes: NodeFetcher[] = [
  { typeName: 'Product', fetch: (ctx, id) => visibleProduct(ctx, id) },
  {
    typeName: 'ProductVariant',
    fetch: async (ctx, id) => {
      const variant = await ctx.loaders.get(variantById).load(id);
      return variant && (await visibleProduct(ctx, variant.product.id)) ? variant : null;
    },
  },
  { typeName: 'Category', fetch: (ctx, id) => ctx.loaders.get(categoryById).load(id) },
  ...videoNodes,
];
