import DataLoader from 'dataloader';
import { byKeys, countByKeys, defineLoader, defineParamLoader } from '../shared/loaders';
import { selectViews, type EntityView } from '../shared/views';
import { Shop, ShopFollow, ShopMember, type ShopMemberRole } from './shop.entity';

export const shopById = defineLoader(
  'shopById',
  (em) => new DataLoader<number, Shop | null>(async (ids) => byKeys(ids, await em.find(Shop, { id: { $in: [...ids] } }), (s) => s.id)),
);

/**
 * Shops as read-only views, for what only displays a shop or checks whether it may be seen (`product.shop`,
 * `video.shop`, a storefront's `shop(handle:)`): a plain select, no entity to hydrate (src/shared/views.ts).
 */
export const shopViewById = defineLoader(
  'shopViewById',
  (em) =>
    new DataLoader<number, EntityView<Shop> | null>(async (ids) =>
      byKeys(ids, await selectViews(em, Shop, 's', `select {columns} from shop s where s.id in (${ids.map(() => '?').join(', ')})`, [...ids]), (s) => s.id),
    ),
);

/** A user's role in each shop (null where not a member), keyed by shop id, for the user given as the parameter. */
export const viewerShopRole = defineParamLoader('viewerShopRole', (em, userId: number) =>
  new DataLoader<number, ShopMemberRole | null>(async (shopIds) => {
    const rows = await em.find(ShopMember, { user: userId, shop: { $in: [...shopIds] } });
    return byKeys(shopIds, rows, (m) => m.shop.id).map((m) => m?.role ?? null);
  }),
);

/** Follower count per shop. */
export const followerCount = defineLoader('followerCount', (em) =>
  new DataLoader<number, number>((shopIds) => countByKeys(em, 'shop_follow', 'shop_id', shopIds)),
);

/** Whether the user given as the parameter follows each shop. */
export const viewerFollows = defineParamLoader('viewerFollows', (em, userId: number) =>
  new DataLoader<number, boolean>(async (shopIds) => {
    const rows = await em.find(ShopFollow, { user: userId, shop: { $in: [...shopIds] } }, { fields: ['shop'] });
    const followed = new Set(rows.map((f) => f.shop.id));
    return shopIds.map((id) => followed.has(id));
  }),
);
