import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  CancelOrderDocument,
  EndFlashSaleDocument,
  EndLiveStreamDocument,
  LiveStreamDocument,
  LiveStreamEventsDocument,
  ProductDocument,
  StartFlashSaleDocument,
  type StartFlashSaleInput,
} from '../generated/graphql';
import { signUpBuyer, type Actor } from '../support/actors';
import { describeStore, startTestServer, type TestServer } from '../support/server';
import { seedCategories } from '../support/shops';
import { liveSubscriptions } from '../events/order-fixtures';
import { liveOrder, liveShop, liveStreamOf, placedAt, scheduleStream, startSale, takeEvents, type LiveShop } from './live-fixtures';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

describeStore('live flash sales', () => {
  let server: TestServer;
  let categories: Record<string, string>;
  let siti: Actor;
  let andi: Actor;
  let budi: Actor;

  beforeAll(async () => {
    server = await startTestServer();
    categories = await seedCategories(server);
    [siti, andi, budi] = await Promise.all([signUpBuyer(server, 'Siti Rahma'), signUpBuyer(server, 'Andi Wijaya'), signUpBuyer(server, 'Budi')]);
  });
  afterAll(() => server?.stop());

  const sweep = () => server.jobs.runNow('live-flash-sales');
  const saleOf = async (liveStreamId: string) => (await server.client.data(LiveStreamDocument, { id: liveStreamId })).liveStream!;

  it('counts down, sells at the live price within its limits, sells out, takes back cancelled units and ends by itself', async () => {
    const shop = await liveShop(server, categories['hijab']!, 'Serbu Kilat', 'serbu-kilat', 1);
    const { variantId } = shop.products[0]!;
    const liveStreamId = await liveStreamOf(server, shop);
    const flashSaleId = await startSale(shop, { liveStreamId, variantId, price: '30000', quantity: 3, perBuyerLimit: 2, countdownSeconds: 30, durationMinutes: 5 });
    expect((await saleOf(liveStreamId)).activeFlashSale).toEqual({ id: flashSaleId, status: 'SCHEDULED' });

    // During the countdown the normal price applies.
    expect(await placedAt(await liveOrder(budi, variantId, liveStreamId))).toBe('45000.00');
    server.clock.advance(30 * SECOND);
    expect(await sweep()).toBe(1);
    expect((await saleOf(liveStreamId)).activeFlashSale).toEqual({ id: flashSaleId, status: 'ACTIVE' });

    const sitiOrder = await liveOrder(siti, variantId, liveStreamId, 2);
    expect(await placedAt(sitiOrder)).toBe('30000.00');
    expect(sitiOrder.data!.placeOrder.order!.subtotal.amount).toBe('60000.00');
    // Siti holds her 2 already; Andi's 2 would pass the quantity (3): both refused, nothing placed.
    expect(await placedAt(await liveOrder(siti, variantId, liveStreamId))).toEqual(['FLASH_SALE_LIMIT_REACHED']);
    expect(await placedAt(await liveOrder(andi, variantId, liveStreamId, 2))).toEqual(['FLASH_SALE_SOLD_OUT']);
    expect(await placedAt(await liveOrder(andi, variantId, liveStreamId))).toBe('30000.00');
    // Sold out: a LIVE order pays the normal price, and so does one from the shop page at any time.
    const soldOut = (await saleOf(liveStreamId)).flashSales[0]!;
    expect(soldOut).toMatchObject({ status: 'SOLD_OUT', soldQuantity: 3, remainingQuantity: 0 });
    expect(await placedAt(await liveOrder(budi, variantId, liveStreamId))).toBe('45000.00');
    expect(await placedAt(await liveOrder(budi, variantId, null))).toBe('45000.00');

    // Siti cancels: her units go back to the sale and to her own limit.
    const cancelled = await siti.client.data(CancelOrderDocument, { input: { orderId: sitiOrder.data!.placeOrder.order!.id, reason: 'Salah ukuran' } });
    expect(cancelled.cancelOrder.userErrors).toEqual([]);
    expect((await saleOf(liveStreamId)).flashSales[0]).toMatchObject({ status: 'ACTIVE', soldQuantity: 1 });
    expect(await placedAt(await liveOrder(siti, variantId, liveStreamId, 2))).toBe('30000.00');

    // The sale ends by itself at `endsAt`.
    server.clock.advance(5 * MINUTE);
    expect((await saleOf(liveStreamId)).flashSales[0]!.status).toBe('ENDED'); // by the clock already
    expect(await sweep()).toBe(1);
    const ended = await saleOf(liveStreamId);
    expect(ended.activeFlashSale).toBeNull();
    expect(ended.flashSales[0]).toMatchObject({ status: 'ENDED', endedAt: server.clock.now().toISOString(), soldQuantity: 3 });
    expect(await placedAt(await liveOrder(andi, variantId, liveStreamId))).toBe('45000.00');
    expect(await sweep()).toBe(0);

    // Stock moved with every order placed (flash or not), and came back with the cancelled one.
    const { product } = await shop.owner.client.data(ProductDocument, { id: shop.products[0]!.id });
    expect(product!.variants[0]!.stock).toBe(100 - (1 + 2 + 1 + 1 + 1 + 2 + 1) + 2);
  });

  it('runs one sale at a time per stream, lets the seller end it, and ends it with the stream', async () => {
    const shop = await liveShop(server, categories['hijab']!, 'Satu Satu', 'satu-satu', 2);
    const liveStreamId = await liveStreamOf(server, shop);
    const first = await startSale(shop, { liveStreamId, variantId: shop.products[0]!.variantId });
    const second = await shop.owner.client.data(StartFlashSaleDocument, {
      input: { liveStreamId, variantId: shop.products[1]!.variantId, price: '30000', quantity: 5, perBuyerLimit: 1, countdownSeconds: 10, durationMinutes: 1 },
    });
    expect(second.startFlashSale.userErrors.map((e) => e.code)).toEqual(['FLASH_SALE_IN_PROGRESS']);
    // Another shop's member may not end it; the seller can, once.
    const end = (actor: Actor | LiveShop['owner']) => actor.client.data(EndFlashSaleDocument, { input: { flashSaleId: first } });
    expect((await end(siti)).endFlashSale.userErrors.map((e) => e.code)).toEqual(['FORBIDDEN']);
    expect((await end(shop.owner)).endFlashSale.flashSale).toMatchObject({ status: 'ENDED', endedAt: server.clock.now().toISOString() });
    expect((await end(shop.owner)).endFlashSale.userErrors.map((e) => e.code)).toEqual(['INVALID_TRANSITION']);

    const third = await startSale(shop, { liveStreamId, variantId: shop.products[1]!.variantId });
    const ended = await shop.owner.client.data(EndLiveStreamDocument, { input: { liveStreamId } });
    expect(ended.endLiveStream.liveStream).toMatchObject({ status: 'ENDED', activeFlashSale: null });
    expect(ended.endLiveStream.liveStream!.flashSales.find((s) => s.id === third)).toMatchObject({ status: 'ENDED' });
  });

  it('never leaves a sale open on a stream that ended at the same moment it started', async () => {
    const shop = await liveShop(server, categories['hijab']!, 'Balapan Akhir', 'balapan-akhir', 1);
    const liveStreamId = await liveStreamOf(server, shop);
    const [started, ended] = await Promise.all([
      shop.owner.client.data(StartFlashSaleDocument, {
        input: { liveStreamId, variantId: shop.products[0]!.variantId, price: '30000', quantity: 5, perBuyerLimit: 1, countdownSeconds: 10, durationMinutes: 5 },
      }),
      shop.owner.client.data(EndLiveStreamDocument, { input: { liveStreamId } }),
    ]);
    expect(ended.endLiveStream.userErrors).toEqual([]);
    // Either the sale started first and ended with the stream, or it came second and was refused.
    if (!started.startFlashSale.flashSale) expect(started.startFlashSale.userErrors.map((e) => e.code)).toEqual(['LIVE_STREAM_NOT_LIVE']);
    const { liveStream } = await server.client.data(LiveStreamDocument, { id: liveStreamId });
    expect(liveStream).toMatchObject({ status: 'ENDED', activeFlashSale: null });
    expect(liveStream!.flashSales.every((sale) => sale.status === 'ENDED')).toBe(true);
  });

  it('checks the terms of a sale field by field', async () => {
    const shop = await liveShop(server, categories['hijab']!, 'Syarat Kilat', 'syarat-kilat', 2, 10);
    const liveStreamId = await liveStreamOf(server, shop);
    const start = (input: Partial<StartFlashSaleInput>) =>
      shop.owner.client.data(StartFlashSaleDocument, {
        input: { liveStreamId, variantId: shop.products[0]!.variantId, price: '30000', quantity: 5, perBuyerLimit: 1, countdownSeconds: 30, durationMinutes: 5, ...input },
      });
    const invalid = await start({ price: '45000', quantity: 11, perBuyerLimit: 0, countdownSeconds: 5, durationMinutes: 21 });
    expect(invalid.startFlashSale.userErrors.map((e) => [e.code, e.field?.at(-1)])).toEqual([
      ['INVALID_INPUT', 'price'],
      ['INVALID_INPUT', 'quantity'],
      ['INVALID_INPUT', 'perBuyerLimit'],
      ['INVALID_INPUT', 'countdownSeconds'],
      ['INVALID_INPUT', 'durationMinutes'],
    ]);
    expect((await start({ perBuyerLimit: 6 })).startFlashSale.userErrors.map((e) => e.field?.at(-1))).toEqual(['perBuyerLimit']);
    expect((await start({ countdownSeconds: 301 })).startFlashSale.userErrors.map((e) => e.field?.at(-1))).toEqual(['countdownSeconds']);

    // Only products in the bag, and only while the stream is LIVE.
    const other = await liveShop(server, categories['hijab']!, 'Bukan Tas', 'bukan-tas', 1);
    expect((await start({ variantId: other.products[0]!.variantId })).startFlashSale.userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);
    const scheduled = await scheduleStream(server, shop, 'Belum mulai');
    expect((await start({ liveStreamId: scheduled })).startFlashSale.userErrors.map((e) => e.code)).toEqual(['LIVE_STREAM_NOT_LIVE']);
    const { liveStream } = await server.client.data(LiveStreamDocument, { id: liveStreamId });
    expect(liveStream!.flashSales).toEqual([]);
  });

  it('refuses a LIVE order naming a stream of another shop, one not live or one that does not exist', async () => {
    const dewi = await liveShop(server, categories['hijab']!, 'Dewi Live', 'dewi-live', 1);
    const lain = await liveShop(server, categories['hijab']!, 'Lain Live', 'lain-live', 1);
    const lainLive = await liveStreamOf(server, lain);
    const dewiScheduled = await scheduleStream(server, dewi);
    const variantId = dewi.products[0]!.variantId;
    const refused = async (liveStreamId: string) => {
      const response = await liveOrder(siti, variantId, liveStreamId);
      return response.data!.placeOrder.userErrors.map((e) => [e.code, e.field?.join('.')]);
    };
    expect(await refused(lainLive)).toEqual([['LIVE_STREAM_SHOP_MISMATCH', 'input.source.id']]);
    expect(await refused(dewiScheduled)).toEqual([['LIVE_STREAM_NOT_LIVE', 'input.source.id']]);
    expect(await refused(Buffer.from('LiveStream:99999').toString('base64url'))).toEqual([['NOT_FOUND', 'input.source.id']]);
    expect(await refused('bm90LWEtc3RyZWFt')).toEqual([['INVALID_INPUT', 'input.source.id']]);
    await dewi.owner.client.data(EndLiveStreamDocument, { input: { liveStreamId: dewiScheduled } });
    expect(await refused(dewiScheduled)).toEqual([['LIVE_STREAM_NOT_LIVE', 'input.source.id']]);
    // Nothing was taken from stock.
    const { product } = await dewi.owner.client.data(ProductDocument, { id: dewi.products[0]!.id });
    expect(product!.variants[0]!.stock).toBe(100);
  });

  it("counts the stream's orders, units and GMV", async () => {
    const shop = await liveShop(server, categories['hijab']!, 'Hitung Live', 'hitung-live', 1);
    const { variantId } = shop.products[0]!;
    const liveStreamId = await liveStreamOf(server, shop);
    await startSale(shop, { liveStreamId, variantId, price: '30000', quantity: 10, perBuyerLimit: 5, countdownSeconds: 10 });
    server.clock.advance(10 * SECOND);
    await sweep();
    expect(await placedAt(await liveOrder(siti, variantId, liveStreamId, 3))).toBe('30000.00');
    expect(await placedAt(await liveOrder(andi, variantId, liveStreamId, 1))).toBe('30000.00');
    expect(await placedAt(await liveOrder(budi, variantId, null, 2))).toBe('45000.00'); // not from the stream
    await server.relay.drain();
    const { liveStream } = await server.client.data(LiveStreamDocument, { id: liveStreamId });
    expect(liveStream).toMatchObject({ orderCount: 2, unitsSold: 4, gmv: { amount: '120000.00', currencyCode: 'IDR' } });
  });
});

