import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoLogins, seedDemo, seedMarketplace } from '../../seeds/demo';
import { DEMO_LIVE_TITLE, demoOverlayPath } from '../../seeds/demo-live';
import { backgroundJobs } from '../../src/features';
import { OrderStatus } from '../../src/orders/order.entity';
import { OPEN_RETURN_STATUSES, type ReturnStatus } from '../../src/orders/return.entity';
import {
  BuyFromLiveDocument,
  ClaimsQueueDocument,
  DemoBuyerOrdersDocument,
  DemoLiveStreamsDocument,
  DemoOverviewDocument,
  DemoShopOrdersDocument,
  DemoShopStockDocument,
  LogInDocument,
  OverlayStreamDocument,
  PinnedDocument,
  ShopsDocument,
  StorefrontDocument,
  ViewerAddressesDocument,
  ViewerClaimsDocument,
  type OrderAction,
} from '../generated/graphql';
import type { GraphQLClient } from '../support/client';
import { TestClock } from '../support/clock';
import { heldUnitsBySku, INVARIANT_QUERY_COST, orderProblems, stockProblems, voucherProblems, type InvariantOrder } from '../support/order-invariants';
import { describeStore, startTestServer, type TestServer } from '../support/server';

const DEMO_SHOPS = ['toko-budi', 'dewi-hijab'] as const;

/** What a party must be offered: exactly these actions, or at least `has` and none of `not`. */
type Offer = readonly OrderAction[] | { readonly has: readonly OrderAction[]; readonly not?: readonly OrderAction[] };

/** The actions a seeded order should offer its buyer and its seller, by where it is. */
function expectedOffers(order: InvariantOrder): { buyer: Offer; seller: Offer } {
  const pendingRequest = order.cancellationRequests.some((r) => r.status === 'PENDING');
  const openReturn = order.returnRequests.find((r) => OPEN_RETURN_STATUSES.includes(r.status as ReturnStatus))?.status;
  switch (order.status) {
    case 'UNPAID':
      return { buyer: { has: ['PAY', 'CANCEL'] }, seller: [] };
    case 'ON_HOLD':
      return { buyer: { has: ['CANCEL'] }, seller: { has: ['CONFIRM'] } };
    case 'AWAITING_SHIPMENT':
      return pendingRequest
        ? { buyer: { has: ['WITHDRAW_CANCELLATION_REQUEST'], not: ['REQUEST_CANCELLATION'] }, seller: { has: ['RESPOND_TO_CANCELLATION', 'CANCEL_AS_SELLER'], not: ['ARRANGE_SHIPMENT'] } }
        : { buyer: { has: ['REQUEST_CANCELLATION'] }, seller: { has: ['ARRANGE_SHIPMENT', 'CANCEL_AS_SELLER'] } };
    case 'AWAITING_COLLECTION':
      return { buyer: [], seller: { has: ['CANCEL_AS_SELLER'] } };
    case 'IN_TRANSIT':
      return { buyer: [], seller: [] };
    case 'DELIVERED':
      if (openReturn === 'REQUESTED') return { buyer: { has: ['WITHDRAW_RETURN', 'REVIEW'], not: ['CONFIRM_RECEIPT', 'REQUEST_RETURN'] }, seller: { has: ['RESPOND_TO_RETURN'] } };
      if (openReturn === 'AWAITING_BUYER_SHIPMENT') return { buyer: { has: ['SHIP_RETURN', 'WITHDRAW_RETURN'], not: ['CONFIRM_RECEIPT'] }, seller: [] };
      return { buyer: { has: ['CONFIRM_RECEIPT', 'REVIEW'] }, seller: [] };
    case 'COMPLETED':
      return { buyer: ['REVIEW'], seller: [] };
    case 'CANCELLED':
      return { buyer: [], seller: [] };
  }
}

function offerProblems(who: string, order: InvariantOrder, offered: readonly OrderAction[], offer: Offer): string[] {
  const what = `${who} of ${order.status} order ${order.id} is offered [${offered.join(', ')}]`;
  if (Array.isArray(offer)) return [...offered].sort().join() === [...offer].sort().join() ? [] : [`${what}, expected exactly [${offer.join(', ')}]`];
  const { has, not = [] } = offer as Exclude<Offer, readonly OrderAction[]>;
  return [
    ...has.filter((a) => !offered.includes(a)).map((a) => `${what}, missing ${a}`),
    ...not.filter((a) => offered.includes(a)).map((a) => `${what}, should not offer ${a}`),
  ];
}

