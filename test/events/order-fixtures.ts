/** A selling shop, buyers and quick orders for the subscription suites, driven through the API. */
import type { FormattedExecutionResult } from 'graphql';
import { AddAddressDocument, CreateProductDocument, PlaceQuickOrderDocument, type OrderUpdateFieldsFragment } from '../generated/graphql';
import { signUpBuyer, type Actor } from '../support/actors';
import { jakartaAddress } from '../support/fixtures';
import type { TestServer } from '../support/server';
import { openShop, type OpenShop } from '../support/shops';
import type { Subscription } from '../support/ws';

export interface SellingShop extends OpenShop {
  readonly variantId: string;
}

/** An approved shop with one product of plenty of stock. */
export async function sellingShop(server: TestServer, categoryId: string, name: string, handle: string): Promise<SellingShop> {
  const shop = await openShop(server, name, handle);
  const { createProduct } = await shop.owner.client.data(CreateProductDocument, {
    input: {
      shopId: shop.shopId,
      title: `Hijab Segi Empat ${name}`,
      description: 'Hijab segi empat bahan voal, lembut dan mudah dibentuk untuk sehari-hari.',
      categoryId,
      imageUrls: [`https://cdn.example.com/${handle}.jpg`],
      variants: [{ sku: `${handle.toUpperCase()}-1`, optionValues: [], price: '45000', stock: 100_000, weightGrams: 100 }],
      publish: true,
    },
  });
  if (!createProduct.product) throw new Error(`createProduct failed: ${JSON.stringify(createProduct.userErrors)}`);
  return { ...shop, variantId: createProduct.product.variants[0]!.id };
}

/** A buyer with a default address. */
export async function buyerWithAddress(server: TestServer, name: string): Promise<Actor> {
  const buyer = await signUpBuyer(server, name);
  await buyer.client.data(AddAddressDocument, { input: jakartaAddress });
  return buyer;
}

let orderCounter = 0;

/** Places a cash-on-delivery order (it starts ON_HOLD); returns its global id. */
export async function placeOrder(buyer: Actor, shop: SellingShop): Promise<string> {
  const { placeOrder: placed } = await buyer.client.data(PlaceQuickOrderDocument, {
    input: { lines: [{ variantId: shop.variantId, quantity: 1 }], paymentMethod: 'COD', idempotencyKey: `sub-${process.pid}-${(orderCounter += 1)}` },
  });
  if (!placed.order) throw new Error(`placeOrder failed: ${JSON.stringify(placed.userErrors)}`);
  return placed.order.id;
}

export async function waitFor(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Waits until the server holds `count` live pub/sub subscriptions. */
export function liveSubscriptions(server: TestServer, count: number): Promise<void> {
  return waitFor(() => server.app.pubsub.activeSubscriptions === count, `${count} live subscriptions`);
}

/** The next `n` updates of a subscription (each result must carry data, not errors). */
export async function takeUpdates<K extends string>(
  sub: Subscription<Record<K, OrderUpdateFieldsFragment>>,
  field: K,
  n: number,
  timeoutMs = 10_000,
): Promise<OrderUpdateFieldsFragment[]> {
  const updates: OrderUpdateFieldsFragment[] = [];
  for (let i = 0; i < n; i += 1) {
    const result: FormattedExecutionResult<Record<K, OrderUpdateFieldsFragment>> = await sub.next(timeoutMs);
    if (!result.data) throw new Error(`expected an update, got ${JSON.stringify(result.errors)}`);
    updates.push(result.data[field]);
  }
  return updates;
}

/** The position inside an opaque cursor (tests only: clients never decode it). */
export function positionOf(cursor: string): number {
  return Number(Buffer.from(cursor, 'base64url').toString('utf8').split(':')[1]);
}
