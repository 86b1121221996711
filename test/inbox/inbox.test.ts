import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { OutboxEvent } from '../../src/events/outbox-event.entity';
import { recordEvent, toOutboxMessage } from '../../src/events/outbox';
import { Topic } from '../../src/events/topics';
import { InboxEvent, inboxHandler } from '../../src/inbox/inbox.handlers';
import { Notification } from '../../src/inbox/notification.entity';
import { decodeIdOf } from '../../src/shared/ids';
import { formatRupiah, parseMoney } from '../../src/shared/money';
import { selectRows } from '../../src/shared/sql';
import { Role } from '../../src/shared/viewer';
import {
  AddAddressDocument,
  ArrangeShipmentDocument,
  CancelOrderAsSellerDocument,
  CancelOrderDocument,
  ConfirmOrderDocument,
  CreateProductDocument,
  InboxDocument,
  InboxNotificationAddedDocument,
  MarkNotificationsReadDocument,
  NotificationNodeDocument,
  PayOrderDocument,
  PlaceOrderDocument,
  RecordShipmentEventDocument,
  RequestCancellationDocument,
  RequestReturnDocument,
  RespondToCancellationDocument,
  RespondToReturnDocument,
  ReturnOrderDocument,
  SimulatePaymentDocument,
  UnreadNotificationCountDocument,
  UserInboxDocument,
  type InboxQuery,
  type InboxQueryVariables,
  type MarkNotificationsReadInput,
  type NotificationCategory,
} from '../generated/graphql';
import { createStaffUser, signUpBuyer, type Actor } from '../support/actors';
import { codes } from '../support/client';
import { jakartaAddress } from '../support/fixtures';
import { relaySettled, subscriptionsAtLeast } from '../support/relay';
import { describeStore, startTestServer, type TestServer } from '../support/server';
import { addShopStaff, openShop, seedCategories, type OpenShop } from '../support/shops';

type InboxNode = NonNullable<InboxQuery['viewer']>['inbox']['edges'][number]['node'];

it('formats rupiah as Indonesian shops write it', () => {
  expect([formatRupiah(9_000_000), formatRupiah(5050), formatRupiah(0), formatRupiah(123_456_789_00)]).toEqual(['Rp90.000', 'Rp50,50', 'Rp0', 'Rp123.456.789']);
});

