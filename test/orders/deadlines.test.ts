import { afterAll, beforeAll, expect, it } from 'vitest';
import { backgroundJobs } from '../../src/features';
import { JobRunner } from '../../src/shared/jobs';
import { CancelOrderDocument, CreateProductDocument, OrderDocument, PlaceOrderDocument, ProductDocument } from '../generated/graphql';
import { signUpBuyer, type Actor } from '../support/actors';
import { jakartaAddress } from '../support/fixtures';
import { describeStore, startTestServer, type TestServer } from '../support/server';
import { openShop, seedCategories } from '../support/shops';

describeStore('order deadlines', () => {
  let server: TestServer;
  let buyer: Actor;
  let variantId: string;
  let productId: string;
  let seller: Actor;

  beforeAll(async () => {
    server = await startTestServer();
    const categories = await seedCategories(server);
    const shop = await openShop(server, 'Toko Tenggat', 'toko-tenggat');
    seller = shop.owner;
    const { createProduct } = await shop.owner.client.data(CreateProductDocument, {
      input: {
        shopId: shop.shopId,
        title: 'Kopi Toraja 200 gram',
        description: 'Kopi Toraja Kalosi, sangrai medium, dikirim segar setiap minggu.',
        categoryId: categories['kopi-teh']!,
        imageUrls: ['https://cdn.example.com/toraja.jpg'],
        variants: [{ sku: 'TRJ-200', optionValues: [], price: '85000', stock: 5, weightGrams: 250 }],
        publish: true,
      },
    });
    productId = createProduct.product!.id;
    variantId = createProduct.product!.variants[0]!.id;
    buyer = await signUpBuyer(server, 'Rina');
  });
  afterAll(() => server?.stop());

  const place = async (method: 'E_WALLET' | 'COD', quantity = 1) => {
    const { placeOrder } = await buyer.client.data(PlaceOrderDocument, {
      input: { lines: [{ variantId, quantity }], paymentMethod: method, shippingAddress: jakartaAddress, idempotencyKey: `deadline-${Math.random().toString(36).slice(2)}` },
    });
    return placeOrder.order!;
  };
  const stock = async () => (await seller.client.data(ProductDocument, { id: productId })).product!.variants[0]!.stock;

  it('cancels unpaid orders once their payment deadline passes, releasing the stock', async () => {
    const order = await place('E_WALLET', 2);
    expect(await stock()).toBe(3);
    expect(await server.jobs.runNow('expire-unpaid-orders')).toBe(0); // not due yet
    server.clock.advance(60 * 60_000 + 1);
    expect(await server.jobs.runNow('expire-unpaid-orders')).toBe(1);
    const { order: after } = await buyer.client.data(OrderDocument, { id: order.id });
    expect(after).toMatchObject({ status: 'CANCELLED', cancelReason: 'Payment was not received in time' });
    expect(after!.timeline.at(-1)).toMatchObject({ fromStatus: 'UNPAID', toStatus: 'CANCELLED', actor: 'SYSTEM' });
    expect(await stock()).toBe(5);
  });

  it('makes one transition and releases stock once when several instances sweep at the same moment', async () => {
    const orders = await Promise.all([place('E_WALLET'), place('E_WALLET'), place('E_WALLET')]);
    expect(await stock()).toBe(2);
    server.clock.advance(60 * 60_000 + 1);
    const passes = await Promise.all([
      server.jobs.runNow('expire-unpaid-orders'),
      // A second "instance": its own runner over the same database.
      new JobRunner(server.app, backgroundJobs, server.app.logger).runNow('expire-unpaid-orders'),
    ]);
    expect(passes[0] + passes[1]).toBe(3);
    expect(await stock()).toBe(5);
    for (const order of orders) {
      const { order: after } = await buyer.client.data(OrderDocument, { id: order.id });
      expect(after!.timeline.filter((e) => e.toStatus === 'CANCELLED')).toHaveLength(1);
    }
  });

  it('hands cash-on-delivery orders to the seller when the free cancellation window ends', async () => {
    const order = await place('COD');
    server.clock.advance(60 * 60_000 + 1);
    expect(await server.jobs.runNow('end-free-cancellation')).toBe(1);
    const { order: after } = await buyer.client.data(OrderDocument, { id: order.id });
    expect(after!.status).toBe('AWAITING_SHIPMENT');
    expect(after!.timeline.at(-1)).toMatchObject({ fromStatus: 'ON_HOLD', toStatus: 'AWAITING_SHIPMENT', actor: 'SYSTEM' });
    // Now it is the seller's turn: the buyer cannot cancel directly any more.
    const { cancelOrder } = await buyer.client.data(CancelOrderDocument, { input: { orderId: order.id, reason: 'Berubah pikiran' } });
    expect(cancelOrder.userErrors.map((e) => e.code)).toEqual(['INVALID_TRANSITION']);
  });
});
