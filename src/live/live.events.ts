/**
 * The events of one live stream (topic `LIVE:<id>`), as stored in the outbox and pushed by `liveStreamEvents`.
 * The stream is public, so anyone who can see it may follow them, overlays included: payloads carry no personal
 * data (a buyer appears only as a masked name, e.g. "B***i"). LIVE_ORDER_PLACED is internal: the live handler turns
 * it into purchase events and stats, and subscriptions never pass it on.
 */
import type { EntityManager } from '@mikro-orm/core';
import { recordEvent } from '../events/outbox';
import { Topic } from '../events/topics';
import type { Clock } from '../shared/clock';
import type { FlashSale } from './flash-sale.entity';

export const LiveEventType = {
  /** Internal: an order was placed from the stream (payload {@link LiveOrderPlaced}). */
  ORDER_PLACED: 'LIVE_ORDER_PLACED',
  PURCHASE: 'LIVE_PURCHASE',
  CHECKOUT_STARTED: 'LIVE_CHECKOUT_STARTED',
  PINNED_PRODUCT_CHANGED: 'LIVE_PINNED_PRODUCT_CHANGED',
  FLASH_SALE_SCHEDULED: 'LIVE_FLASH_SALE_SCHEDULED',
  FLASH_SALE_STARTED: 'LIVE_FLASH_SALE_STARTED',
  FLASH_SALE_SOLD_OUT: 'LIVE_FLASH_SALE_SOLD_OUT',
  FLASH_SALE_RESTOCKED: 'LIVE_FLASH_SALE_RESTOCKED',
  FLASH_SALE_ENDED: 'LIVE_FLASH_SALE_ENDED',
  VIEWER_COUNT: 'LIVE_VIEWER_COUNT',
  STATUS_CHANGED: 'LIVE_STATUS_CHANGED',
} as const;
export type LiveEventType = (typeof LiveEventType)[keyof typeof LiveEventType];

/** The event types subscribers receive (everything but the internal ones). */
export const PUBLIC_LIVE_EVENT_TYPES: ReadonlySet<string> = new Set(Object.values(LiveEventType).filter((type) => type !== LiveEventType.ORDER_PLACED));

/** One line of an order placed from a stream, as the live feature needs it (amounts in minor units). */
export interface LiveOrderLine {
  readonly productId: number;
  readonly productTitle: string;
  readonly variantId: number;
  readonly variantTitle: string;
  readonly quantity: number;
  readonly unitPrice: number;
  /** The flash sale whose price the line got; null at the normal price. */
  readonly flashSaleId: number | null;
}

/** Payload of LIVE_ORDER_PLACED. */
export interface LiveOrderPlaced {
  readonly liveStreamId: number;
  readonly orderId: number;
  /** Already masked ("B***i"): no personal data enters the stream's topic. */
  readonly buyerName: string;
  readonly subtotal: number;
  readonly lines: readonly LiveOrderLine[];
}

/** "Budi" → "B***i": the first and last letter of the name, nothing else. */
export function maskBuyerName(name: string): string {
  const letters = Array.from(name.trim());
  if (letters.length === 0) return '***';
  return letters.length === 1 ? `${letters[0]}***` : `${letters[0]}***${letters.at(-1)}`;
}

export function recordLiveEvent(em: EntityManager, clock: Clock, liveStreamId: number, type: LiveEventType, payload: Record<string, unknown>): void {
  recordEvent(em, clock, { topic: Topic.live(liveStreamId), type, payload: { liveStreamId, ...payload } });
}

/** A flash sale event with the sale's terms as they are now. */
export function recordFlashSaleEvent(em: EntityManager, clock: Clock, sale: FlashSale, type: LiveEventType): void {
  recordLiveEvent(em, clock, sale.liveStream.id, type, {
    flashSaleId: sale.id,
    productId: sale.product.id,
    variantId: sale.variant.id,
    price: sale.price,
    quantity: sale.quantity,
    soldQuantity: sale.soldQuantity,
    perBuyerLimit: sale.perBuyerLimit,
    startsAt: sale.startsAt.toISOString(),
    endsAt: sale.endsAt.toISOString(),
  });
}
