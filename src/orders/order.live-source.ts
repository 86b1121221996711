/**
 * Orders placed from a live stream (source LIVE): the live prices of their lines, the flash-sale units they take, and
 * the one event that tells the stream about them. The rules are the live feature's (live-checkout.ts); this is where
 * checkout applies them.
 */
import type { EntityManager } from '@mikro-orm/core';
import { User } from '../accounts/user.entity';
import type { Product, ProductVariant } from '../catalog/product.entity';
import type { FlashSale } from '../live/flash-sale.entity';
import { liveOrderTerms, recordLiveOrder, takeFlashSaleUnits } from '../live/live-checkout';
import type { Clock } from '../shared/clock';
import type { Order } from './order.entity';

/** What checkout reads of a line's variant (a plain row: checkout never changes it through the ORM). */
export type CheckoutVariant = Pick<ProductVariant, 'id' | 'title' | 'sku' | 'price' | 'weightGrams' | 'isActive'>;

/** What checkout reads of a line's product: `imageUrl` is its first image, the line's snapshot. */
export type CheckoutProduct = Pick<Product, 'id' | 'title' | 'status'> & { readonly imageUrl: string | null };

export interface CheckedLine {
  readonly line: { readonly quantity: number };
  readonly variant?: CheckoutVariant;
  readonly product?: CheckoutProduct;
}

/** A checked line with the price it pays, and the flash sale that gives it that price (if any). */
export type PricedLine<L extends CheckedLine> = L & { readonly sale: FlashSale | null; readonly unitPrice: number };

/**
 * Prices each line: the variant's price, or the live price of its ACTIVE flash sale when the order comes from a live
 * stream (`live`), which must then be LIVE and the order's shop's (user errors otherwise).
 */
export async function priceLines<L extends CheckedLine>(
  em: EntityManager,
  now: Date,
  lines: readonly L[],
  live: { liveStreamId: number; shopId: number } | null,
): Promise<PricedLine<L>[]> {
  const terms = live ? await liveOrderTerms(em, now, { ...live, variantIds: lines.map((l) => l.variant!.id) }) : null;
  return lines.map((entry) => {
    const sale = terms?.sales.get(entry.variant!.id) ?? null;
    return { ...entry, sale, unitPrice: sale?.price ?? entry.variant!.price };
  });
}

/** Tells the live stream about the order, in its transaction: the stream's purchase events and stats follow from it. */
export async function tellLiveStream(em: EntityManager, clock: Clock, order: Order, lines: readonly PricedLine<CheckedLine>[]): Promise<void> {
  const buyer = await em.findOneOrFail(User, order.buyer.id, { fields: ['name'] });
  recordLiveOrder(em, clock, {
    liveStreamId: order.sourceId!,
    orderId: order.id,
    buyerName: buyer.name,
    subtotal: order.subtotal,
    lines: lines.map(({ line, variant, product, sale, unitPrice }) => ({
      productId: product!.id,
      productTitle: product!.title,
      variantId: variant!.id,
      variantTitle: variant!.title,
      quantity: line.quantity,
      unitPrice,
      flashSaleId: sale?.id ?? null,
    })),
  });
}

/** Takes the flash-sale units of the lines at a live price; a refusal throws (rolling the order back). */
export async function takeFlashSaleLines(em: EntityManager, buyerId: number, lines: readonly PricedLine<CheckedLine>[]): Promise<void> {
  for (const [i, { line, sale }] of lines.entries()) {
    if (sale) await takeFlashSaleUnits(em, buyerId, sale, line.quantity, ['input', 'lines', String(i), 'quantity']);
  }
}
