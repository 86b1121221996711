/** Who may see a product: ACTIVE products of approved shops are public; the rest only to the shop and admins. */
import type { Context } from '../shared/context';
import { Role, hasRole } from '../shared/viewer';
import { viewerRoleIn } from '../shops/shop-access';
import { ShopStatus } from '../shops/shop.entity';
import { shopById } from '../shops/shops.loaders';
import { productById } from './catalog.loaders';
import { ProductStatus, type Product } from './product.entity';

export async function canSeeProduct(ctx: Context, product: Product): Promise<boolean> {
  if (hasRole(ctx.viewer, Role.ADMIN)) return true;
  if (product.status === ProductStatus.ACTIVE) {
    const shop = await ctx.loaders.get(shopById).load(product.shop.id);
    if (shop?.status === ShopStatus.APPROVED) return true;
  }
  return (await viewerRoleIn(ctx, product.shop.id)) !== null;
}

/** A product the viewer may see, or null. */
export async function visibleProduct(ctx: Context, id: number): Promise<Product | null> {
  const product = await ctx.loaders.get(productById).load(id);
  return product && (await canSeeProduct(ctx, product)) ? product : null;
}

/** Whether buyers can buy it now: ACTIVE in an approved shop. */
export async function isPurchasable(ctx: Context, product: Product): Promise<boolean> {
  if (product.status !== ProductStatus.ACTIVE) return false;
  const shop = await ctx.loaders.get(shopById).load(product.shop.id);
  return shop?.status === ShopStatus.APPROVED;
}
