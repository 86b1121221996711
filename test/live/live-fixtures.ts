/** Live-stream test setup driven through the API: a shop with products, a stream ready to go, LIVE orders. */
import type { FormattedExecutionResult } from 'graphql';
import { expect } from 'vitest';
import {
  AddLiveStreamProductsDocument,
  CreateProductDocument,
  PlaceLiveOrderDocument,
  ScheduleLiveStreamDocument,
  StartFlashSaleDocument,
  StartLiveStreamDocument,
  type LiveStreamEventFieldsFragment,
  type StartFlashSaleInput,
} from '../generated/graphql';
import type { Actor } from '../support/actors';
import { jakartaAddress } from '../support/fixtures';
import type { TestServer } from '../support/server';
import { openShop, type OpenShop } from '../support/shops';
import type { Subscription } from '../support/ws';

export interface LiveProduct {
  readonly id: string;
  readonly title: string;
  readonly variantId: string;
}

export interface LiveShop extends OpenShop {
  readonly products: LiveProduct[];
}

/** An approved shop with `count` products of one variant each (price 45000, `stock` units). */
export async function liveShop(server: TestServer, categoryId: string, name: string, handle: string, count = 3, stock = 100): Promise<LiveShop> {
  const shop = await openShop(server, name, handle);
  const products: LiveProduct[] = [];
  for (let i = 0; i < count; i += 1) {
    const title = `Hijab Pashmina ${name} ${i + 1}`;
    const { createProduct } = await shop.owner.client.data(CreateProductDocument, {
      input: {
        shopId: shop.shopId,
        title,
        description: 'Hijab pashmina bahan ceruty baby doll, jatuh dan tidak menerawang.',
        categoryId,
        imageUrls: [`https://cdn.example.com/${handle}-${i}.jpg`],
        variants: [{ sku: `${handle.toUpperCase()}-${i}`, optionValues: [], price: '45000', stock, weightGrams: 150 }],
        publish: true,
      },
    });
    if (!createProduct.product) throw new Error(`createProduct failed: ${JSON.stringify(createProduct.userErrors)}`);
    products.push({ id: createProduct.product.id, title, variantId: createProduct.product.variants[0]!.id });
  }
  return { ...shop, products };
}

const HOUR = 3_600_000;

/** Schedules a stream an hour ahead; returns its id. */
export async function scheduleStream(server: TestServer, shop: OpenShop, title = 'Live jam 8 malam'): Promise<string> {
  const { scheduleLiveStream } = await shop.owner.client.data(ScheduleLiveStreamDocument, {
    input: { shopId: shop.shopId, title, scheduledAt: new Date(server.clock.now().getTime() + HOUR).toISOString(), coverUrl: 'https://cdn.example.com/cover.jpg' },
  });
  expect(scheduleLiveStream.userErrors).toEqual([]);
  return scheduleLiveStream.liveStream!.id;
}

/** A LIVE stream of `shop` with all its products in the bag. */
export async function liveStreamOf(server: TestServer, shop: LiveShop): Promise<string> {
  const liveStreamId = await scheduleStream(server, shop);
  const added = await shop.owner.client.data(AddLiveStreamProductsDocument, { input: { liveStreamId, productIds: shop.products.map((p) => p.id) } });
  expect(added.addLiveStreamProducts.userErrors).toEqual([]);
  const started = await shop.owner.client.data(StartLiveStreamDocument, { input: { liveStreamId } });
  expect(started.startLiveStream.userErrors).toEqual([]);
  return liveStreamId;
}

/** Starts a flash sale (30 s countdown, 5 minutes) and returns its id. */
export async function startSale(shop: OpenShop, input: Pick<StartFlashSaleInput, 'liveStreamId' | 'variantId'> & Partial<StartFlashSaleInput>): Promise<string> {
  const { startFlashSale } = await shop.owner.client.data(StartFlashSaleDocument, {
    input: { price: '30000', quantity: 5, perBuyerLimit: 1, countdownSeconds: 30, durationMinutes: 5, ...input },
  });
  expect(startFlashSale.userErrors).toEqual([]);
  return startFlashSale.flashSale!.id;
}

let orderCounter = 0;

/** Places a cash-on-delivery order from a live stream (or another source), returning the raw response. */
export function liveOrder(buyer: Actor, variantId: string, liveStreamId: string | null, quantity = 1) {
  return buyer.client.request(PlaceLiveOrderDocument, {
    input: {
      lines: [{ variantId, quantity }],
      paymentMethod: 'COD',
      shippingAddress: jakartaAddress,
      source: liveStreamId === null ? { type: 'SHOP' } : { type: 'LIVE', id: liveStreamId },
      idempotencyKey: `live-${process.pid}-${(orderCounter += 1)}-${Math.random().toString(36).slice(2)}`,
    },
  });
}

/** The unit price paid, or the user error codes of a refused order. */
export async function placedAt(response: Awaited<ReturnType<typeof liveOrder>>): Promise<string | string[]> {
  if (response.errors?.length) throw new Error(JSON.stringify(response.errors));
  const placed = response.data!.placeOrder;
  return placed.order ? placed.order.lines[0]!.unitPrice.amount : placed.userErrors.map((e) => e.code);
}

/** The next `n` events of a `liveStreamEvents` subscription. */
export async function takeEvents(sub: Subscription<{ liveStreamEvents: LiveStreamEventFieldsFragment }>, n: number, timeoutMs = 10_000): Promise<LiveStreamEventFieldsFragment[]> {
  const events: LiveStreamEventFieldsFragment[] = [];
  for (let i = 0; i < n; i += 1) {
    const result: FormattedExecutionResult<{ liveStreamEvents: LiveStreamEventFieldsFragment }> = await sub.next(timeoutMs);
    if (!result.data) throw new Error(`expected an event, got ${JSON.stringify(result.errors)}`);
    events.push(result.data.liveStreamEvents);
  }
  return events;
}
