/** Shoppable videos: publishing, visibility and the lists (feed, a shop's videos, a product's videos). */
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { FilterQuery } from '@mikro-orm/core';
import type DataLoader from 'dataloader';
import { recordEvent } from '../events/outbox';
import { Topic } from '../events/topics';
import { approvedShopForMember, canSeeShop, visibleShop, visibleShopView } from '../shops/shop-access';
import { ShopMember, ShopStatus, type Shop } from '../shops/shop.entity';
import { shopCardById } from '../shops/shops.loaders';
import type { Context } from '../shared/context';
import { badUserInput } from '../shared/errors';
import { decodeIdOf } from '../shared/ids';
import { connectionOf, decodeCursor, emptyConnection, encodeCursor, pageWindow, paginate, type ConnectionArgs, type ConnectionResult } from '../shared/pagination';
import { InputChecker, isWebUrl } from '../shared/validation';
import type { EntityView } from '../shared/views';
import { Role, hasRole, viewerUserId } from '../shared/viewer';
import type { CatalogErrorCode } from './catalog.errors';
import { visibleProduct } from './catalog-access';
import { ProductStatus, type Product } from './product.entity';
import { Video, VideoProduct } from './video.entity';
import { videoRules, type PublishVideoInput, type VideosArgs } from './video.inputs';
import type { VideoProductTag } from './video.payloads';
import {
  tagsByVideo,
  videoById,
  videoCountByProduct,
  videoCardPageByProduct,
  videoCardPageByShop,
  videoCountByShop,
  videoPageByProduct,
  videoPageByShop,
  videoPageKey,
  type VideoPage,
} from './videos.loaders';

export const VideoEvent = {
  PUBLISHED: 'VIDEO_PUBLISHED',
} as const;

const code = (c: CatalogErrorCode) => c;

export async function publishVideo(ctx: Context, input: PublishVideoInput): Promise<Video> {
  const shop = await approvedShopForMember(ctx, input.shopId);
  const check = new InputChecker();
  const caption = check.text('caption', input.caption, videoRules.caption.min, videoRules.caption.max, 'Caption');
  const videoUrl = input.videoUrl.trim();
  if (!isWebUrl(videoUrl)) check.fail('videoUrl', 'INVALID_INPUT', 'Video URL must be an https URL of at most 500 characters.');
  const thumbnailUrl = input.thumbnailUrl?.trim() || null;
  if (thumbnailUrl !== null && !isWebUrl(thumbnailUrl)) {
    check.fail('thumbnailUrl', 'INVALID_INPUT', 'Thumbnail URL must be an https URL of at most 500 characters.');
  }
  const durationSeconds = input.durationSeconds ?? null;
  if (durationSeconds !== null && !isIntegerIn(durationSeconds, 1, videoRules.maxSeconds)) {
    check.fail('durationSeconds', 'INVALID_INPUT', `Duration must be 1–${videoRules.maxSeconds} seconds.`);
  }
  const productIds = await checkTags(ctx, check, input, shop, durationSeconds);
  check.assert();

  const now = ctx.clock.now();
  return ctx.em.transactional(async (em) => {
    const video = em.create(Video, { shop: shop.id, caption, videoUrl, thumbnailUrl, durationSeconds, createdAt: now });
    input.products.forEach((tag, position) => {
      em.create(VideoProduct, { video, product: productIds[position]!, atSecond: tag.atSecond ?? null, position });
    });
    // The event names the video, so the video is flushed first; both commit in this one transaction.
    await em.flush();
    recordEvent(em, ctx.clock, {
      topic: Topic.shop(shop.id),
      type: VideoEvent.PUBLISHED,
      payload: { videoId: video.id, shopId: shop.id, productIds: [...productIds] },
    });
    return video;
  });
}

/**
 * Checks the tags: count, duplicates, `atSecond`, and that each product is an ACTIVE product of `shop`.
 * Returns the products' ids in input order (valid only when `check` passed).
 */
