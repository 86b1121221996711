import DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import { byKeys, countByKeys, defineLoader, defineParamLoader, definePlainReadLoader, type LoaderDefinition } from '../shared/loaders';
import { selectsOnly } from '../shared/selection';
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
export const shopViewById = definePlainReadLoader(
  'shopViewById',
  (em) =>
    new DataLoader<number, EntityView<Shop> | null>(async (ids) =>
      byKeys(ids, await selectViews(em, Shop, 's', `select {columns} from shop s where s.id in (${ids.map(() => '?').join(', ')})`, [...ids]), (s) => s.id),
    ),
);

/**
 * The properties of a shop card view (`id` too): what a storefront shows of a shop beside its products, and what
 * the visibility checks read (`status`). Cards are 5 columns of the shop's 30.
 */
export const SHOP_CARD = ['name', 'handle', 'status', 'logoUrl'] as const satisfies readonly (keyof Shop)[];

/** `Shop` fields a card view answers: its properties, and fields whose resolvers read only `id` and `status`. */
export const SHOP_CARD_FIELDS: ReadonlySet<string> = new Set([
  '__typename',
  'id',
  ...SHOP_CARD,
  'followerCount',
  'viewerIsFollowing',
  'viewerRole',
  'products',
  'videos',
]);

/** Shops as card views ({@link SHOP_CARD}): for a selection of {@link SHOP_CARD_FIELDS} only, and visibility checks. */
export const shopCardById = definePlainReadLoader(
  'shopCardById',
  (em) =>
    new DataLoader<number, EntityView<Shop> | null>(async (ids) =>
      byKeys(ids, await selectViews(em, Shop, 's', `select {columns} from shop s where s.id in (${ids.map(() => '?').join(', ')})`, [...ids], SHOP_CARD), (s) => s.id),
    ),
);

/** The shop view loader for a field that selects `info`'s selection of a shop: cards when they answer it. */
export function shopViewsFor(info: GraphQLResolveInfo): LoaderDefinition<number, EntityView<Shop> | null> {
  return selectsOnly(info, SHOP_CARD_FIELDS) ? shopCardById : shopViewById;
}

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
