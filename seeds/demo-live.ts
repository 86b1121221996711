/**
 * Demo live streams of Toko Budi: one LIVE now (a shopping bag of six products, the first pinned), one SCHEDULED for
 * tomorrow, and one ENDED yesterday with its stats. `npm start` prints the LIVE stream's overlay page with a fresh
 * overlay token (`demoOverlayPath`); a demo order from that stream makes it move (README, "Watch the live overlay").
 */
import { ref, type EntityManager, type MikroORM } from '@mikro-orm/core';
import { Product } from '../src/catalog/product.entity';
import { LiveStream, LiveStreamProduct, LiveStreamStatus } from '../src/live/live-stream.entity';
import { OverlayToken } from '../src/live/overlay-token.entity';
import { issueOverlayToken, overlayPath } from '../src/live/overlay-token.service';
import { Shop } from '../src/shops/shop.entity';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
export const DEMO_LIVE_SHOP = 'toko-budi';
export const DEMO_LIVE_TITLE = 'Live batik jam 8 malam: kemeja & kain tulis!';
/** The label of the token `npm start` creates; the previous start's token is revoked. */
const START_TOKEN_LABEL = 'demo (npm start)';

/** A stream in its final state (the seed writes history, it does not replay the transitions). */
function stream(em: EntityManager, shop: Shop, products: readonly Product[], fields: Partial<LiveStream> & Pick<LiveStream, 'title' | 'status' | 'scheduledAt' | 'createdAt'>): LiveStream {
  const live = em.create(LiveStream, { shop, updatedAt: fields.createdAt, ...fields });
  products.forEach((product, position) => em.create(LiveStreamProduct, { liveStream: live, product, position }));
  return live;
}

/** Seeds the three demo streams. Expects the demo marketplace in the database. */
export async function seedDemoLive(orm: MikroORM, now: Date): Promise<void> {
  const em = orm.em.fork();
  const at = (ago: number) => new Date(now.getTime() - ago);
  const shop = await em.findOneOrFail(Shop, { handle: DEMO_LIVE_SHOP });
  const products = await em.find(Product, { shop }, { orderBy: { id: 'ASC' } });
  stream(em, shop, products.slice(6, 10), {
    title: 'Live kemarin: kain batik tulis Solo',
    status: LiveStreamStatus.ENDED,
    scheduledAt: at(DAY + 2 * HOUR),
    startedAt: at(DAY + 2 * HOUR),
    endedAt: at(DAY),
    createdAt: at(3 * DAY),
    peakViewers: 214,
    orderCount: 37,
    unitsSold: 52,
    gmv: 52 * 185_000_00,
  });
  stream(em, shop, products.slice(2, 6), {
    title: 'Besok: batik couple untuk kondangan',
    status: LiveStreamStatus.SCHEDULED,
    scheduledAt: at(-DAY),
    createdAt: at(2 * HOUR),
  });
  stream(em, shop, products.slice(0, 6), {
    title: DEMO_LIVE_TITLE,
    status: LiveStreamStatus.LIVE,
    scheduledAt: at(15 * MINUTE),
    startedAt: at(10 * MINUTE),
    pinnedProduct: ref(products[0]!),
    createdAt: at(DAY),
  });
  await em.flush();
}

/**
 * The overlay page of the demo LIVE stream with a fresh token (its plaintext exists only now), or null when there is
 * no such stream. The token made by the previous start is revoked.
 */
export async function demoOverlayPath(orm: MikroORM, now: Date): Promise<string | null> {
  const em = orm.em.fork();
  const live = await em.findOne(LiveStream, { shop: { handle: DEMO_LIVE_SHOP }, status: LiveStreamStatus.LIVE }, { populate: ['shop'] });
  if (!live) return null;
  await em.nativeUpdate(OverlayToken, { liveStream: live.id, label: START_TOKEN_LABEL, revokedAt: null }, { revokedAt: now });
  const { token } = await issueOverlayToken(em, live.id, live.shop.getEntity().owner.id, START_TOKEN_LABEL, now);
  return overlayPath(live.id, token);
}
