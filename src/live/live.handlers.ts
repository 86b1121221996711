/**
 * The stream learns of its orders from LIVE_ORDER_PLACED events (written in the order's transaction), in the outbox
 * relay, off checkout's hot path: the relay runs this once per event, in the stream's topic order, and its writes
 * commit with the event's delivery. It counts the order into the stream's stats, writes one public purchase event
 * per line (masked buyer, stock left, units sold in the stream so far) and announces a flash sale that sold out.
 */
import type { EntityManager } from '@mikro-orm/core';
import type { EventHandler } from '../events/outbox';
import type { OutboxMessage } from '../events/topics';
import type { Clock } from '../shared/clock';
import { selectRows, updateRows } from '../shared/sql';
import { FlashSale } from './flash-sale.entity';
import { LiveEventType, recordFlashSaleEvent, recordLiveEvent, type LiveOrderPlaced } from './live.events';

/** Adds the order to the stream's stats; returns the stream's units sold including it. */
async function countOrder(em: EntityManager, order: LiveOrderPlaced, units: number): Promise<number> {
  await updateRows(em, 'update live_stream set order_count = order_count + 1, units_sold = units_sold + ?, gmv = gmv + ? where id = ?', [units, order.subtotal, order.liveStreamId]);
  const [row] = await selectRows<{ units_sold: number | string }>(em, 'select units_sold from live_stream where id = ?', [order.liveStreamId]);
  return Number(row?.units_sold ?? units);
}

async function stockLeft(em: EntityManager, variantIds: number[]): Promise<Map<number, number>> {
  const rows = await selectRows<{ id: number | string; stock: number | string }>(em, `select id, stock from product_variant where id in (${variantIds.map(() => '?').join(', ')})`, variantIds);
  return new Map(rows.map((row) => [Number(row.id), Number(row.stock)]));
}

/**
 * Counts the order's flash-sale units as announced, and announces each of its sales that is sold out once every unit
 * sold has been announced (so SOLD_OUT follows the last purchase that sold it out), once per sell-out.
 */
async function announceSoldOut(em: EntityManager, clock: Clock, order: LiveOrderPlaced): Promise<void> {
  const saleIds = new Set<number>();
  for (const { flashSaleId, quantity } of order.lines) {
    if (flashSaleId === null) continue;
    await updateRows(em, 'update flash_sale set announced_quantity = announced_quantity + ? where id = ?', [quantity, flashSaleId]);
    saleIds.add(flashSaleId);
  }
  for (const id of saleIds) {
    const announced = await updateRows(
      em,
      'update flash_sale set sold_out_announced = true where id = ? and not sold_out_announced and sold_quantity >= quantity and announced_quantity >= sold_quantity',
      [id],
    );
    if (announced === 1) recordFlashSaleEvent(em, clock, await em.findOneOrFail(FlashSale, id, { refresh: true }), LiveEventType.FLASH_SALE_SOLD_OUT);
  }
}

export const liveOrderHandler: EventHandler = {
  types: [LiveEventType.ORDER_PLACED],
  async handle(em: EntityManager, event: OutboxMessage) {
    const order = event.payload as unknown as LiveOrderPlaced;
    // The derived events happened when the order did.
    const clock: Clock = { now: () => new Date(event.occurredAt) };
    const units = order.lines.reduce((sum, line) => sum + line.quantity, 0);
    // Lock order as in endLiveStream: the stream's row, then its flash sales'.
    let soldSoFar = (await countOrder(em, order, units)) - units;
    const stock = await stockLeft(em, order.lines.map((line) => line.variantId));
    for (const line of order.lines) {
      soldSoFar += line.quantity;
      recordLiveEvent(em, clock, order.liveStreamId, LiveEventType.PURCHASE, {
        buyerName: order.buyerName,
        productId: line.productId,
        productTitle: line.productTitle,
        variantId: line.variantId,
        variantTitle: line.variantTitle,
        quantity: line.quantity,
        unitPrice: line.unitPrice,
        flashSaleId: line.flashSaleId,
        stockLeft: stock.get(line.variantId) ?? 0,
        unitsSold: soldSoFar,
      });
    }
    await announceSoldOut(em, clock, order);
  },
};