async function checkTags(ctx: Context, check: InputChecker, input: PublishVideoInput, shop: Shop, durationSeconds: number | null) {
  const { min, max } = videoRules.products;
  if (input.products.length < min || input.products.length > max) {
    check.fail('products', 'INVALID_INPUT', `Tag ${min}–${max} products (got ${input.products.length}).`);
  }
  const firstIndex = new Map<number, number>();
  const ids = input.products.map((tag, i) => {
    const at = tag.atSecond;
    const latest = durationSeconds ?? videoRules.maxSeconds;
    if (at != null && !isIntegerIn(at, 0, latest)) check.fail(`products.${i}.atSecond`, 'INVALID_INPUT', `The second must be 0–${latest}.`);
    const id = decodeIdOf('Product', tag.productId);
    if (id === null) {
      check.fail(`products.${i}.productId`, 'NOT_FOUND', 'No such product.');
    } else if (firstIndex.has(id)) {
      check.fail(`products.${i}.productId`, 'INVALID_INPUT', `The product is tagged already (products.${firstIndex.get(id)}).`);
    } else {
      firstIndex.set(id, i);
    }
    return id;
  });
  const products = await Promise.all(ids.map((id, i) => (id !== null && firstIndex.get(id) === i ? visibleProduct(ctx, id) : undefined)));
  products.forEach((product, i) => {
    const field = `products.${i}.productId`;
    if (product === undefined) return; // reported above
    if (product === null) check.fail(field, 'NOT_FOUND', 'No such product.');
    else if (product.shop.id !== shop.id) check.fail(field, code('PRODUCT_NOT_AVAILABLE'), 'The product belongs to another shop.');
    else if (product.status !== ProductStatus.ACTIVE) check.fail(field, code('PRODUCT_NOT_AVAILABLE'), `The product is ${product.status}, not ACTIVE.`);
  });
  return ids;
}

