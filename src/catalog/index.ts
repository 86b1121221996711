import type { NodeFetcher } from '../shared/context';
import { catalogErrorCodes } from './catalog.errors';
import { visibleProduct } from './catalog-access';
import { Category } from './category.entity';
import { Product, ProductVariant } from './product.entity';
import { videoEntities, videoNodes, videoResolvers } from './videos';

export const catalogEntities = [Category, Product, ProductVariant, ...videoEntities];
export const catalogResolvers = [...videoResolvers] as const;
export const catalogErrors = catalogErrorCodes;
export const catalogNodes: NodeFetcher[] = [{ typeName: 'Product', fetch: (ctx, id) => visibleProduct(ctx, id) }, ...videoNodes];
