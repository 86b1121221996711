/** Who may see and manage a shop. */
import type { Context } from '../shared/context';
import type { EntityView } from '../shared/views';
import type { LoaderDefinition } from '../shared/loaders';
import { decodeIdOf } from '../shared/ids';
import { failWith } from '../shared/user-error';
import { Role, hasRole, viewerUserId } from '../shared/viewer';
import { Shop, ShopMemberRole, ShopStatus } from './shop.entity';
import { shopById, shopViewById, viewerShopRole } from './shops.loaders';

export async function viewerRoleIn(ctx: Context, shopId: number): Promise<ShopMemberRole | null> {
  const userId = viewerUserId(ctx.viewer);
  return userId === null ? null : ctx.loaders.getFor(viewerShopRole, userId).load(shopId);
}

/** Approved shops are public; others only to their members and admins. */
export async function canSeeShop(ctx: Context, shop: EntityView<Shop>): Promise<boolean> {
  if (shop.status === ShopStatus.APPROVED || hasRole(ctx.viewer, Role.ADMIN)) return true;
  return (await viewerRoleIn(ctx, shop.id)) !== null;
}

/** Members (or admins) may read a shop's private data: addresses, verification, payout account. */
export async function canManageShop(ctx: Context, shop: EntityView<Shop>): Promise<boolean> {
  return hasRole(ctx.viewer, Role.ADMIN) || (await viewerRoleIn(ctx, shop.id)) !== null;
}

/**
 * A shop the viewer may see, as a read-only view (for display and visibility checks) from `views` (the whole view,
 * or a card: shops.loaders.ts), or null.
 */
export async function visibleShopView(ctx: Context, id: number, views: LoaderDefinition<number, EntityView<Shop> | null> = shopViewById): Promise<EntityView<Shop> | null> {
  const shop = await ctx.loaders.get(views).load(id);
  return shop && (await canSeeShop(ctx, shop)) ? shop : null;
}

/** Loads a shop the viewer may see, or null. */
export async function visibleShop(ctx: Context, id: number): Promise<Shop | null> {
  const shop = await ctx.loaders.get(shopById).load(id);
  return shop && (await canSeeShop(ctx, shop)) ? shop : null;
}

/**
 * The shop named by an input field, which the viewer must be a member of (with one of `roles`).
 * A shop the viewer may not see is NOT_FOUND; one they see but may not manage is FORBIDDEN.
 */
export async function shopForMember(
  ctx: Context,
  globalId: string,
  roles: readonly ShopMemberRole[] = [ShopMemberRole.OWNER, ShopMemberRole.STAFF],
  field = ['input', 'shopId'],
): Promise<Shop> {
  const id = decodeIdOf('Shop', globalId);
  const shop = id === null ? null : await visibleShop(ctx, id);
  if (!shop) failWith('NOT_FOUND', 'No such shop.', field);
  const role = await viewerRoleIn(ctx, shop.id);
  if (!role || !roles.includes(role)) failWith('FORBIDDEN', `Only the shop's ${roles.join(' or ').toLowerCase()} may do this.`, field);
  return shop;
}

/** Like {@link shopForMember}, and the shop must be approved. */
export async function approvedShopForMember(ctx: Context, globalId: string, field = ['input', 'shopId']): Promise<Shop> {
  const shop = await shopForMember(ctx, globalId, undefined, field);
  if (shop.status !== ShopStatus.APPROVED) failWith('SHOP_NOT_APPROVED', 'The shop must be approved before it can do this.', field);
  return shop;
}