function isIntegerIn(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

/** A video is visible when its shop is: approved shops' videos are public, the rest only to members and admins. */
export async function visibleVideo(ctx: Context, id: number): Promise<Video | null> {
  const video = await ctx.loaders.get(videoById).load(id);
  return video && (await visibleShop(ctx, video.shop.id)) ? video : null;
}

/** The video's tags in position order, leaving out products the viewer may not see. */
export async function videoTags(ctx: Context, video: EntityView<Video>): Promise<VideoProductTag[]> {
  const tags = await ctx.loaders.get(tagsByVideo).load(video.id);
  const products = await Promise.all(tags.map((tag) => visibleProduct(ctx, tag.product.id)));
  return tags.flatMap((tag, i) => (products[i] ? [{ product: products[i], atSecond: tag.atSecond }] : []));
}

const newestFirst = { sortField: 'createdAt', direction: 'DESC' } as const;

/** The `videos` feed, newest first: only videos the viewer may see, optionally of one shop or one product. */
export async function videoFeed(ctx: Context, args: VideosArgs): Promise<ConnectionResult<Video>> {
  const conditions: FilterQuery<Video>[] = [];
  if (args.shopId != null) {
    const shopId = decodeIdOf('Shop', args.shopId);
    if (shopId === null) throw badUserInput('`shopId` is not the ID of a shop.', 'shopId');
    if (!(await visibleShop(ctx, shopId))) return emptyConnection(args);
    conditions.push({ shop: shopId });
  }
  if (args.productId != null) {
    const productId = decodeIdOf('Product', args.productId);
    if (productId === null) throw badUserInput('`productId` is not the ID of a product.', 'productId');
    const product = await visibleProduct(ctx, productId);
    // A visible product's shop is visible, and a product is only tagged in its own shop's videos.
    if (!product) return emptyConnection(args);
    conditions.push(taggingProduct(ctx, productId));
  }
  if (conditions.length === 0) conditions.push(await visibleShopsFilter(ctx));
  return paginate(ctx.em, Video, conditions.length === 1 ? conditions[0]! : { $and: conditions }, args, newestFirst);
}

/** Videos of approved shops, plus the viewer's own shops'; everything for admins. */
async function visibleShopsFilter(ctx: Context): Promise<FilterQuery<Video>> {
  if (hasRole(ctx.viewer, Role.ADMIN)) return {};
  const approved: FilterQuery<Video> = { shop: { status: ShopStatus.APPROVED } };
  const userId = viewerUserId(ctx.viewer);
  if (userId === null) return approved;
  const memberships = await ctx.em.find(ShopMember, { user: userId }, { fields: ['shop'] });
  if (memberships.length === 0) return approved;
  return { $or: [approved, { shop: { $in: memberships.map((m) => m.shop.id) } }] };
}

/**
 * Videos that tag the product, as an `id in (subquery)` filter. (A `Video.tags` collection would do it too, but a
 * bidirectional relation makes MikroORM redefine properties on every hydrated entity, which slows every load.)
 */
function taggingProduct(ctx: Context, productId: number): FilterQuery<Video> {
  const tagged = (ctx.em as SqlEntityManager).createQueryBuilder(VideoProduct, 't').select('t.video_id').where({ product: productId });
  return { id: { $in: tagged.getKnexQuery() } } as unknown as FilterQuery<Video>;
}

/** `Shop.videos`: newest first; `cards`: the nodes need only card views (videos.loaders.ts, VIDEO_CARD_FIELDS). */
export async function shopVideos(ctx: Context, shop: EntityView<Shop>, args: ConnectionArgs, cards: boolean): Promise<ConnectionResult<EntityView<Video>>> {
  if (!(await canSeeShop(ctx, shop))) return emptyConnection(args);
  const pages = ctx.loaders.get(cards ? videoCardPageByShop : videoPageByShop);
  return batchedVideos(ctx, args, shop.id, () => ({ shop: shop.id }), pages, ctx.loaders.get(videoCountByShop));
}

/** `Product.videos`: the videos the product is tagged in, newest first; `cards` as for {@link shopVideos}. */
export async function productVideos(ctx: Context, product: EntityView<Product>, args: ConnectionArgs, cards: boolean): Promise<ConnectionResult<EntityView<Video>>> {
  if (!(await visibleShopView(ctx, product.shop.id, shopCardById))) return emptyConnection(args);
  const pages = ctx.loaders.get(cards ? videoCardPageByProduct : videoPageByProduct);
  return batchedVideos(ctx, args, product.id, () => taggingProduct(ctx, product.id), pages, ctx.loaders.get(videoCountByProduct));
}

/**
 * One parent's videos as a connection. Forward pages (`first`/`after`) go through the batched page and count
 * loaders, so many parents cost two statements; backward pages (`last`/`before`) fall back to {@link paginate},
 * one query per parent, with the filter `where()` builds. Cursors are paginate's either way, so both paths page
 * through the same list. Forward pages hold read-only views, backward ones entities (both are `EntityView`s).
 */
async function batchedVideos(
  ctx: Context,
  args: ConnectionArgs,
  parentId: number,
  where: () => FilterQuery<Video>,
  pages: DataLoader<string, VideoPage>,
  counts: DataLoader<number, number>,
): Promise<ConnectionResult<EntityView<Video>>> {
  const { size, backward } = pageWindow(args);
  if (backward || args.before != null) return paginate(ctx.em, Video, where(), args, newestFirst);
  if (args.after != null && !(decodeCursor(args.after, 'after').value instanceof Date)) {
    throw badUserInput('`after` is not a cursor from this list.', 'after');
  }
  const page = await pages.load(videoPageKey(parentId, size, args.after));
  // The count is batched across parents by its loader.
  return connectionOf(page.videos, (node) => encodeCursor(node.createdAt, node.id), { hasNextPage: page.hasNextPage, hasPreviousPage: args.after != null }, () =>
    counts.load(parentId),
  );
}