describeStore('live flash sales under concurrency', () => {
  let server: TestServer;
  let categories: Record<string, string>;

  beforeAll(async () => {
    server = await startTestServer();
    categories = await seedCategories(server);
  });
  afterAll(() => server?.stop());

  const activeSale = async (handle: string, terms: Partial<StartFlashSaleInput>) => {
    const shop = await liveShop(server, categories['hijab']!, `Rebutan ${handle}`, handle, 1);
    const liveStreamId = await liveStreamOf(server, shop);
    await startSale(shop, { liveStreamId, variantId: shop.products[0]!.variantId, countdownSeconds: 10, ...terms });
    server.clock.advance(10 * SECOND);
    await server.jobs.runNow('live-flash-sales');
    return { shop, liveStreamId, variantId: shop.products[0]!.variantId };
  };

  it('quantity 5, 50 buyers at once → exactly 5 units at the live price; the rest refused or at the normal price', async () => {
    const { shop, liveStreamId, variantId } = await activeSale('rebutan-lima', { quantity: 5, perBuyerLimit: 1 });
    const buyers = await Promise.all(Array.from({ length: 50 }, (_, i) => signUpBuyer(server, `Pemburu ${i}`)));
    await server.relay.drain();
    const base = server.app.pubsub.activeSubscriptions;
    const events = (await server.ws()).subscribe(LiveStreamEventsDocument, { liveStreamId });
    await liveSubscriptions(server, base + 1);
    const outcomes = await Promise.all(buyers.map(async (buyer) => placedAt(await liveOrder(buyer, variantId, liveStreamId))));
    expect(outcomes.filter((o) => o === '30000.00')).toHaveLength(5);
    // One purchase event per order, and SOLD_OUT once, right after the fifth purchase at the live price.
    const placed = outcomes.filter((o) => typeof o === 'string').length;
    const feed = (await takeEvents(events, placed + 1)).map((e) => (e.__typename === 'PurchaseEvent' ? e.atFlashSalePrice : e.__typename === 'FlashSaleEvent' ? e.kind : e.__typename));
    const soldOutAt = feed.indexOf('SOLD_OUT');
    expect(feed.slice(0, soldOutAt).filter((e) => e === true)).toHaveLength(5);
    expect(feed.filter((e) => e === 'SOLD_OUT')).toHaveLength(1);
    events.unsubscribe();
    // A buyer whose order read the sale before it sold out is refused; one that read it after pays the normal price.
    expect(outcomes.every((o) => o === '30000.00' || o === '45000.00' || (Array.isArray(o) && o.join() === 'FLASH_SALE_SOLD_OUT'))).toBe(true);
    const { liveStream } = await server.client.data(LiveStreamDocument, { id: liveStreamId });
    expect(liveStream!.flashSales[0]).toMatchObject({ status: 'SOLD_OUT', soldQuantity: 5 });
    const { product } = await shop.owner.client.data(ProductDocument, { id: shop.products[0]!.id });
    expect(product!.variants[0]!.stock).toBe(100 - outcomes.filter((o) => typeof o === 'string').length);
  });

  it('per-buyer limit 1, one buyer 20 times at once → exactly 1 at the live price, 19 FLASH_SALE_LIMIT_REACHED', async () => {
    const { shop, liveStreamId, variantId } = await activeSale('satu-orang', { quantity: 50, perBuyerLimit: 1 });
    const buyer = await signUpBuyer(server, 'Pembeli Rakus');
    const outcomes = await Promise.all(Array.from({ length: 20 }, async () => placedAt(await liveOrder(buyer, variantId, liveStreamId))));
    expect(outcomes.filter((o) => o === '30000.00')).toHaveLength(1);
    expect(outcomes.filter((o) => Array.isArray(o) && o.join() === 'FLASH_SALE_LIMIT_REACHED')).toHaveLength(19);
    const { liveStream } = await server.client.data(LiveStreamDocument, { id: liveStreamId });
    expect(liveStream!.flashSales[0]).toMatchObject({ soldQuantity: 1 });
    const { product } = await shop.owner.client.data(ProductDocument, { id: shop.products[0]!.id });
    expect(product!.variants[0]!.stock).toBe(99);
  });
});