describeStore('the demo marketplace seed', () => {
  // The seed's "now" is the server's: deadlines it starts are in the future for the API and the sweepers.
  const clock = new TestClock();
  let server: TestServer;
  const as: Record<string, GraphQLClient> = {};

  beforeAll(async () => {
    server = await startTestServer({ clock, seed: (orm, config) => seedDemo(orm, config, clock.now()), config: { seedDemoData: true, limits: { maxCost: INVARIANT_QUERY_COST } } });
    for (const email of ['siti@kedai.test', 'andi@kedai.test', 'budi@kedai.test', 'dewi@kedai.test']) {
      const { logIn } = await server.client.data(LogInDocument, { input: { email, password: 'kedai-demo-123' } });
      as[email.split('@')[0]!] = server.client.as(logIn.token);
    }
  });
  afterAll(() => server?.stop());

  const shopOrders = async (handle: (typeof DEMO_SHOPS)[number]) => {
    const owner = handle === 'toko-budi' ? as['budi']! : as['dewi']!;
    return (await owner.data(DemoShopOrdersDocument, { handle })).shop!;
  };

  it('seeds five approved shops with 60 products, videos and reviews, and one shop to review', async () => {
    const { shops, products, videos, categories } = await server.client.data(DemoOverviewDocument);
    expect(shops.totalCount).toBe(5);
    expect(products.totalCount).toBe(60);
    expect(videos.totalCount).toBe(10);
    expect(categories.length).toBeGreaterThanOrEqual(8);
    expect(products.edges[0]!.node.soldCount).toBeGreaterThan(0);
    expect(products.edges.some((e) => e.node.ratingSummary.count > 0)).toBe(true);

    const admin = await server.client.data(LogInDocument, { input: { email: 'admin@kedai.test', password: 'kedai-admin-123' } });
    const pending = await server.client.as(admin.logIn.token).data(ShopsDocument, { status: 'PENDING_REVIEW' });
    expect(pending.shops.edges.map((e) => e.node.handle)).toEqual(['kopi-joko']);
  });

  it('lets every listed demo login in, and gives Siti her two addresses', async () => {
    for (const login of demoLogins) {
      const { logIn } = await server.client.data(LogInDocument, { input: { email: login.email, password: login.password } });
      expect(logIn.userErrors).toEqual([]);
    }
    const { viewer } = await as['siti']!.data(ViewerAddressesDocument, { first: 5 });
    expect(viewer!.addresses.totalCount).toBe(2);
  });

  it('serves the README storefront query for Toko Budi', async () => {
    const { shop } = await server.client.data(StorefrontDocument, { handle: 'toko-budi', first: 20 });
    expect(shop!.products.edges).toHaveLength(12);
    expect(shop!.products.edges.every((e) => e.node.variants.length >= 1)).toBe(true);
  });

  it('fills every tab of Siti’s and Andi’s order centers and of Budi’s and Dewi’s seller centers', async () => {
    for (const buyer of ['siti', 'andi']) {
      const { viewer } = await as[buyer]!.data(DemoBuyerOrdersDocument);
      expect(Object.entries(viewer!.orderCounts).filter(([, n]) => n === 0), `${buyer}'s empty tabs`).toEqual([]);
    }
    for (const handle of DEMO_SHOPS) {
      const shop = await shopOrders(handle);
      expect(Object.entries(shop.orderCounts!).filter(([, n]) => n === 0), `${handle}'s empty tabs`).toEqual([]);
      const orders = shop.orders!.edges.map((e) => e.node);
      expect(new Set(orders.map((o) => o.status)), `${handle}'s statuses`).toEqual(new Set(Object.values(OrderStatus)));
    }
    const all = (await Promise.all(DEMO_SHOPS.map(shopOrders))).flatMap((s) => s.orders!.edges.map((e) => e.node));
    expect(new Set(all.map((o) => o.paymentStatus))).toEqual(new Set(['UNPAID', 'PAID', 'PARTIALLY_REFUNDED', 'REFUNDED']));
    expect(new Set(all.flatMap((o) => o.returnRequests.map((r) => r.status)))).toEqual(new Set(['REQUESTED', 'AWAITING_BUYER_SHIPMENT', 'REFUNDED']));
    const cancelledBy = all.filter((o) => o.status === 'CANCELLED').map((o) => o.timeline.at(-1)!.actor);
    expect(new Set(cancelledBy)).toEqual(new Set(['BUYER', 'SELLER', 'SYSTEM', 'CARRIER']));
    expect(all.filter((o) => o.voucherCode).length).toBeGreaterThanOrEqual(4);
  });

  it('offers each party the actions that fit where each seeded order is', async () => {
    const buyerViews = new Map<string, InvariantOrder>();
    for (const buyer of ['siti', 'andi']) {
      for (const { node } of (await as[buyer]!.data(DemoBuyerOrdersDocument)).viewer!.orders.edges) buyerViews.set(node.id, node);
    }
    const problems: string[] = [];
    for (const handle of DEMO_SHOPS) {
      for (const { node: order } of (await shopOrders(handle)).orders!.edges) {
        const offers = expectedOffers(order);
        problems.push(...offerProblems('the seller', order, order.availableActions, offers.seller));
        problems.push(...offerProblems('the buyer', order, buyerViews.get(order.id)?.availableActions ?? [], offers.buyer));
      }
    }
    expect(problems).toEqual([]);
  });

  it('keeps the lifecycle invariants: timelines in the transition table, refunded ≤ paid, voucher uses and stock as the orders hold them', async () => {
    // The same marketplace without its orders: the stock the orders took theirs from.
    const catalogOnly = await startTestServer({ seed: async (orm, config) => (await seedMarketplace(orm, config, clock.now()), true), config: { seedDemoData: true } });
    try {
      for (const handle of DEMO_SHOPS) {
        const shop = await shopOrders(handle);
        const orders = shop.orders!.edges.map((e) => e.node);
        const products = (await server.client.data(DemoShopStockDocument, { handle })).shop!.products.edges.map((e) => e.node);
        const before = (await catalogOnly.client.data(DemoShopStockDocument, { handle })).shop!.products.edges.map((e) => e.node);
        const initialStock = new Map(before.flatMap((p) => p.variants.map((v) => [v.sku, v.stock] as const)));
        const held = heldUnitsBySku(orders);
        const soldProblems = products.flatMap((p, i) => {
          const units = p.variants.reduce((sum, v) => sum + (held.get(v.sku) ?? 0), 0);
          return p.soldCount === before[i]!.soldCount + units ? [] : [`${p.variants[0]!.sku}…: sold ${p.soldCount}, ${before[i]!.soldCount} before the orders + ${units} held`];
        });
        const problems = [
          ...orders.flatMap(orderProblems),
          ...stockProblems(products.flatMap((p) => p.variants), initialStock, orders),
          ...soldProblems,
          ...voucherProblems(shop.vouchers!.edges.map((e) => e.node), orders),
        ];
        expect(problems, handle).toEqual([]);
        expect([...held.values()].reduce((a, b) => a + b, 0), `${handle}: units held`).toBeGreaterThan(0);
      }
    } finally {
      await catalogOnly.stop();
    }
  });

  it('leaves nothing due for the sweepers when the server starts: every running deadline is in the future', async () => {
    for (const job of backgroundJobs) expect(await server.jobs.runNow(job.name), job.name).toBe(0);
  });

  it('has Toko Budi LIVE with a bag and a pinned product, a scheduled stream and an ended one with stats', async () => {
    const streams = async (status: 'LIVE' | 'SCHEDULED' | 'ENDED') => (await server.client.data(DemoLiveStreamsDocument, { status })).liveStreams.edges.map((e) => e.node);
    const [live] = await streams('LIVE');
    expect(live).toMatchObject({ title: DEMO_LIVE_TITLE, shop: { handle: 'toko-budi' }, pinnedProduct: { id: live!.products[0]!.id } });
    expect(live!.products).toHaveLength(6);
    expect(await streams('SCHEDULED')).toEqual([expect.objectContaining({ shop: { handle: 'toko-budi' } })]);
    const [ended] = await streams('ENDED');
    expect(ended!.unitsSold).toBeGreaterThan(0);
    expect(ended!.peakViewers).toBeGreaterThan(0);
  });

  it("moves the LIVE stream with the README's demo order, and the overlay token printed at start reads it", async () => {
    const path = (await demoOverlayPath(server.app.orm, clock.now()))!;
    const [, liveStreamId, token] = /^\/overlay\/([^?]+)\?token=(kov_\S+)$/.exec(path)!.map(decodeURIComponent);
    const overlay = server.client.as(token!);
    const before = (await overlay.data(OverlayStreamDocument, { id: liveStreamId! })).liveStream!;

    const { liveStream } = await as['siti']!.data(PinnedDocument, { liveStreamId: liveStreamId! });
    const variant = liveStream!.pinnedProduct!.variants.find((v) => v.stock >= 2)!;
    const { placeOrder } = await as['siti']!.data(BuyFromLiveDocument, { liveStreamId: liveStreamId!, variantId: variant.id, idempotencyKey: 'demo-live-1' });
    expect(placeOrder.userErrors).toEqual([]);
    await server.relay.drain();
    expect((await overlay.data(OverlayStreamDocument, { id: liveStreamId! })).liveStream!.unitsSold).toBe(before.unitsSold + 2);

    // The next start's token replaces it.
    await demoOverlayPath(server.app.orm, clock.now());
    expect((await overlay.request(OverlayStreamDocument, { id: liveStreamId! })).status).toBe(401);
  });

  it("puts Andi's open claim in the admin queue, for the README's claims tour", async () => {
    const { logIn } = await server.client.data(LogInDocument, { input: { email: 'admin@kedai.test', password: 'kedai-admin-123' } });
    const queue = (await server.client.as(logIn.token).data(ClaimsQueueDocument, { status: 'OPEN', first: 10 })).claims;
    expect(queue.edges.map((e) => e.node.status)).toEqual(['OPEN']);
    const mine = (await as['andi']!.data(ViewerClaimsDocument, { first: 10 })).viewer!.claims;
    expect(mine.edges.map((e) => [e.node.id, e.node.type])).toEqual([[queue.edges[0]!.node.id, 'NOT_RECEIVED']]);
  });

  it('does not seed twice', async () => {
    expect(await seedDemo(server.app.orm, server.config)).toBe(false);
  });
});