describeStore('the inbox: notifications materialised from order and shop events', () => {
  let server: TestServer;
  let shop: OpenShop;
  let staff: Actor;
  let carrier: Actor;
  let admin: Actor;
  let siti: Actor;
  let andi: Actor;
  let variantId: string;
  let tracking = 0;
  /** The journey's orders: A delivered then partly refunded, B cancelled by the seller, C with a rejected request, D cancelled by the buyer. */
  const journey: Record<'A' | 'B' | 'C' | 'D', { id: string; orderNumber: string; total: string }> = {} as never;
  let trackingA = '';
  let returnAmountA = '';

  /** Waits until the relay has handled and published every committed event (notifications and their INBOX events). */
  const settle = () => relaySettled(server);
  const waitForSubscriptions = (count: number) => subscriptionsAtLeast(server, count);

  const inboxOf = async (actor: Actor, variables: InboxQueryVariables = { first: 100 }) => (await actor.client.data(InboxDocument, variables)).viewer!;
  /** The actor's notifications, oldest first. */
  const notificationsOf = async (actor: Actor, variables: InboxQueryVariables = {}) =>
    (await inboxOf(actor, { first: 100, ...variables })).inbox.edges.map((e) => e.node).reverse();
  const summary = (items: readonly InboxNode[]) => items.map((n) => [n.kind, n.order?.orderNumber ?? null]);
  const unread = async (actor: Actor, category: NotificationCategory | null = null) =>
    (await actor.client.data(UnreadNotificationCountDocument, { category })).viewer!.unreadNotificationCount;
  const markRead = async (actor: Actor, input: MarkNotificationsReadInput) => (await actor.client.data(MarkNotificationsReadDocument, { input })).markNotificationsRead;
  const rupiah = (amount: string) => formatRupiah(parseMoney(amount)!);

  const place = async (buyer: Actor, paymentMethod: 'E_WALLET' | 'COD') => {
    const { placeOrder } = await buyer.client.data(PlaceOrderDocument, {
      input: { lines: [{ variantId, quantity: 1 }], paymentMethod, idempotencyKey: `inbox-${randomUUID()}` },
    });
    expect(placeOrder.userErrors).toEqual([]);
    const order = placeOrder.order!;
    return { id: order.id, orderNumber: order.orderNumber, total: order.total.amount };
  };
  const pay = async (buyer: Actor, orderId: string) => {
    expect((await buyer.client.data(PayOrderDocument, { input: { orderId, idempotencyKey: `pay-${randomUUID()}` } })).payOrder.userErrors).toEqual([]);
    expect((await buyer.client.data(SimulatePaymentDocument, { input: { orderId, outcome: 'SUCCEEDED' } })).simulatePayment.userErrors).toEqual([]);
  };
  const confirm = async (orderId: string) =>
    expect((await shop.owner.client.data(ConfirmOrderDocument, { input: { orderId } })).confirmOrder.userErrors).toEqual([]);
  const carrierEvent = async (trackingNumber: string, type: 'PICKED_UP' | 'DELIVERED') => {
    const { recordShipmentEvent } = await carrier.client.data(RecordShipmentEventDocument, {
      input: { carrierCode: 'JNT', trackingNumber, type, occurredAt: server.clock.now().toISOString() },
    });
    expect(recordShipmentEvent.userErrors).toEqual([]);
  };

  beforeAll(async () => {
    server = await startTestServer();
    const categories = await seedCategories(server);
    shop = await openShop(server, 'Dewi Hijab', 'dewi-hijab');
    [carrier, admin, siti, andi, staff] = await Promise.all([
      createStaffUser(server, Role.CARRIER, 'Kurir JNE'),
      createStaffUser(server, Role.ADMIN, 'Admin'),
      signUpBuyer(server, 'Siti Rahma'),
      signUpBuyer(server, 'Andi Wijaya'),
      signUpBuyer(server, 'Rina Staff'),
    ]);
    // A second member of the shop (there is no invitation API yet): every member gets the seller notifications.
    await addShopStaff(server, shop, staff);
    for (const buyer of [siti, andi]) await buyer.client.data(AddAddressDocument, { input: jakartaAddress });
    const { createProduct } = await shop.owner.client.data(CreateProductDocument, {
      input: {
        shopId: shop.shopId,
        title: 'Hijab Segi Empat Voal',
        description: 'Hijab segi empat bahan voal, lembut dan mudah dibentuk untuk sehari-hari.',
        categoryId: categories['hijab']!,
        imageUrls: ['https://cdn.example.com/hijab.jpg'],
        variants: [{ sku: 'HJB-INBOX', optionValues: [], price: '45000', stock: 500, weightGrams: 100 }],
        publish: true,
      },
    });
    expect(createProduct.userErrors).toEqual([]);
    variantId = createProduct.product!.variants[0]!.id;

    // A: paid, confirmed, shipped, delivered, then a refund-only return approved by the seller.
    journey.A = await place(siti, 'E_WALLET');
    await pay(siti, journey.A.id);
    await confirm(journey.A.id);
    trackingA = `JP${String((tracking += 1)).padStart(10, '0')}`;
    expect((await shop.owner.client.data(ArrangeShipmentDocument, { input: { orderId: journey.A.id, carrierCode: 'JNT', trackingNumber: trackingA } })).arrangeShipment.userErrors).toEqual([]);
    await carrierEvent(trackingA, 'PICKED_UP');
    await carrierEvent(trackingA, 'DELIVERED');
    // B: paid, confirmed, cancelled by the seller with a reason: refunded in full.
    journey.B = await place(siti, 'E_WALLET');
    await pay(siti, journey.B.id);
    await confirm(journey.B.id);
    expect((await shop.owner.client.data(CancelOrderAsSellerDocument, { input: { orderId: journey.B.id, reason: 'Out of stock' } })).cancelOrderAsSeller.userErrors).toEqual([]);
    // C: cash on delivery, confirmed; the buyer asks to cancel, the seller says no.
    journey.C = await place(siti, 'COD');
    await confirm(journey.C.id);
    const { requestCancellation } = await siti.client.data(RequestCancellationDocument, { input: { orderId: journey.C.id, reason: 'CHANGED_MIND', note: null } });
    expect(requestCancellation.userErrors).toEqual([]);
    const { respondToCancellation } = await shop.owner.client.data(RespondToCancellationDocument, {
      input: { requestId: requestCancellation.cancellationRequest!.id, approve: false, reason: 'Already packed' },
    });
    expect(respondToCancellation.userErrors).toEqual([]);
    // D: unpaid, cancelled by the buyer.
    journey.D = await place(siti, 'E_WALLET');
    expect((await siti.client.data(CancelOrderDocument, { input: { orderId: journey.D.id, reason: 'Found it cheaper' } })).cancelOrder.userErrors).toEqual([]);
    // Back to A: a refund-only return, approved (and so refunded) by the seller.
    const lineId = (await siti.client.data(ReturnOrderDocument, { id: journey.A.id })).order!.lines[0]!.id;
    const { requestReturn } = await siti.client.data(RequestReturnDocument, {
      input: { orderId: journey.A.id, type: 'REFUND_ONLY', reason: 'DAMAGED', evidenceUrls: ['https://cdn.example.com/torn.jpg'], lines: [{ orderLineId: lineId, quantity: 1 }] },
    });
    expect(requestReturn.userErrors).toEqual([]);
    returnAmountA = requestReturn.returnRequest!.refundAmount.amount;
    expect((await shop.owner.client.data(RespondToReturnDocument, { input: { returnId: requestReturn.returnRequest!.id, approve: true, reason: null } })).respondToReturn.userErrors).toEqual([]);
    await settle();
  });
  afterAll(() => server?.stop());

  it("tells the buyer each step of the journey, once, in order, with TikTok Shop's wording", async () => {
    const items = await notificationsOf(siti);
    const { A, B, C, D } = journey;
    expect(summary(items)).toEqual([
      ['ORDER_CREATED', A.orderNumber],
      ['PAYMENT_RECEIVED', A.orderNumber],
      ['ORDER_SHIPPED', A.orderNumber],
      ['ORDER_DELIVERED', A.orderNumber],
      ['ORDER_CREATED', B.orderNumber],
      ['PAYMENT_RECEIVED', B.orderNumber],
      ['ORDER_CANCELLED', B.orderNumber],
      ['REFUND_ISSUED', B.orderNumber],
      ['ORDER_CREATED', C.orderNumber],
      ['CANCELLATION_REJECTED', C.orderNumber],
      ['ORDER_CREATED', D.orderNumber],
      ['ORDER_CANCELLED', D.orderNumber],
      ['RETURN_APPROVED', A.orderNumber],
      ['REFUND_ISSUED', A.orderNumber],
    ]);
    const [created, paid, shipped, delivered, , , cancelled, refundB, , rejected, , cancelledD, approved, refundA] = items;
    expect(created).toMatchObject({ category: 'ORDER_UPDATES', title: 'Store update: order created', read: false, readAt: null, shop: { id: shop.shopId, name: 'Dewi Hijab' } });
    expect(created!.body).toContain(`Pay ${rupiah(A.total)}`);
    expect(paid).toMatchObject({ title: 'Payment received', order: { id: A.id } });
    expect(paid!.body).toContain(rupiah(A.total));
    expect(shipped).toMatchObject({ title: 'Order shipped' });
    expect(shipped!.body).toContain(`with JNT, tracking number ${trackingA}`);
    expect(delivered).toMatchObject({ title: 'Order delivered' });
    expect(cancelled).toMatchObject({ title: 'Order cancelled', body: `Order ${B.orderNumber} was cancelled by the seller. Reason: Out of stock.` });
    expect(refundB).toMatchObject({ category: 'RETURNS_REFUNDS', title: 'Refund issued' });
    expect(refundB!.body.startsWith(`${rupiah(B.total)} was refunded for order ${B.orderNumber}.`)).toBe(true);
    expect(rejected).toMatchObject({ title: 'Cancellation request rejected' });
    expect(rejected!.body).toContain('Reason: Already packed.');
    expect(cancelledD!.body).toBe(`You cancelled order ${D.orderNumber}. Reason: Found it cheaper.`);
    expect(approved).toMatchObject({ category: 'RETURNS_REFUNDS', title: 'Return request approved' });
    expect(refundA!.body.startsWith(`${rupiah(returnAmountA)} was refunded for order ${A.orderNumber}.`)).toBe(true);
    // Each links to its order and its shop, and the times are the events' own.
    expect(items.every((n) => n.order !== null && n.shop?.id === shop.shopId)).toBe(true);
    expect(created!.createdAt).toBe(server.clock.now().toISOString());
  });

  it('tells every member of the shop about new orders, cancellation and return requests, and cancellations by others', async () => {
    const { A, B, C, D } = journey;
    const sellerView = [
      ['NEW_ORDER', A.orderNumber],
      ['NEW_ORDER', B.orderNumber],
      ['NEW_ORDER', C.orderNumber],
      ['CANCELLATION_REQUESTED', C.orderNumber],
      ['NEW_ORDER', D.orderNumber],
      ['ORDER_CANCELLED', D.orderNumber],
      ['RETURN_REQUESTED', A.orderNumber],
    ];
    const ownerItems = await notificationsOf(shop.owner);
    // The owner also has the review result of the registration, from before the staff member joined.
    expect(summary(ownerItems)).toEqual([['SHOP_REVIEWED', null], ...sellerView]);
    expect(ownerItems[0]).toMatchObject({ category: 'SHOP', title: 'Shop review result', body: 'Your shop Dewi Hijab was approved. You can now list products and take orders.', shop: { id: shop.shopId } });
    const staffItems = await notificationsOf(staff);
    expect(summary(staffItems)).toEqual(sellerView);
    const [newOrder, , , request, , cancelledByBuyer, returnRequest] = staffItems;
    expect(newOrder).toMatchObject({ category: 'ORDER_UPDATES', title: 'New order', order: { id: A.id } });
    expect(newOrder!.body).toContain(`1 item, ${rupiah(A.total)}`);
    expect(request).toMatchObject({ title: 'Cancellation request' });
    expect(request!.body).toMatch(/Reason: .+\. Respond by \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} WIB/);
    expect(cancelledByBuyer!.body).toBe(`Order ${D.orderNumber} was cancelled by the buyer. Reason: Found it cheaper.`);
    expect(returnRequest).toMatchObject({ category: 'RETURNS_REFUNDS', title: 'Return request' });
    expect(returnRequest!.body).toContain(`refund request of ${rupiah(returnAmountA)} for order ${A.orderNumber}`);
  });

  it('stores one notification per recipient however often an event is handled', async () => {
    const em = server.app.orm.em.fork();
    const placed = await em.findOneOrFail(OutboxEvent, { topic: Topic.user(decodeIdOf('User', siti.id)!), type: 'ORDER_PLACED' }, { orderBy: { id: 'ASC' } });
    const shopPlaced = await em.findOneOrFail(OutboxEvent, { topic: Topic.shop(decodeIdOf('Shop', shop.shopId)!), type: 'ORDER_PLACED' }, { orderBy: { id: 'ASC' } });
    const inboxEvents = () => em.fork().count(OutboxEvent, { type: InboxEvent.NOTIFICATION_ADDED });
    const before = { siti: await notificationsOf(siti), staff: await notificationsOf(staff), inboxEvents: await inboxEvents() };

    // The handler runs again for the same events (as after a crash between publishing and marking).
    await server.app.orm.em.fork().transactional(async (tx) => {
      await inboxHandler.handle(tx, toOutboxMessage(placed));
      await inboxHandler.handle(tx, toOutboxMessage(shopPlaced));
    });
    // The relay delivers them again.
    await server.app.orm.em.fork().nativeUpdate(OutboxEvent, { id: { $in: [placed.id, shopPlaced.id] } }, { publishedAt: null });
    await settle();

    expect(await notificationsOf(siti)).toEqual(before.siti);
    expect(await notificationsOf(staff)).toEqual(before.staff);
    expect(await inboxEvents()).toBe(before.inboxEvents);
    expect(await em.fork().count(Notification, { sourceEventId: placed.id })).toBe(1);
  });

  it('filters by unread and by tab, and pages newest first without gaps or overlaps', async () => {
    const all = await notificationsOf(siti);
    const refunds = await notificationsOf(siti, { category: 'RETURNS_REFUNDS' });
    expect(refunds.map((n) => n.kind)).toEqual(['REFUND_ISSUED', 'RETURN_APPROVED', 'REFUND_ISSUED']);
    expect(await unread(siti, 'RETURNS_REFUNDS')).toBe(3);
    expect(await unread(siti, 'SHOP')).toBe(0);
    expect((await inboxOf(siti, { category: 'SHOP' })).inbox.totalCount).toBe(0);

    const pages: string[][] = [];
    let after: string | null = null;
    for (;;) {
      const { inbox } = await inboxOf(siti, { first: 5, after });
      expect(inbox.totalCount).toBe(all.length);
      pages.push(inbox.edges.map((e) => e.node.id));
      if (!inbox.pageInfo.hasNextPage) break;
      after = inbox.pageInfo.endCursor;
    }
    expect(pages.map((p) => p.length)).toEqual([5, 5, 4]);
    expect(pages.flat()).toEqual(all.map((n) => n.id).reverse());
  });

  it('marks notifications read by ids or all at once, only your own, and counts what changed', async () => {
    const all = await notificationsOf(siti);
    expect(await unread(siti)).toBe(all.length);
    const [first, second] = all;

    const byIds = await markRead(siti, { ids: [first!.id, second!.id] });
    expect(byIds).toEqual({ markedCount: 2, unreadCount: all.length - 2, userErrors: [] });
    expect((await markRead(siti, { ids: [first!.id] })).markedCount).toBe(0);
    const unreadOnly = await notificationsOf(siti, { unreadOnly: true });
    expect(unreadOnly.map((n) => n.id)).toEqual(all.slice(2).map((n) => n.id));
    const [marked] = await notificationsOf(siti);
    expect(marked).toMatchObject({ read: true, readAt: server.clock.now().toISOString() });

    // Someone else's id reads like one that does not exist, and nothing is marked.
    expect((await markRead(andi, { ids: [all[5]!.id] })).userErrors.map((e) => [e.code, e.field])).toEqual([['NOT_FOUND', ['input', 'ids', '0']]]);
    expect((await markRead(siti, { ids: [all[5]!.id, 'not-an-id'] })).userErrors.map((e) => [e.code, e.field])).toEqual([['NOT_FOUND', ['input', 'ids', '1']]]);
    expect(await unread(siti)).toBe(all.length - 2);

    for (const input of [{}, { ids: [all[5]!.id], all: true }, { ids: [] }, { ids: [all[5]!.id], category: 'SHOP' as const }]) {
      const result = await markRead(siti, input);
      expect(result.markedCount).toBeNull();
      expect(result.userErrors.map((e) => e.code)).toEqual(['INVALID_INPUT']);
    }
    expect(codes((await server.client.request(MarkNotificationsReadDocument, { input: { all: true } })).errors)).toEqual(['UNAUTHENTICATED']);

    const refunds = await markRead(siti, { all: true, category: 'RETURNS_REFUNDS' });
    expect(refunds).toEqual({ markedCount: 3, unreadCount: all.length - 5, userErrors: [] });
    expect(await unread(siti, 'RETURNS_REFUNDS')).toBe(0);
    expect(await markRead(siti, { all: true })).toEqual({ markedCount: all.length - 5, unreadCount: 0, userErrors: [] });
    expect((await notificationsOf(siti, { unreadOnly: true })).length).toBe(0);
    // The staff member's copies are their own: still unread.
    expect(await unread(staff)).toBe(7);
  });

  it("never shows a buyer another buyer's notifications", async () => {
    const [sitiFirst] = await notificationsOf(siti);
    expect(await notificationsOf(andi)).toEqual([]);
    expect((await andi.client.data(NotificationNodeDocument, { id: sitiFirst!.id })).node).toBeNull();
    expect((await siti.client.data(NotificationNodeDocument, { id: sitiFirst!.id })).node).toMatchObject({ title: 'Store update: order created' });
    const stranger = await admin.client.request(UserInboxDocument, { id: siti.id });
    expect(codes(stranger.errors)).toEqual(['FORBIDDEN']);
  });

  it('pushes each notification live over WebSocket to its recipient only', async () => {
    const [sitiWs, andiWs] = await Promise.all([server.ws({ token: siti.token }), server.ws({ token: andi.token })]);
    const before = server.app.pubsub.activeSubscriptions;
    const sitiSub = sitiWs.subscribe(InboxNotificationAddedDocument, {});
    const andiSub = andiWs.subscribe(InboxNotificationAddedDocument, {});
    await waitForSubscriptions(before + 2);

    const order = await place(siti, 'E_WALLET');
    const created = await sitiSub.next();
    expect(created.data?.inboxNotificationAdded.notification).toMatchObject({ kind: 'ORDER_CREATED', title: 'Store update: order created', order: { id: order.id } });
    await pay(siti, order.id);
    const paid = (await sitiSub.next()).data!.inboxNotificationAdded;
    expect(paid.notification).toMatchObject({ kind: 'PAYMENT_RECEIVED', order: { id: order.id } });
    // The cursor is the one `viewer.inbox` gives the same notification.
    await settle();
    expect(paid.cursor).toBe((await inboxOf(siti, { first: 1 })).inbox.edges[0]!.cursor);

    // Andi's first event is his own order: none of Siti's reached him.
    const his = await place(andi, 'COD');
    expect((await andiSub.next()).data?.inboxNotificationAdded.notification).toMatchObject({ kind: 'ORDER_CREATED', order: { id: his.id } });

    // Every event is checked again: a committed event on Siti's topic naming Andi's notification is dropped.
    await settle();
    const andiNotification = await server.app.orm.em.fork().findOneOrFail(Notification, { recipient: decodeIdOf('User', andi.id)! });
    const sitiId = decodeIdOf('User', siti.id)!;
    const forgeEm = server.app.orm.em.fork();
    recordEvent(forgeEm, server.clock, { topic: Topic.user(sitiId), type: InboxEvent.NOTIFICATION_ADDED, payload: { notificationId: andiNotification.id, recipientId: sitiId } });
    await forgeEm.flush();
    await settle();
    expect((await siti.client.data(CancelOrderDocument, { input: { orderId: order.id, reason: 'Ordered by mistake' } })).cancelOrder.userErrors).toEqual([]);
    expect((await sitiSub.next()).data?.inboxNotificationAdded.notification).toMatchObject({ kind: 'ORDER_CANCELLED', order: { id: order.id } });
    sitiSub.unsubscribe();
    andiSub.unsubscribe();
  });

  it('resumes after a disconnect from the last cursor: nothing lost, nothing twice', async () => {
    const firstWs = await server.ws({ token: siti.token });
    const before = server.app.pubsub.activeSubscriptions;
    const first = firstWs.subscribe(InboxNotificationAddedDocument, {});
    await waitForSubscriptions(before + 1);
    const x = await place(siti, 'COD');
    const lastSeen = (await first.next()).data!.inboxNotificationAdded;
    expect(lastSeen.notification.order?.id).toBe(x.id);
    await firstWs.close();

    // While disconnected: two notifications stored and published to nobody.
    expect((await siti.client.data(CancelOrderDocument, { input: { orderId: x.id, reason: 'Wrong colour' } })).cancelOrder.userErrors).toEqual([]);
    const y = await place(siti, 'COD');
    await settle();
    // And one stored whose live event is not published yet when the client comes back: it is replayed, and its
    // live event, published after the replay read it, must not deliver it twice.
    await server.relay.stop();
    expect((await siti.client.data(CancelOrderDocument, { input: { orderId: y.id, reason: 'Wrong size' } })).cancelOrder.userErrors).toEqual([]);
    await handlePendingWithoutPublishing();

    const secondWs = await server.ws({ token: siti.token });
    const resumed = secondWs.subscribe(InboxNotificationAddedDocument, { after: lastSeen.cursor });
    const replayed = [await resumed.next(), await resumed.next(), await resumed.next()].map((r) => r.data!.inboxNotificationAdded);
    expect(replayed.map((e) => [e.notification.kind, e.notification.order?.id])).toEqual([
      ['ORDER_CANCELLED', x.id],
      ['ORDER_CREATED', y.id],
      ['ORDER_CANCELLED', y.id],
    ]);
    server.relay.start();
    await settle();
    const z = await place(siti, 'COD');
    const live = (await resumed.next()).data!.inboxNotificationAdded;
    expect([live.notification.kind, live.notification.order?.id]).toEqual(['ORDER_CREATED', z.id]);
    const cursors = [lastSeen, ...replayed, live].map((e) => e.cursor);
    expect(new Set(cursors).size).toBe(cursors.length);
    resumed.unsubscribe();
  });

  it('refuses the subscription without a login, and a cursor it did not give', async () => {
    const anonymous = await server.ws();
    const result = await anonymous.subscribe(InboxNotificationAddedDocument, {}).next();
    expect(codes(result.errors as never)).toEqual(['UNAUTHENTICATED']);
    const ws = await server.ws({ token: siti.token });
    const bad = await ws.subscribe(InboxNotificationAddedDocument, { after: 'nope' }).next();
    expect(codes(bad.errors as never)).toEqual(['BAD_USER_INPUT']);
  });

  it("loads a page's orders and shops in batches, not once per notification", async () => {
    await server.relay.stop(); // its polling would add statements to the count
    const count = async (first: number) => (await server.countQueries(() => inboxOf(siti, { first }))).queries;
    expect(await count(12)).toBe(await count(2));
    server.relay.start();
  });

  it('writes in one relay pass over many orders what the per-event handler writes: one notification per recipient per event', async () => {
    await settle();
    await server.relay.stop(); // the events below wait, to be delivered by one pass
    const em = server.app.orm.em.fork();
    const [{ last }] = await selectRows<{ last: number | null }>(em, 'select max(id) as last from outbox_event', []);
    // Orders of two buyers in several steps: placed (unpaid and COD), paid, shipped (the shipment read), cancelled.
    const placed = [await place(siti, 'E_WALLET'), await place(andi, 'COD'), await place(andi, 'E_WALLET'), await place(siti, 'E_WALLET')];
    await pay(siti, placed[0]!.id);
    await confirm(placed[0]!.id);
    const trackingNumber = `JP${String((tracking += 1)).padStart(10, '0')}`;
    expect((await shop.owner.client.data(ArrangeShipmentDocument, { input: { orderId: placed[0]!.id, carrierCode: 'JNT', trackingNumber } })).arrangeShipment.userErrors).toEqual([]);
    await carrierEvent(trackingNumber, 'PICKED_UP');
    expect((await andi.client.data(CancelOrderDocument, { input: { orderId: placed[2]!.id, reason: 'Changed my mind' } })).cancelOrder.userErrors).toEqual([]);
    const pending = (await em.fork().find(OutboxEvent, { id: { $gt: Number(last ?? 0) }, publishedAt: null }, { orderBy: { id: 'ASC' } })).map(toOutboxMessage);
    const mine = pending.filter((event) => inboxHandler.types.includes(event.type));
    expect(mine.length).toBeGreaterThan(12);

    /** The notifications of `mine` and the INBOX events recorded for them, in write order, without their ids. */
    const snapshot = async (tx: EntityManager) => {
      await tx.flush();
      const sources = mine.map((event) => event.id);
      const rows = await selectRows<Record<string, unknown>>(
        tx,
        `select id, recipient_id, source_event_id, category, kind, title, body, order_id, shop_id, created_at from notification where source_event_id in (${sources.map(() => '?').join(', ')}) order by id`,
        sources,
      );
      const keyOf = new Map(rows.map((row) => [Number(row['id']), `${row['source_event_id']}:${row['recipient_id']}`]));
      const added = await tx.find(OutboxEvent, { type: InboxEvent.NOTIFICATION_ADDED, id: { $gt: Number(last ?? 0) } }, { orderBy: { id: 'ASC' } });
      return {
        notifications: rows.map(({ id: _id, ...row }): Record<string, unknown> => ({ ...row, created_at: new Date(row['created_at'] as Date | string | number).toISOString() })),
        added: added.map((event) => ({ topic: event.topic, createdAt: event.createdAt.toISOString(), of: keyOf.get(Number(event.payload['notificationId'])) })),
      };
    };
    /** What `handleWith` writes, rolled back. */
    const dryRun = async (handleWith: (tx: EntityManager) => Promise<void>) => {
      let written: Awaited<ReturnType<typeof snapshot>> | undefined;
      const rollBack = new Error('roll back');
      await expect(
        server.app.orm.em.fork().transactional(async (tx) => {
          await handleWith(tx);
          written = await snapshot(tx);
          throw rollBack;
        }),
      ).rejects.toBe(rollBack);
      return written!;
    };
    const perEvent = await dryRun(async (tx) => {
      for (const event of mine) await inboxHandler.handle(tx, event);
    });
    const batch = await dryRun((tx) => inboxHandler.handleAll!(tx, mine));
    expect(batch).toEqual(perEvent);
    expect(perEvent.added.map((event) => event.of)).toEqual(perEvent.notifications.map((row) => `${row['source_event_id']}:${row['recipient_id']}`));
    const kinds = perEvent.notifications.map((row) => row['kind']);
    expect(kinds).toEqual(expect.arrayContaining(['ORDER_CREATED', 'NEW_ORDER', 'PAYMENT_RECEIVED', 'ORDER_SHIPPED', 'ORDER_CANCELLED']));
    expect(perEvent.notifications.find((row) => row['kind'] === 'ORDER_SHIPPED')!['body']).toContain(`tracking number ${trackingNumber}`);
    // Each buyer copy speaks to its buyer, each shop copy to both members, once each.
    const members = 2;
    const newOrders = perEvent.notifications.filter((row) => row['kind'] === 'NEW_ORDER');
    expect(newOrders).toHaveLength(placed.length * members);
    expect(new Set(perEvent.notifications.map((row) => `${row['source_event_id']}:${row['recipient_id']}`)).size).toBe(perEvent.notifications.length);

    // The relay delivers them (all in its first pass, the INBOX events in the next), writing the same; again, nothing more.
    expect(await server.relay.drain()).toBeGreaterThanOrEqual(pending.length + perEvent.added.length);
    const delivered = await snapshot(em.fork());
    expect(delivered).toEqual(perEvent);
    await server.app.orm.em.fork().transactional((tx) => inboxHandler.handleAll!(tx, mine));
    expect(await snapshot(em.fork())).toEqual(delivered);
    server.relay.start();
    await settle();
  });

  /** What one relay pass does, except publishing: stores the notifications and their pending INBOX events. */
  /** One relay pass that delivers (handlers run, positions given) but publishes nothing, as if it crashed right after. */
  async function handlePendingWithoutPublishing(): Promise<void> {
    await server.app.orm.em.fork().transactional(async (tx) => {
      const rows = await tx.find(OutboxEvent, { publishedAt: null }, { orderBy: { id: 'ASC' } });
      for (const row of rows) await inboxHandler.handle(tx, toOutboxMessage(row));
      const [newest] = await tx.find(OutboxEvent, { position: { $ne: null } }, { orderBy: { position: 'DESC' }, limit: 1 });
      let position = newest?.position ?? 0;
      for (const row of rows) {
        const [head] = await tx.find(OutboxEvent, { topic: row.topic, position: { $ne: null } }, { orderBy: { position: 'DESC' }, limit: 1 });
        row.previousPosition = head?.position ?? null;
        row.position = position += 1;
        row.publishedAt = server.clock.now();
        await tx.flush();
      }
    });
  }
});
