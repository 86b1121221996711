import DataLoader from 'dataloader';
import type { Clock } from '../shared/clock';
import { byKeys, defineLoader, defineParamLoader, groupByKeys } from '../shared/loaders';
import { FlashSale, FlashSalePhase } from './flash-sale.entity';
import { LiveStream, LiveStreamProduct } from './live-stream.entity';
import { OverlayToken } from './overlay-token.entity';

export const liveStreamById = defineLoader(
  'liveStreamById',
  (em) => new DataLoader<number, LiveStream | null>(async (ids) => byKeys(ids, await em.find(LiveStream, { id: { $in: [...ids] } }), (s) => s.id)),
);

export const flashSaleById = defineLoader(
  'flashSaleById',
  (em) => new DataLoader<number, FlashSale | null>(async (ids) => byKeys(ids, await em.find(FlashSale, { id: { $in: [...ids] } }), (s) => s.id)),
);

/** The product ids of each stream's shopping bag, in the shop's order. */
export const bagProductIdsByStream = defineLoader(
  'bagProductIdsByStream',
  (em) =>
    new DataLoader<number, number[]>(async (streamIds) => {
      const rows = await em.find(LiveStreamProduct, { liveStream: { $in: [...streamIds] } }, { orderBy: { position: 'ASC', id: 'ASC' } });
      return groupByKeys(streamIds, rows, (row) => row.liveStream.id).map((list) => list.map((row) => row.product.id));
    }),
);

/** Every flash sale of each stream, latest first. */
export const flashSalesByStream = defineLoader(
  'flashSalesByStream',
  (em) =>
    new DataLoader<number, FlashSale[]>(async (streamIds) =>
      groupByKeys(streamIds, await em.find(FlashSale, { liveStream: { $in: [...streamIds] } }, { orderBy: { id: 'DESC' } }), (s) => s.liveStream.id),
    ),
);

/** Each stream's flash sale counting down or running at the clock's now (at most one), or null. */
export const openFlashSaleByStream = defineParamLoader('openFlashSaleByStream', (em, clock: Clock) =>
  new DataLoader<number, FlashSale | null>(async (streamIds) => {
    const now = clock.now();
    const rows = await em.find(FlashSale, { liveStream: { $in: [...streamIds] }, phase: { $ne: FlashSalePhase.ENDED }, endsAt: { $gt: now } });
    return byKeys(streamIds, rows, (s) => s.liveStream.id);
  }),
);

/** Every overlay token of each stream, latest first (revoked ones included). */
export const overlayTokensByStream = defineLoader(
  'overlayTokensByStream',
  (em) =>
    new DataLoader<number, OverlayToken[]>(async (streamIds) =>
      groupByKeys(streamIds, await em.find(OverlayToken, { liveStream: { $in: [...streamIds] } }, { orderBy: { id: 'DESC' } }), (t) => t.liveStream.id),
    ),
);
