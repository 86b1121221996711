import { afterAll, beforeAll, expect, it } from 'vitest';
import { Topic } from '../../src/events/topics';
import { decodeIdOf } from '../../src/shared/ids';
import { Role } from '../../src/shared/viewer';
import { ShopMember } from '../../src/shops/shop.entity';
import {
  ArrangeShipmentDocument,
  CancelOrderAsSellerDocument,
  CancelOrderDocument,
  ConfirmOrderDocument,
  ConfirmReceiptDocument,
  OrderUpdatedDocument,
  PayOrderDocument,
  PlaceQuickOrderDocument,
  RecordShipmentEventDocument,
  ShopOrderEventsDocument,
  SimulatePaymentDocument,
  type OrderUpdateFieldsFragment,
  type ShipmentEventType,
} from '../generated/graphql';
import { createStaffUser, type Actor } from '../support/actors';
import { codes } from '../support/client';
import { describeStore, startTestServer, type TestServer } from '../support/server';
import { seedCategories } from '../support/shops';
import { buyerWithAddress, liveSubscriptions, placeOrder, positionOf, sellingShop, takeUpdates, type SellingShop } from './order-fixtures';

describeStore('order subscriptions', () => {
  let server: TestServer;
  let dewi: SellingShop;
  let lain: SellingShop;
  let siti: Actor;
  let andi: Actor;
  let carrier: Actor;

  beforeAll(async () => {
    // A one-day retention, so the expiry test stays within the tokens' lifetime.
    server = await startTestServer({ config: { outboxRetentionDays: 1 } });
    const categories = await seedCategories(server);
    dewi = await sellingShop(server, categories['hijab']!, 'Dewi Hijab', 'dewi-hijab');
    lain = await sellingShop(server, categories['hijab']!, 'Toko Lain', 'toko-lain');
    [siti, andi, carrier] = await Promise.all([
      buyerWithAddress(server, 'Siti Rahma'),
      buyerWithAddress(server, 'Andi Wijaya'),
      createStaffUser(server, Role.CARRIER, 'Kurir JNE'),
    ]);
  });
  afterAll(() => server?.stop());

  const confirm = async (orderId: string, seller = dewi.owner) =>
    expect((await seller.client.data(ConfirmOrderDocument, { input: { orderId } })).confirmOrder.userErrors).toEqual([]);
  const arrange = async (orderId: string, trackingNumber: string) =>
    expect((await dewi.owner.client.data(ArrangeShipmentDocument, { input: { orderId, carrierCode: 'JNT', trackingNumber } })).arrangeShipment.userErrors).toEqual([]);
  const carrierEvent = async (trackingNumber: string, type: ShipmentEventType) => {
    const input = { carrierCode: 'JNT', trackingNumber, type, occurredAt: server.clock.now().toISOString(), description: null };
    expect((await carrier.client.data(RecordShipmentEventDocument, { input })).recordShipmentEvent.userErrors).toEqual([]);
  };
  /** Subscriptions without a cursor start "now": let earlier events go out first so they are not counted. */
  const settled = () => server.relay.drain();

  it("pushes each change of an order to its buyer and its shop's members, with a cursor", async () => {
    const orderId = await placeOrder(siti, dewi);
    await settled();
    const base = server.app.pubsub.activeSubscriptions;
    const buyerWs = await server.ws({ token: siti.token });
    const sellerWs = await server.ws({ token: dewi.owner.token });
    const buyerSub = buyerWs.subscribe(OrderUpdatedDocument, { orderId });
    const sellerSub = sellerWs.subscribe(OrderUpdatedDocument, { orderId });
    const feed = sellerWs.subscribe(ShopOrderEventsDocument, { shopId: dewi.shopId });
    await liveSubscriptions(server, base + 3);

    await confirm(orderId);
    const cancelled = await dewi.owner.client.data(CancelOrderAsSellerDocument, { input: { orderId, reason: 'Stok habis' } });
    expect(cancelled.cancelOrderAsSeller.userErrors).toEqual([]);

    const received = [
      await takeUpdates(buyerSub, 'orderUpdated', 2),
      await takeUpdates(sellerSub, 'orderUpdated', 2),
      await takeUpdates(feed, 'shopOrderEvents', 2),
    ];
    for (const [confirmedUpdate, cancelledUpdate] of received) {
      expect(confirmedUpdate).toMatchObject({ kind: 'STATUS_CHANGED', actor: 'SELLER', fromStatus: 'ON_HOLD', toStatus: 'AWAITING_SHIPMENT', reason: null, amount: null });
      expect(confirmedUpdate!.occurredAt).toBe(server.clock.now().toISOString());
      expect(cancelledUpdate).toMatchObject({ kind: 'STATUS_CHANGED', actor: 'SELLER', fromStatus: 'AWAITING_SHIPMENT', toStatus: 'CANCELLED', reason: 'Stok habis' });
      // `order` is the order as it is when the event goes out.
      expect(cancelledUpdate!.order).toEqual({ id: orderId, status: 'CANCELLED', paymentStatus: 'UNPAID' });
      expect(positionOf(cancelledUpdate!.cursor)).toBeGreaterThan(positionOf(confirmedUpdate!.cursor));
    }
    buyerSub.unsubscribe();
    sellerSub.unsubscribe();
    feed.unsubscribe();
    await liveSubscriptions(server, base);
  });

  it('pushes payment events, the refund and the payment-driven status change to the buyer', async () => {
    const { placeOrder: placed } = await siti.client.data(PlaceQuickOrderDocument, {
      input: { lines: [{ variantId: dewi.variantId, quantity: 2 }], paymentMethod: 'E_WALLET', idempotencyKey: `pay-order-${process.pid}` },
    });
    const orderId = placed.order!.id;
    await settled();
    const ws = await server.ws({ token: siti.token });
    const base = server.app.pubsub.activeSubscriptions;
    const sub = ws.subscribe(OrderUpdatedDocument, { orderId });
    await liveSubscriptions(server, base + 1);

    const pay = (key: string) => siti.client.data(PayOrderDocument, { input: { orderId, idempotencyKey: key } });
    const simulate = (outcome: 'FAILED' | 'SUCCEEDED') => siti.client.data(SimulatePaymentDocument, { input: { orderId, outcome } });
    expect((await pay('attempt-1')).payOrder.userErrors).toEqual([]);
    expect((await simulate('FAILED')).simulatePayment.userErrors).toEqual([]);
    expect((await pay('attempt-2')).payOrder.userErrors).toEqual([]);
    expect((await simulate('SUCCEEDED')).simulatePayment.userErrors).toEqual([]);
    expect((await siti.client.data(CancelOrderDocument, { input: { orderId, reason: 'Salah pilih warna' } })).cancelOrder.userErrors).toEqual([]);

    const updates = await takeUpdates(sub, 'orderUpdated', 4);
    expect(updates.map((u) => [u.kind, u.actor, u.fromStatus, u.toStatus])).toEqual([
      ['PAYMENT_FAILED', null, null, null],
      ['STATUS_CHANGED', 'PAYMENT', 'UNPAID', 'ON_HOLD'],
      ['STATUS_CHANGED', 'BUYER', 'ON_HOLD', 'CANCELLED'],
      ['REFUNDED', null, null, null],
    ]);
    expect(updates[0]!.amount).not.toBeNull();
    expect(updates[3]).toMatchObject({ amount: updates[0]!.amount, order: { status: 'CANCELLED', paymentStatus: 'REFUNDED' } });
    sub.unsubscribe();
    await liveSubscriptions(server, base);
  });

  it("never gives a buyer another buyer's events, nor a seller another shop's", async () => {
    await settled();
    const base = server.app.pubsub.activeSubscriptions;
    const [sitiWs, andiWs, dewiWs, lainWs] = await Promise.all([siti, andi, dewi.owner, lain.owner].map((a) => server.ws({ token: a.token })));
    const sitiOrders = sitiWs!.subscribe(OrderUpdatedDocument, {});
    const andiOrders = andiWs!.subscribe(OrderUpdatedDocument, {});
    const dewiFeed = dewiWs!.subscribe(ShopOrderEventsDocument, { shopId: dewi.shopId });
    const lainFeed = lainWs!.subscribe(ShopOrderEventsDocument, { shopId: lain.shopId });
    await liveSubscriptions(server, base + 4);

    // Everyone's events interleave; each subscriber must see exactly its own, in order.
    const andiAtDewi = await placeOrder(andi, dewi);
    const sitiAtLain = await placeOrder(siti, lain);
    const sitiAtDewi = await placeOrder(siti, dewi);
    await confirm(andiAtDewi);
    await confirm(sitiAtLain, lain.owner);
    const seen = (updates: OrderUpdateFieldsFragment[]) => updates.map((u) => [u.kind, u.order.id]);
    expect(seen(await takeUpdates(sitiOrders, 'orderUpdated', 3))).toEqual([['PLACED', sitiAtLain], ['PLACED', sitiAtDewi], ['STATUS_CHANGED', sitiAtLain]]);
    expect(seen(await takeUpdates(andiOrders, 'orderUpdated', 2))).toEqual([['PLACED', andiAtDewi], ['STATUS_CHANGED', andiAtDewi]]);
    expect(seen(await takeUpdates(dewiFeed, 'shopOrderEvents', 3))).toEqual([['PLACED', andiAtDewi], ['PLACED', sitiAtDewi], ['STATUS_CHANGED', andiAtDewi]]);
    expect(seen(await takeUpdates(lainFeed, 'shopOrderEvents', 2))).toEqual([['PLACED', sitiAtLain], ['STATUS_CHANGED', sitiAtLain]]);

    // Following someone else's order or shop is refused at subscribe time, with a code.
    const refused = async (ws: typeof sitiWs, sub: 'order' | 'shop', id: string) => {
      const result = await (sub === 'order' ? ws!.subscribe(OrderUpdatedDocument, { orderId: id }) : ws!.subscribe(ShopOrderEventsDocument, { shopId: id })).next();
      return codes(result.errors);
    };
    expect(await refused(andiWs, 'order', sitiAtDewi)).toEqual(['NOT_FOUND']);
    expect(await refused(lainWs, 'order', sitiAtDewi)).toEqual(['NOT_FOUND']);
    expect(await refused(lainWs, 'shop', dewi.shopId)).toEqual(['FORBIDDEN']);
    expect(await refused(sitiWs, 'shop', 'bm90LWEtc2hvcA')).toEqual(['NOT_FOUND']);
    const anonymous = await server.ws();
    expect(codes((await anonymous.subscribe(OrderUpdatedDocument, {}).next()).errors)).toEqual(['UNAUTHENTICATED']);
    for (const sub of [sitiOrders, andiOrders, dewiFeed, lainFeed]) sub.unsubscribe();
    await liveSubscriptions(server, base);
  });

  it('loses no event across 200 subscribe-then-mutate rounds (8 buyers at once, each resubscribing with its last cursor)', async () => {
    const lanes = await Promise.all(Array.from({ length: 8 }, (_, i) => buyerWithAddress(server, `Pembeli ${i}`)));
    await settled();
    // A starting cursor: any event before the lanes' first orders.
    const ws = await server.ws({ token: dewi.owner.token });
    const base = server.app.pubsub.activeSubscriptions;
    const probe = ws.subscribe(ShopOrderEventsDocument, { shopId: dewi.shopId });
    await liveSubscriptions(server, base + 1);
    await placeOrder(siti, dewi);
    const [start] = await takeUpdates(probe, 'shopOrderEvents', 1);
    probe.unsubscribe();

    // Each round subscribes and mutates at once, without waiting for the subscription to be live: with the cursor,
    // the event arrives whether it commits before the subscription starts (replay) or after (live), exactly once.
    await Promise.all(
      lanes.map(async (buyer) => {
        const laneWs = await server.ws({ token: buyer.token });
        let after = start!.cursor;
        for (let round = 0; round < 25; round += 1) {
          const sub = laneWs.subscribe(OrderUpdatedDocument, { after });
          const orderId = await placeOrder(buyer, dewi);
          const [update] = await takeUpdates(sub, 'orderUpdated', 1);
          expect([update!.kind, update!.order.id]).toEqual(['PLACED', orderId]);
          after = update!.cursor;
          sub.unsubscribe();
        }
      }),
    );
    await liveSubscriptions(server, base);
  });

  it('resumes after a forced disconnect from the last cursor: nothing lost, nothing repeated', async () => {
    const orderId = await placeOrder(siti, dewi);
    await settled();
    const first = await server.ws({ token: siti.token });
    const base = server.app.pubsub.activeSubscriptions;
    const sub = first.subscribe(OrderUpdatedDocument, { orderId });
    await liveSubscriptions(server, base + 1);
    await confirm(orderId);
    const [confirmed] = await takeUpdates(sub, 'orderUpdated', 1);

    first.client.terminate(); // the network drops: no goodbye
    await liveSubscriptions(server, base);
    await arrange(orderId, 'JP0000000777');
    await carrierEvent('JP0000000777', 'PICKED_UP');
    await carrierEvent('JP0000000777', 'DELIVERED');

    const second = await server.ws({ token: siti.token });
    const resumed = second.subscribe(OrderUpdatedDocument, { orderId, after: confirmed!.cursor });
    const missed = await takeUpdates(resumed, 'orderUpdated', 3);
    expect(missed.map((u) => u.toStatus)).toEqual(['AWAITING_COLLECTION', 'IN_TRANSIT', 'DELIVERED']);
    // Live again: the next event follows directly, with no replayed one repeated before it.
    expect((await siti.client.data(ConfirmReceiptDocument, { input: { orderId } })).confirmReceipt.userErrors).toEqual([]);
    const [completed] = await takeUpdates(resumed, 'orderUpdated', 1);
    expect(completed).toMatchObject({ kind: 'STATUS_CHANGED', actor: 'BUYER', toStatus: 'COMPLETED' });
    const positions = [confirmed!, ...missed, completed!].map((u) => positionOf(u.cursor));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    resumed.unsubscribe();
    await liveSubscriptions(server, base);
  });

  it('replays exactly the events after the cursor while orders race with the subscribing', async () => {
    const buyers = [siti, andi];
    await settled();
    const ws = await server.ws({ token: dewi.owner.token });
    const base = server.app.pubsub.activeSubscriptions;
    const probe = ws.subscribe(ShopOrderEventsDocument, { shopId: dewi.shopId });
    await liveSubscriptions(server, base + 1);
    const anchorId = await placeOrder(andi, dewi);
    const [anchor] = await takeUpdates(probe, 'shopOrderEvents', 1);
    expect(anchor!.order.id).toBe(anchorId);
    probe.unsubscribe();

    // 30 orders from two buyers at once; five subscribers join with the anchor's cursor while they are placed.
    const placing = Array.from({ length: 30 }, (_, i) => placeOrder(buyers[i % 2]!, dewi));
    const joiners = [];
    for (let i = 0; i < 5; i += 1) {
      joiners.push(ws.subscribe(ShopOrderEventsDocument, { shopId: dewi.shopId, after: anchor!.cursor }));
      await new Promise((resolve) => setTimeout(resolve, i * 3));
    }
    const placed = await Promise.all(placing);
    const marker = await placeOrder(siti, dewi);
    for (const joiner of joiners) {
      const updates = await takeUpdates(joiner, 'shopOrderEvents', 31);
      expect(updates.map((u) => u.kind)).toEqual(Array(31).fill('PLACED'));
      expect(new Set(updates.slice(0, 30).map((u) => u.order.id))).toEqual(new Set(placed));
      expect(updates[30]!.order.id).toBe(marker); // no duplicate or stray event before the marker
      const positions = updates.map((u) => positionOf(u.cursor));
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      joiner.unsubscribe();
    }
    await liveSubscriptions(server, base);
  });

  it('fills the holes when live messages are lost, and delivers those whose publishing failed once it works again', async () => {
    await settled();
    const ws = await server.ws({ token: siti.token });
    const base = server.app.pubsub.activeSubscriptions;
    const sub = ws.subscribe(OrderUpdatedDocument, {});
    await liveSubscriptions(server, base + 1);
    const pubsub = server.app.pubsub;
    const publish = pubsub.publish.bind(pubsub);
    const sitiTopic = Topic.user(decodeIdOf('User', siti.id)!);
    try {
      // Every other message of siti's topic vanishes on the way: the next one that arrives shows the hole.
      let dropped = 0;
      pubsub.publish = async (topic, message) => {
        if (topic === sitiTopic && message.position % 2 === 0) {
          dropped += 1;
          return;
        }
        return publish(topic, message);
      };
      const lossy = [];
      for (let i = 0; i < 6; i += 1) lossy.push(await placeOrder(siti, dewi));
      await settled();
      expect(dropped).toBeGreaterThan(0);
      pubsub.publish = publish;
      const marker = await placeOrder(siti, dewi);
      expect((await takeUpdates(sub, 'orderUpdated', 7)).map((u) => u.order.id)).toEqual([...lossy, marker]);

      // Publishing fails (Redis down): the events are delivered in the store and published when it works again.
      pubsub.publish = async () => {
        throw new Error('pub/sub unreachable');
      };
      const failed = [await placeOrder(siti, dewi), await placeOrder(siti, dewi)];
      await settled();
      expect(server.relay.unpublishedCount).toBeGreaterThanOrEqual(6); // two orders × three topics
      pubsub.publish = publish;
      await settled();
      expect(server.relay.unpublishedCount).toBe(0);
      expect((await takeUpdates(sub, 'orderUpdated', 2)).map((u) => u.order.id)).toEqual(failed);
    } finally {
      pubsub.publish = publish;
      sub.unsubscribe();
    }
    await liveSubscriptions(server, base);
  });

  it('ends a seller\'s subscriptions with FORBIDDEN at the first event after they leave the shop', async () => {
    const orderId = await placeOrder(andi, lain);
    await settled();
    const base = server.app.pubsub.activeSubscriptions;
    const sellerWs = await server.ws({ token: lain.owner.token });
    const buyerWs = await server.ws({ token: andi.token });
    const feed = sellerWs.subscribe(ShopOrderEventsDocument, { shopId: lain.shopId });
    const sellerOrder = sellerWs.subscribe(OrderUpdatedDocument, { orderId });
    const buyerOrder = buyerWs.subscribe(OrderUpdatedDocument, { orderId });
    await liveSubscriptions(server, base + 3);

    const em = server.app.orm.em.fork();
    const removed = await em.nativeDelete(ShopMember, { shop: decodeIdOf('Shop', lain.shopId)!, user: decodeIdOf('User', lain.owner.id)! });
    expect(removed).toBe(1);
    expect((await andi.client.data(CancelOrderDocument, { input: { orderId, reason: 'Berubah pikiran' } })).cancelOrder.userErrors).toEqual([]);

    expect(codes((await feed.next()).errors)).toEqual(['FORBIDDEN']);
    expect(codes((await sellerOrder.next()).errors)).toEqual(['FORBIDDEN']);
    const [update] = await takeUpdates(buyerOrder, 'orderUpdated', 1);
    expect(update).toMatchObject({ toStatus: 'CANCELLED', actor: 'BUYER' });
    await liveSubscriptions(server, base + 1); // the ended subscriptions released their topics
    buyerOrder.unsubscribe();
    await liveSubscriptions(server, base);
  });

  it('refuses malformed and unknown cursors, and answers CURSOR_EXPIRED past the retention', async () => {
    const ws = await server.ws({ token: siti.token });
    const errorOf = async (after: string) => codes((await ws.subscribe(OrderUpdatedDocument, { after }).next()).errors);
    expect(await errorOf('not a cursor')).toEqual(['BAD_USER_INPUT']);
    expect(await errorOf(Buffer.from('Event:999999999').toString('base64url'))).toEqual(['BAD_USER_INPUT']);

    await settled();
    const base = server.app.pubsub.activeSubscriptions;
    const sub = ws.subscribe(OrderUpdatedDocument, {});
    await liveSubscriptions(server, base + 1);
    await placeOrder(siti, dewi);
    const [old] = await takeUpdates(sub, 'orderUpdated', 1);

    server.clock.advance((server.config.outboxRetentionDays + 1) * 24 * 60 * 60_000);
    const recentId = await placeOrder(siti, dewi);
    const [recent] = await takeUpdates(sub, 'orderUpdated', 1);
    sub.unsubscribe();
    expect(await server.jobs.runNow('prune-delivered-events')).toBeGreaterThan(0);

    expect(await errorOf(old!.cursor)).toEqual(['CURSOR_EXPIRED']);
    // A cursor still inside the retention resumes normally.
    const resumed = ws.subscribe(OrderUpdatedDocument, { after: recent!.cursor });
    const nextId = await placeOrder(siti, dewi);
    const [next] = await takeUpdates(resumed, 'orderUpdated', 1);
    expect(next!.order.id).toBe(nextId);
    expect(recent!.order.id).toBe(recentId);
    resumed.unsubscribe();
  });
});
