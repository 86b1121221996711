import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  AddLiveStreamProductsDocument,
  EndLiveStreamDocument,
  LiveStreamDocument,
  LiveStreamEventsDocument,
  PinLiveStreamProductDocument,
  StartCheckoutDocument,
  StartLiveStreamDocument,
  UnpinLiveStreamProductDocument,
  type LiveStreamEventFieldsFragment,
} from '../generated/graphql';
import { liveSubscriptions, positionOf, waitFor } from '../events/order-fixtures';
import { signUpBuyer, type Actor } from '../support/actors';
import { codes } from '../support/client';
import { createTestDatabase, describeStore, STORE, startTestServer, type TestServer } from '../support/server';
import { seedCategories } from '../support/shops';
import { liveOrder, liveShop, liveStreamOf, placedAt, scheduleStream, startSale, takeEvents, type LiveShop } from './live-fixtures';

/** What an event says, without its cursor and time: the order of these is what subscribers see. */
function summary(event: LiveStreamEventFieldsFragment): unknown[] {
  switch (event.__typename) {
    case 'PurchaseEvent':
      return [event.__typename, event.buyerName, event.quantity, event.unitPrice.amount, event.atFlashSalePrice, event.stockLeft, event.unitsSold];
    case 'CheckoutStartedEvent':
      return [event.__typename, event.variant?.id ?? null];
    case 'PinnedProductChangedEvent':
      return [event.__typename, event.pinnedProductId, event.previousProductId];
    case 'FlashSaleEvent':
      return [event.__typename, event.kind, event.soldQuantity];
    case 'ViewerCountEvent':
      return [event.__typename, event.viewers, event.peakViewers];
    case 'StreamStatusEvent':
      return [event.__typename, event.fromStatus, event.status];
  }
}

