import DataLoader from 'dataloader';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { byKeys, defineLoader, type LoaderDefinition } from '../shared/loaders';
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
  new DataLoader<number, number>(async (shopIds) => {
    const rows: { shop: number; count: string | number }[] = await (em as SqlEntityManager)
      .createQueryBuilder(ShopFollow, 'f')
      .select(['f.shop', 'count(*) as count'])
      .where({ shop: { $in: [...shopIds] } })
      .groupBy('f.shop')
      .execute('all', false);
    const counts = new Map(rows.map((r) => [Number(r.shop), Number(r.count)]));
    return shopIds.map((id) => counts.get(id) ?? 0);
  }),
);
