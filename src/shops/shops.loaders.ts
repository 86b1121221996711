import DataLoader from 'dataloader';
import { byKeys, countByKeys, defineLoader, type LoaderDefinition } from '../shared/loaders';
import { Shop, ShopFollow, ShopMember, type ShopMemberRole } from './shop.entity';

export const shopById = defineLoader(
  'shopById',
  (em) => new DataLoader<number, Shop | null>(async (ids) => byKeys(ids, await em.find(Shop, { id: { $in: [...ids] } }), (s) => s.id)),
);

const roleLoaders = new Map<number, LoaderDefinition<number, ShopMemberRole | null>>();

/** The given user's role in each shop (null where not a member). */
export function viewerShopRole(userId: number): LoaderDefinition<number, ShopMemberRole | null> {
  let definition = roleLoaders.get(userId);
  if (!definition) {
    definition = defineLoader(`viewerShopRole:${userId}`, (em) =>
      new DataLoader<number, ShopMemberRole | null>(async (shopIds) => {
        const rows = await em.find(ShopMember, { user: userId, shop: { $in: [...shopIds] } });
        return byKeys(shopIds, rows, (m) => m.shop.id).map((m) => m?.role ?? null);
      }),
    );
    if (roleLoaders.size > 10_000) roleLoaders.clear();
    roleLoaders.set(userId, definition);
  }
  return definition;
}

/** Follower count per shop. */
export const followerCount = defineLoader('followerCount', (em) =>
  new DataLoader<number, number>((shopIds) => countByKeys(em, 'shop_follow', 'shop_id', shopIds)),
);

const followLoaders = new Map<number, LoaderDefinition<number, boolean>>();

/** Whether the given user follows each shop. */
export function viewerFollows(userId: number): LoaderDefinition<number, boolean> {
  let definition = followLoaders.get(userId);
  if (!definition) {
    definition = defineLoader(`viewerFollows:${userId}`, (em) =>
      new DataLoader<number, boolean>(async (shopIds) => {
        const rows = await em.find(ShopFollow, { user: userId, shop: { $in: [...shopIds] } }, { fields: ['shop'] });
        const followed = new Set(rows.map((f) => f.shop.id));
        return shopIds.map((id) => followed.has(id));
      }),
    );
    if (followLoaders.size > 10_000) followLoaders.clear();
    followLoaders.set(userId, definition);
  }
  return definition;
}
