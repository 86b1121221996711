/**
 * Video loaders. The page loaders return the first page of videos of MANY shops or products in one statement
 * (a `row_number()` window per parent, SQLite ≥ 3.25 and PostgreSQL), so `products { videos(first: 2) }` costs
 * the same number of queries for 5 products as for 50.
 */
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/core';
import { byKeys, countByKeys, defineLoader, definePlainReadLoader, groupByKeys } from '../shared/loaders';
import { decodeCursor } from '../shared/pagination';
import { Video, VideoProduct } from './video.entity';
import { readRowValues } from '../shared/sql';
import { viewOf, type EntityView } from '../shared/views';

export const videoById = defineLoader(
  'videoById',
  (em) => new DataLoader<number, Video | null>(async (ids) => byKeys(ids, await em.find(Video, { id: { $in: [...ids] } }), (v) => v.id)),
);

/** The tags of each video, in position order (visibility is the caller's job). */
export const tagsByVideo = defineLoader(
  'tagsByVideo',
  (em) =>
    new DataLoader<number, VideoProduct[]>(async (videoIds) =>
      groupByKeys(
        videoIds,
        await em.find(VideoProduct, { video: { $in: [...videoIds] } }, { orderBy: { video: 'ASC', position: 'ASC' } }),
        (t) => t.video.id,
      ),
    ),
);

/** How many videos each product is tagged in. */
export const videoCountByProduct = definePlainReadLoader(
  'videoCountByProduct',
  (em) => new DataLoader<number, number>((productIds) => countByKeys(em, 'video_product', 'product_id', productIds)),
);

/** How many videos each shop published. */
export const videoCountByShop = definePlainReadLoader(
  'videoCountByShop',
  (em) => new DataLoader<number, number>((shopIds) => countByKeys(em, 'video', 'shop_id', shopIds)),
);

/** One page of a parent's videos, newest first (read-only views): up to `size` videos and whether more follow. */
export interface VideoPage {
  readonly videos: EntityView<Video>[];
  readonly hasNextPage: boolean;
}

/** The loader key of a page: parent id, page size and the `after` cursor (already checked by the caller). */
export function videoPageKey(parentId: number, size: number, after: string | null | undefined): string {
  return `${parentId}:${size}:${after ?? ''}`;
}

interface PageRequest {
  readonly key: string;
  readonly parentId: number;
  readonly size: number;
  readonly after: string;
}

function parseKey(key: string): PageRequest {
  const [parentId, size, ...rest] = key.split(':');
  return { key, parentId: Number(parentId), size: Number(size), after: rest.join(':') };
}

/** Where a parent's videos come from: code constants, never input. */
interface PageSource {
  readonly from: string;
  readonly parentColumn: string;
}

const productSource: PageSource = { from: 'video_product vp join video v on v.id = vp.video_id', parentColumn: 'vp.product_id' };
const shopSource: PageSource = { from: 'video v', parentColumn: 'v.shop_id' };


/**
 * Loads every requested page. Requests are split into rounds in which each parent appears with one `after`
 * cursor (in practice one round per batch); each round is one statement:
 *
 *   select * from (select <video columns>, <parent> as page_parent,
 *                  row_number() over (partition by <parent> order by v.created_at desc, v.id desc) as page_rank
 *                  from <source> where <parent> in (…) or (<parent> = ? and <after the cursor>) …) ranked
 *   where page_rank <= <largest size + 1>
 */
async function loadPages(em: EntityManager, source: PageSource, keys: readonly string[], properties: readonly string[] | null): Promise<VideoPage[]> {
  const pages = new Map<string, VideoPage>();
  const view = viewOf(em, Video).only(properties);
  let pending = keys.map(parseKey).filter((request) => {
    if (request.size > 0) return true;
    pages.set(request.key, { videos: [], hasNextPage: false });
    return false;
  });
  while (pending.length > 0) {
    const round: PageRequest[] = [];
    const later: PageRequest[] = [];
    const afterOf = new Map<number, string>();
    for (const request of pending) {
      const taken = afterOf.get(request.parentId);
      if (taken === undefined || taken === request.after) {
        afterOf.set(request.parentId, request.after);
        round.push(request);
      } else later.push(request);
    }
    const rows = await queryRound(em, source, view.columns('v'), afterOf, Math.max(...round.map((r) => r.size)) + 1);
    // Each row: the view's columns, then page_parent and page_rank.
    const byParent = groupByKeys([...afterOf.keys()], rows, (row) => Number(row[view.width]));
    const videosOf = new Map([...afterOf.keys()].map((parentId, i) => [parentId, byParent[i]!.map((row) => view.mapValues(row))]));
    for (const request of round) {
      const videos = videosOf.get(request.parentId)!;
      pages.set(request.key, { videos: videos.slice(0, request.size), hasNextPage: videos.length > request.size });
    }
    pending = later;
  }
  return keys.map((key) => pages.get(key)!);
}

async function queryRound(em: EntityManager, source: PageSource, columns: string, afterOf: ReadonlyMap<number, string>, limit: number) {
  const column = source.parentColumn;
  const conditions: string[] = [];
  const params: unknown[] = [];
  const fromStart = [...afterOf].filter(([, after]) => after === '').map(([parentId]) => parentId);
  if (fromStart.length > 0) {
    conditions.push(`${column} in (${fromStart.map(() => '?').join(', ')})`);
    params.push(...fromStart);
  }
  for (const [parentId, after] of afterOf) {
    if (after === '') continue;
    const cursor = decodeCursor(after, 'after');
    const at = em.getPlatform().processDateProperty(cursor.value);
    conditions.push(`(${column} = ? and (v.created_at < ? or (v.created_at = ? and v.id < ?)))`);
    params.push(parentId, at, at, cursor.id);
  }
  const sql =
    `select * from (select ${columns}, ${column} as page_parent, ` +
    `row_number() over (partition by ${column} order by v.created_at desc, v.id desc) as page_rank ` +
    `from ${source.from} where ${conditions.join(' or ')}) ranked ` +
    `where page_rank <= ? order by page_parent, page_rank`;
  return readRowValues(em, sql, [...params, limit]);
}

/** A loader of pages from `source`, keyed by {@link videoPageKey}, of views of `properties` (null: whole views). */
function pageLoader(name: string, source: PageSource, properties: readonly string[] | null) {
  return definePlainReadLoader(name, (em) => new DataLoader<string, VideoPage>((keys) => loadPages(em, source, keys, properties)));
}

/** The properties of a video card view (`id` too): its shop, and its time for the list's cursors. */
export const VIDEO_CARD = ['shop', 'createdAt'] as const satisfies readonly (keyof Video)[];

/** `Video` fields a card view answers: its properties, and fields whose resolvers read only `id` and `shop`. */
export const VIDEO_CARD_FIELDS: ReadonlySet<string> = new Set(['__typename', 'id', ...VIDEO_CARD, 'products']);

/** Pages of each product's videos. */
export const videoPageByProduct = pageLoader('videoPageByProduct', productSource, null);

/** Pages of each shop's videos. */
export const videoPageByShop = pageLoader('videoPageByShop', shopSource, null);

/** Pages of each product's videos as card views ({@link VIDEO_CARD}), for a selection of {@link VIDEO_CARD_FIELDS} only. */
export const videoCardPageByProduct = pageLoader('videoCardPageByProduct', productSource, VIDEO_CARD);

/** Pages of each shop's videos as card views. */
export const videoCardPageByShop = pageLoader('videoCardPageByShop', shopSource, VIDEO_CARD);
