/**
 * What checkout asks of the live feature (orders → live, DESIGN §3): whether a LIVE order may be placed, the live
 * price of each line, taking and giving back flash-sale units, and the event that tells the stream about the order.
 *
 * A line gets the sale price when its variant's sale is ACTIVE when the order reads it (started, not ended, units
 * left). The units are then taken in the order's transaction by conditional UPDATEs, per buyer and in total, never
 * read-then-write: under any concurrency a sale sells at most `quantity` units and at most `perBuyerLimit` to one
 * buyer. When they cannot be taken the order fails (FLASH_SALE_SOLD_OUT, FLASH_SALE_LIMIT_REACHED) rather than
 * silently charging the normal price, as TikTok Shop does; an order placed after the sale sold out or ended simply
 * pays the normal price.
 */
import type { EntityManager } from '@mikro-orm/core';
import type { Clock } from '../shared/clock';
import { updateRows } from '../shared/sql';
import { failWith } from '../shared/user-error';
import { FlashSale, FlashSalePhase, FlashSaleStatus } from './flash-sale.entity';
import { LiveStream, LiveStreamStatus } from './live-stream.entity';
import { LiveEventType, maskBuyerName, recordFlashSaleEvent, recordLiveEvent, type LiveOrderPlaced } from './live.events';
import type { LiveErrorCode } from './live.errors';

const code = (c: LiveErrorCode) => c;
const SOURCE_FIELD = ['input', 'source', 'id'];

export interface LiveOrderTerms {
  readonly liveStreamId: number;
  /** The ACTIVE flash sale of each variant that has one. */
  readonly sales: ReadonlyMap<number, FlashSale>;
}

/**
 * Checks that the stream exists, belongs to the order's shop and is LIVE, and finds the flash sales that are ACTIVE
 * now on the order's variants. Two reads, no lock.
 */
export async function liveOrderTerms(em: EntityManager, now: Date, order: { liveStreamId: number; shopId: number; variantIds: readonly number[] }): Promise<LiveOrderTerms> {
  const stream = await em.findOne(LiveStream, order.liveStreamId);
  if (!stream) failWith('NOT_FOUND', 'No such live stream.', SOURCE_FIELD);
  if (stream.shop.id !== order.shopId) failWith(code('LIVE_STREAM_SHOP_MISMATCH'), "This live stream is another shop's; buy its own products.", SOURCE_FIELD);
  if (stream.status !== LiveStreamStatus.LIVE) failWith(code('LIVE_STREAM_NOT_LIVE'), `"${stream.title}" is not live.`, SOURCE_FIELD);
  const open = await em.find(FlashSale, {
    liveStream: stream.id,
    variant: { $in: [...order.variantIds] },
    phase: { $ne: FlashSalePhase.ENDED },
    startsAt: { $lte: now },
    endsAt: { $gt: now },
  });
  const active = open.filter((sale) => sale.statusAt(now) === FlashSaleStatus.ACTIVE);
  return { liveStreamId: stream.id, sales: new Map(active.map((sale) => [sale.variant.id, sale])) };
}

/**
 * Takes `quantity` units of `sale` for `buyerId`: the buyer's share first (created once, then raised only within the
 * per-buyer limit), then the sale's total (only within its quantity, and not once it ENDED). These are hot rows in a
 * flash sale: checkout calls this last, right before commit. A refusal throws, rolling back the order.
 */
export async function takeFlashSaleUnits(em: EntityManager, buyerId: number, sale: FlashSale, quantity: number, field: readonly string[]): Promise<void> {
  // `perBuyerLimit` never changes after creation, so it is safe to pass as a value.
  await updateRows(em, 'insert into flash_sale_buyer_usage (flash_sale_id, buyer_id, quantity) values (?, ?, 0) on conflict (flash_sale_id, buyer_id) do nothing', [sale.id, buyerId]);
  const mine = await updateRows(em, 'update flash_sale_buyer_usage set quantity = quantity + ? where flash_sale_id = ? and buyer_id = ? and quantity + ? <= ?', [
    quantity,
    sale.id,
    buyerId,
    quantity,
    sale.perBuyerLimit,
  ]);
  if (mine === 0) failWith(code('FLASH_SALE_LIMIT_REACHED'), `One buyer may take ${sale.perBuyerLimit} at the live price.`, field);
  const taken = await updateRows(em, "update flash_sale set sold_quantity = sold_quantity + ? where id = ? and phase <> 'ENDED' and sold_quantity + ? <= quantity", [
    quantity,
    sale.id,
    quantity,
  ]);
  if (taken === 0) failWith(code('FLASH_SALE_SOLD_OUT'), 'The flash sale sold out while you ordered; order again for the normal price.', field);
}

/**
 * Gives a cancelled order's flash-sale units back to the sale and to its buyer, in the cancellation's transaction.
 * A sale that had sold out and is still open is on sale again: RESTOCKED.
 */
export async function returnFlashSaleUnits(em: EntityManager, clock: Clock, buyerId: number, lines: readonly { flashSaleId: number; quantity: number }[]): Promise<void> {
  for (const { flashSaleId, quantity } of lines) {
    await updateRows(em, 'update flash_sale_buyer_usage set quantity = quantity - ? where flash_sale_id = ? and buyer_id = ? and quantity >= ?', [quantity, flashSaleId, buyerId, quantity]);
    await updateRows(em, 'update flash_sale set sold_quantity = sold_quantity - ? where id = ? and sold_quantity >= ?', [quantity, flashSaleId, quantity]);
    const restocked = await updateRows(em, "update flash_sale set sold_out_announced = false where id = ? and sold_out_announced and phase <> 'ENDED'", [flashSaleId]);
    if (restocked === 0) continue;
    const sale = await em.findOneOrFail(FlashSale, flashSaleId, { refresh: true });
    if (sale.isOpenAt(clock.now())) recordFlashSaleEvent(em, clock, sale, LiveEventType.FLASH_SALE_RESTOCKED);
  }
}

/**
 * Tells the stream about an order placed from it (LIVE_ORDER_PLACED), in the order's transaction. `buyerName` is the
 * buyer's full name: it is masked here, so only "B***i" ever enters the stream's topic.
 */
export function recordLiveOrder(em: EntityManager, clock: Clock, order: LiveOrderPlaced): void {
  const { liveStreamId, buyerName, lines, ...rest } = order;
  recordLiveEvent(em, clock, liveStreamId, LiveEventType.ORDER_PLACED, { ...rest, buyerName: maskBuyerName(buyerName), lines: lines.map((line) => ({ ...line })) });
}