describeStore('live stream events', () => {
  let server: TestServer;
  let categories: Record<string, string>;
  let shop: LiveShop;
  let siti: Actor;
  let andi: Actor;

  beforeAll(async () => {
    server = await startTestServer();
    categories = await seedCategories(server);
    shop = await liveShop(server, categories['hijab']!, 'Dewi Hijab', 'dewi-hijab', 2, 10);
    [siti, andi] = await Promise.all([signUpBuyer(server, 'Siti Rahma'), signUpBuyer(server, 'Andi')]);
  });
  afterAll(() => server?.stop());

  /** Lets the relay deliver (and derive events from) what committed, so each step's events come before the next's. */
  const settled = () => server.relay.drain();

  it('pushes pins, status changes, flash sales, checkouts and purchases to anyone, in order, with masked buyers only', async () => {
    const [p0, p1] = shop.products as [LiveShop['products'][0], LiveShop['products'][0]];
    const liveStreamId = await scheduleStream(server, shop);
    await settled();
    const base = server.app.pubsub.activeSubscriptions;
    const anonymous = await server.ws();
    const sub = anonymous.subscribe(LiveStreamEventsDocument, { liveStreamId });
    await liveSubscriptions(server, base + 1);

    const seller = shop.owner.client;
    await seller.data(AddLiveStreamProductsDocument, { input: { liveStreamId, productIds: [p0.id, p1.id] } });
    await seller.data(PinLiveStreamProductDocument, { input: { liveStreamId, productId: p0.id } });
    await seller.data(PinLiveStreamProductDocument, { input: { liveStreamId, productId: p1.id } });
    await seller.data(StartLiveStreamDocument, { input: { liveStreamId } });
    const flashSaleId = await startSale(shop, { liveStreamId, variantId: p1.variantId, price: '30000', quantity: 2, perBuyerLimit: 2, countdownSeconds: 10 });
    server.clock.advance(10_000);
    await server.jobs.runNow('live-flash-sales');
    await settled();
    expect((await andi.client.data(StartCheckoutDocument, { input: { liveStreamId, variantId: p1.variantId } })).startCheckout.announced).toBe(true);
    // A second tap within the window is not announced again.
    expect((await andi.client.data(StartCheckoutDocument, { input: { liveStreamId } })).startCheckout.announced).toBe(false);
    await settled();
    expect(await placedAt(await liveOrder(siti, p1.variantId, liveStreamId, 2))).toBe('30000.00');
    await settled();
    expect(await placedAt(await liveOrder(andi, p0.variantId, liveStreamId, 1))).toBe('45000.00');
    await settled();
    await seller.data(UnpinLiveStreamProductDocument, { input: { liveStreamId } });
    await seller.data(EndLiveStreamDocument, { input: { liveStreamId } });

    const events = await takeEvents(sub, 12);
    expect(events.map(summary)).toEqual([
      ['PinnedProductChangedEvent', p0.id, null],
      ['PinnedProductChangedEvent', p1.id, p0.id],
      ['StreamStatusEvent', 'SCHEDULED', 'LIVE'],
      ['FlashSaleEvent', 'SCHEDULED', 0],
      ['FlashSaleEvent', 'STARTED', 0],
      ['CheckoutStartedEvent', p1.variantId],
      ['PurchaseEvent', 'S***a', 2, '30000.00', true, 8, 2],
      ['FlashSaleEvent', 'SOLD_OUT', 2],
      ['PurchaseEvent', 'A***i', 1, '45000.00', false, 9, 3],
      ['PinnedProductChangedEvent', null, p1.id],
      ['FlashSaleEvent', 'ENDED', 2],
      ['StreamStatusEvent', 'LIVE', 'ENDED'],
    ]);
    // The pinned product resolves for the overlay; the sale's events name it.
    expect(events[1]).toMatchObject({ product: { id: p1.id } });
    expect(events.filter((e) => e.__typename === 'FlashSaleEvent').every((e) => e.__typename === 'FlashSaleEvent' && e.flashSaleId === flashSaleId)).toBe(true);
    const positions = events.map((e) => positionOf(e.cursor));
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // Nothing personal travels: no full name, no email, no user id.
    const wire = JSON.stringify(events);
    for (const secret of ['Siti Rahma', siti.email, siti.id, andi.email, andi.id]) expect(wire).not.toContain(secret);
    sub.unsubscribe();
    await liveSubscriptions(server, base);
  });

  it('resumes after a disconnect from the last cursor: nothing lost, nothing repeated', async () => {
    const other = await liveShop(server, categories['hijab']!, 'Sambung Lagi', 'sambung-lagi', 2);
    const [p0, p1] = other.products as [LiveShop['products'][0], LiveShop['products'][0]];
    const liveStreamId = await liveStreamOf(server, other);
    await settled();
    const base = server.app.pubsub.activeSubscriptions;
    const first = await server.ws({ token: siti.token });
    const sub = first.subscribe(LiveStreamEventsDocument, { liveStreamId });
    await liveSubscriptions(server, base + 1);
    const pin = (productId: string) => other.owner.client.data(PinLiveStreamProductDocument, { input: { liveStreamId, productId } });
    await pin(p0.id);
    const [seen] = await takeEvents(sub, 1);

    // The connection drops; meanwhile the stream goes on.
    await first.close();
    await liveSubscriptions(server, base);
    await pin(p1.id);
    expect(await placedAt(await liveOrder(andi, p1.variantId, liveStreamId))).toBe('45000.00');
    await settled();

    const again = await server.ws({ token: siti.token });
    const resumed = again.subscribe(LiveStreamEventsDocument, { liveStreamId, after: seen!.cursor });
    expect((await takeEvents(resumed, 2)).map(summary)).toEqual([
      ['PinnedProductChangedEvent', p1.id, p0.id],
      ['PurchaseEvent', 'A***i', 1, '45000.00', false, 99, 1],
    ]);
    // Then live events, with nothing repeated at the seam.
    await other.owner.client.data(EndLiveStreamDocument, { input: { liveStreamId } });
    expect((await takeEvents(resumed, 1)).map(summary)).toEqual([['StreamStatusEvent', 'LIVE', 'ENDED']]);
    await settled();
    expect(resumed.pending).toBe(0);
    resumed.unsubscribe();
  });

  it('counts viewers: two subscribers make 2, one leaving makes 1, the peak stays 2', async () => {
    const other = await liveShop(server, categories['hijab']!, 'Penonton', 'penonton', 1);
    const liveStreamId = await liveStreamOf(server, other);
    await settled();
    const countViewers = () => server.jobs.runNow('live-viewer-counts');
    const base = server.app.pubsub.activeSubscriptions;
    const [one, two] = await Promise.all([server.ws(), server.ws({ token: siti.token })]);
    const a = one.subscribe(LiveStreamEventsDocument, { liveStreamId });
    const b = two.subscribe(LiveStreamEventsDocument, { liveStreamId });
    await liveSubscriptions(server, base + 2);
    expect(await countViewers()).toBe(1);
    expect(await countViewers()).toBe(0); // unchanged: nothing announced
    for (const sub of [a, b]) expect((await takeEvents(sub, 1)).map(summary)).toEqual([['ViewerCountEvent', 2, 2]]);
    expect((await server.client.data(LiveStreamDocument, { id: liveStreamId })).liveStream).toMatchObject({ viewersNow: 2, peakViewers: 2 });

    b.unsubscribe();
    await liveSubscriptions(server, base + 1);
    expect(await countViewers()).toBe(1);
    expect((await takeEvents(a, 1)).map(summary)).toEqual([['ViewerCountEvent', 1, 2]]);
    expect((await server.client.data(LiveStreamDocument, { id: liveStreamId })).liveStream).toMatchObject({ viewersNow: 1, peakViewers: 2 });
    a.unsubscribe();
    await liveSubscriptions(server, base);
  });

  it('shares one execution per event among anonymous viewers, and still counts each of them', async () => {
    const other = await liveShop(server, categories['hijab']!, 'Ramai Sekali', 'ramai-sekali', 1);
    const liveStreamId = await liveStreamOf(server, other);
    await settled();
    const before = server.subscriptions.live;
    const topics = server.app.pubsub.activeSubscriptions;
    const sockets = await Promise.all([server.ws(), server.ws(), server.ws()]);
    const subs = sockets.map((ws) => ws.subscribe(LiveStreamEventsDocument, { liveStreamId }));
    await waitFor(() => server.subscriptions.live === before + 3, 'three live subscribers');
    // One source stream (one pub/sub subscription, one run of the selection per event) serves all three.
    await waitFor(() => server.app.pubsub.activeSubscriptions === topics + 1, 'one shared source stream');
    expect(await server.jobs.runNow('live-viewer-counts')).toBeGreaterThanOrEqual(1); // other tests' streams may change too
    for (const sub of subs) expect((await takeEvents(sub, 1)).map(summary)).toEqual([['ViewerCountEvent', 3, 3]]);

    subs[0]!.unsubscribe();
    await waitFor(() => server.subscriptions.live === before + 2, 'two live subscribers');
    expect(await server.jobs.runNow('live-viewer-counts')).toBeGreaterThanOrEqual(1); // other tests' streams may change too
    for (const sub of subs.slice(1)) expect((await takeEvents(sub, 1)).map(summary)).toEqual([['ViewerCountEvent', 2, 3]]);
    for (const sub of subs.slice(1)) sub.unsubscribe();
    await waitFor(() => server.subscriptions.live === before, 'no live subscriber');
  });

  it('refuses an unknown stream with NOT_FOUND and a malformed cursor with BAD_USER_INPUT', async () => {
    const ws = await server.ws();
    const unknown = await ws.subscribe(LiveStreamEventsDocument, { liveStreamId: Buffer.from('LiveStream:99999').toString('base64url') }).next();
    expect(codes(unknown.errors)).toEqual(['NOT_FOUND']);
    const liveStreamId = await scheduleStream(server, shop, 'Kursor');
    const badCursor = await ws.subscribe(LiveStreamEventsDocument, { liveStreamId, after: 'not-a-cursor' }).next();
    expect(codes(badCursor.errors)).toEqual(['BAD_USER_INPUT']);
    // startCheckout needs a login and a LIVE stream.
    expect(codes((await server.client.request(StartCheckoutDocument, { input: { liveStreamId } })).errors)).toEqual(['UNAUTHENTICATED']);
    const notLive = await siti.client.data(StartCheckoutDocument, { input: { liveStreamId } });
    expect(notLive.startCheckout).toMatchObject({ announced: null, userErrors: [{ code: 'LIVE_STREAM_NOT_LIVE' }] });
  });

  it.runIf(STORE === 'scaled')('counts the viewers of every instance sharing the database and Redis', async () => {
    const db = await createTestDatabase();
    const database = { databaseUrl: db.databaseUrl, redisUrl: db.redisUrl, redisPrefix: db.redisPrefix };
    const a = await startTestServer({ database });
    const b = await startTestServer({ database });
    try {
      const cats = await seedCategories(a);
      const other = await liveShop(a, cats['hijab']!, 'Dua Server', 'dua-server', 1);
      const liveStreamId = await liveStreamOf(a, other);
      await Promise.all([a.relay.drain(), b.relay.drain()]);
      const onA = (await a.ws()).subscribe(LiveStreamEventsDocument, { liveStreamId });
      const onB = (await b.ws()).subscribe(LiveStreamEventsDocument, { liveStreamId });
      await Promise.all([liveSubscriptions(a, 1), liveSubscriptions(b, 1)]);
      // B reports its viewer; A's pass adds up both instances and announces the total once.
      expect(await b.jobs.runNow('live-viewer-counts')).toBe(1);
      expect(await a.jobs.runNow('live-viewer-counts')).toBe(1);
      expect(await b.jobs.runNow('live-viewer-counts')).toBe(0);
      const counts = async (sub: typeof onA) => (await takeEvents(sub, 2)).map(summary);
      expect(await counts(onA)).toEqual([['ViewerCountEvent', 1, 1], ['ViewerCountEvent', 2, 2]]);
      expect(await counts(onB)).toEqual([['ViewerCountEvent', 1, 1], ['ViewerCountEvent', 2, 2]]);
    } finally {
      await a.stop();
      await b.stop();
      await db.drop();
    }
  });
});
