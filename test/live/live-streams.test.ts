import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  AddLiveStreamProductsDocument,
  CreateProductDocument,
  EndLiveStreamDocument,
  LiveStreamDocument,
  LiveStreamNodeDocument,
  LiveStreamsDocument,
  LiveStreamsWithBagsDocument,
  PinLiveStreamProductDocument,
  RemoveLiveStreamProductDocument,
  ReorderLiveStreamProductsDocument,
  ScheduleLiveStreamDocument,
  StartLiveStreamDocument,
  UnpinLiveStreamProductDocument,
} from '../generated/graphql';
import { signUpBuyer, type Actor } from '../support/actors';
import { codes } from '../support/client';
import { describeStore, startTestServer, type TestServer } from '../support/server';
import { openShop, seedCategories } from '../support/shops';
import { liveShop, scheduleStream, type LiveShop } from './live-fixtures';

const HOUR = 3_600_000;

describeStore('live streams: scheduling, the shopping bag, pinning, going live', () => {
  let server: TestServer;
  let categories: Record<string, string>;
  let dewi: LiveShop;
  let lain: LiveShop;
  let siti: Actor;

  beforeAll(async () => {
    server = await startTestServer();
    categories = await seedCategories(server);
    dewi = await liveShop(server, categories['hijab']!, 'Dewi Hijab', 'dewi-hijab', 3);
    lain = await liveShop(server, categories['hijab']!, 'Toko Lain', 'toko-lain', 1);
    siti = await signUpBuyer(server, 'Siti Rahma');
  });
  afterAll(() => server?.stop());

  const owner = () => dewi.owner.client;
  const titles = (products: { id: string }[]) => products.map((p) => dewi.products.findIndex((d) => d.id === p.id));

  it('takes a stream from SCHEDULED through LIVE to ENDED, with its bag in order, one pinned product and discovery lists', async () => {
    const scheduledAt = new Date(server.clock.now().getTime() + 2 * HOUR).toISOString();
    const { scheduleLiveStream } = await owner().data(ScheduleLiveStreamDocument, {
      input: { shopId: dewi.shopId, title: '  Flash sale hijab jam 8!  ', scheduledAt, coverUrl: 'https://cdn.example.com/live.jpg' },
    });
    expect(scheduleLiveStream.userErrors).toEqual([]);
    const stream = scheduleLiveStream.liveStream!;
    expect(stream).toMatchObject({ title: 'Flash sale hijab jam 8!', status: 'SCHEDULED', scheduledAt, startedAt: null, products: [], pinnedProduct: null, viewersNow: 0 });
    const liveStreamId = stream.id;
    const scheduled = await server.client.data(LiveStreamsDocument, { status: 'SCHEDULED', shopId: dewi.shopId });
    expect(scheduled.liveStreams.edges.map((e) => e.node.id)).toEqual([liveStreamId]);

    const [p0, p1, p2] = dewi.products.map((p) => p.id) as [string, string, string];
    const add = await owner().data(AddLiveStreamProductsDocument, { input: { liveStreamId, productIds: [p1, p0, p2] } });
    expect(titles(add.addLiveStreamProducts.liveStream!.products)).toEqual([1, 0, 2]);
    // Adding a product that is in the bag already leaves it where it is.
    const again = await owner().data(AddLiveStreamProductsDocument, { input: { liveStreamId, productIds: [p1] } });
    expect(titles(again.addLiveStreamProducts.liveStream!.products)).toEqual([1, 0, 2]);
    const reordered = await owner().data(ReorderLiveStreamProductsDocument, { input: { liveStreamId, productIds: [p2, p0, p1] } });
    expect(titles(reordered.reorderLiveStreamProducts.liveStream!.products)).toEqual([2, 0, 1]);

    const pin = (productId: string) => owner().data(PinLiveStreamProductDocument, { input: { liveStreamId, productId } });
    expect((await pin(p0)).pinLiveStreamProduct.liveStream!.pinnedProduct?.id).toBe(p0);
    // One pinned product at a time: pinning another replaces it.
    expect((await pin(p1)).pinLiveStreamProduct.liveStream!.pinnedProduct?.id).toBe(p1);
    // Removing the pinned product unpins it.
    const removed = await owner().data(RemoveLiveStreamProductDocument, { input: { liveStreamId, productId: p1 } });
    expect(removed.removeLiveStreamProduct.liveStream).toMatchObject({ pinnedProduct: null });
    expect(titles(removed.removeLiveStreamProduct.liveStream!.products)).toEqual([2, 0]);
    await pin(p2);
    const unpinned = await owner().data(UnpinLiveStreamProductDocument, { input: { liveStreamId } });
    expect(unpinned.unpinLiveStreamProduct.liveStream!.pinnedProduct).toBeNull();

    server.clock.advance(HOUR);
    const started = await owner().data(StartLiveStreamDocument, { input: { liveStreamId } });
    expect(started.startLiveStream.userErrors).toEqual([]);
    expect(started.startLiveStream.liveStream).toMatchObject({ status: 'LIVE', startedAt: server.clock.now().toISOString() });
    const live = await siti.client.data(LiveStreamsDocument, {});
    expect(live.liveStreams.edges.map((e) => [e.node.id, e.node.status, e.node.shop.id])).toEqual([[liveStreamId, 'LIVE', dewi.shopId]]);
    // Anyone, logged in or not, sees the stream and its bag; `node` refetches it.
    const seen = await server.client.data(LiveStreamDocument, { id: liveStreamId });
    expect(titles(seen.liveStream!.products)).toEqual([2, 0]);
    expect((await server.client.data(LiveStreamNodeDocument, { id: liveStreamId })).node).toMatchObject({ id: liveStreamId, streamStatus: 'LIVE' });

    server.clock.advance(HOUR);
    const ended = await owner().data(EndLiveStreamDocument, { input: { liveStreamId } });
    expect(ended.endLiveStream.liveStream).toMatchObject({ status: 'ENDED', endedAt: server.clock.now().toISOString() });
    expect((await server.client.data(LiveStreamsDocument, {})).liveStreams.totalCount).toBe(0);
    expect((await server.client.data(LiveStreamsDocument, { status: 'ENDED' })).liveStreams.edges.map((e) => e.node.id)).toEqual([liveStreamId]);
    // An ENDED stream is final, and its bag no longer changes.
    expect(errorCodes((await owner().data(EndLiveStreamDocument, { input: { liveStreamId } })).endLiveStream.userErrors)).toEqual(['INVALID_TRANSITION']);
    const late = await owner().data(AddLiveStreamProductsDocument, { input: { liveStreamId, productIds: [p1] } });
    expect(errorCodes(late.addLiveStreamProducts.userErrors)).toEqual(['LIVE_STREAM_ENDED']);
    expect(errorCodes((await pin(p0)).pinLiveStreamProduct.userErrors)).toEqual(['LIVE_STREAM_ENDED']);
  });

  it('lists SCHEDULED streams soonest first, page by page', async () => {
    const shop = await liveShop(server, categories['hijab']!, 'Jadwal', 'jadwal', 0);
    const now = server.clock.now().getTime();
    const ids = [];
    for (const hours of [5, 1, 3]) {
      const { scheduleLiveStream } = await shop.owner.client.data(ScheduleLiveStreamDocument, {
        input: { shopId: shop.shopId, title: `Live ${hours}`, scheduledAt: new Date(now + hours * HOUR).toISOString() },
      });
      ids.push(scheduleLiveStream.liveStream!.id);
    }
    const first = await server.client.data(LiveStreamsDocument, { status: 'SCHEDULED', shopId: shop.shopId, first: 2 });
    expect(first.liveStreams.edges.map((e) => e.node.title)).toEqual(['Live 1', 'Live 3']);
    expect(first.liveStreams.pageInfo.hasNextPage).toBe(true);
    const rest = await server.client.data(LiveStreamsDocument, { status: 'SCHEDULED', shopId: shop.shopId, first: 2, after: first.liveStreams.pageInfo.endCursor });
    expect(rest.liveStreams.edges.map((e) => e.node.title)).toEqual(['Live 5']);
  });

  it('keeps one LIVE stream per shop, even when two start at the same moment', async () => {
    const shop = await liveShop(server, categories['hijab']!, 'Satu Live', 'satu-live', 0);
    const [a, b] = [await scheduleStream(server, shop, 'Live A'), await scheduleStream(server, shop, 'Live B')];
    const start = (liveStreamId: string) => shop.owner.client.data(StartLiveStreamDocument, { input: { liveStreamId } });
    const results = await Promise.all([start(a), start(b)]);
    const outcomes = results.map((r) => r.startLiveStream.liveStream?.status ?? r.startLiveStream.userErrors[0]!.code).sort();
    expect(outcomes).toEqual(['LIVE', 'LIVE_STREAM_ALREADY_LIVE']);
    const winner = results.find((r) => r.startLiveStream.liveStream)!.startLiveStream.liveStream!.id;
    const loser = winner === a ? b : a;
    await shop.owner.client.data(EndLiveStreamDocument, { input: { liveStreamId: winner } });
    expect((await start(loser)).startLiveStream.liveStream?.status).toBe('LIVE');
  });

  it('lets only members of an approved shop manage its streams', async () => {
    const liveStreamId = await scheduleStream(server, dewi, 'Hanya anggota');
    const input = { liveStreamId };
    // A buyer and another shop's owner may see the stream but not manage it.
    for (const stranger of [siti.client, lain.owner.client]) {
      expect(errorCodes((await stranger.data(StartLiveStreamDocument, { input })).startLiveStream.userErrors)).toEqual(['FORBIDDEN']);
      const add = await stranger.data(AddLiveStreamProductsDocument, { input: { liveStreamId, productIds: [dewi.products[0]!.id] } });
      expect(errorCodes(add.addLiveStreamProducts.userErrors)).toEqual(['FORBIDDEN']);
    }
    const scheduleInDewi = await siti.client.data(ScheduleLiveStreamDocument, {
      input: { shopId: dewi.shopId, title: 'Bukan toko saya', scheduledAt: new Date(server.clock.now().getTime() + HOUR).toISOString() },
    });
    expect(errorCodes(scheduleInDewi.scheduleLiveStream.userErrors)).toEqual(['FORBIDDEN']);
    // Without a login: UNAUTHENTICATED; a made-up stream id: NOT_FOUND.
    expect(codes((await server.client.request(StartLiveStreamDocument, { input })).errors)).toEqual(['UNAUTHENTICATED']);
    expect(errorCodes((await dewi.owner.client.data(StartLiveStreamDocument, { input: { liveStreamId: 'TGl2ZVN0cmVhbTo5OTk5' } })).startLiveStream.userErrors)).toEqual(['NOT_FOUND']);
    // A shop that is not approved yet cannot go live.
    const pending = await openShop(server, 'Belum Disetujui', 'belum-disetujui', undefined, false);
    const early = await pending.owner.client.data(ScheduleLiveStreamDocument, {
      input: { shopId: pending.shopId, title: 'Terlalu cepat', scheduledAt: new Date(server.clock.now().getTime() + HOUR).toISOString() },
    });
    expect(errorCodes(early.scheduleLiveStream.userErrors)).toEqual(['SHOP_NOT_APPROVED']);
  });

  it('reports invalid input field by field and changes nothing', async () => {
    const { scheduleLiveStream } = await owner().data(ScheduleLiveStreamDocument, {
      input: { shopId: dewi.shopId, title: 'ab', scheduledAt: new Date(server.clock.now().getTime() - 1000).toISOString(), coverUrl: 'http://cdn.example.com/x.jpg' },
    });
    expect(scheduleLiveStream.userErrors.map((e) => [e.code, e.field])).toEqual([
      ['INVALID_INPUT', ['input', 'title']],
      ['INVALID_INPUT', ['input', 'scheduledAt']],
      ['INVALID_INPUT', ['input', 'coverUrl']],
    ]);
    const tooFar = await owner().data(ScheduleLiveStreamDocument, {
      input: { shopId: dewi.shopId, title: 'Kejauhan', scheduledAt: new Date(server.clock.now().getTime() + 31 * 24 * HOUR).toISOString() },
    });
    expect(tooFar.scheduleLiveStream.userErrors.map((e) => e.field)).toEqual([['input', 'scheduledAt']]);

    const liveStreamId = await scheduleStream(server, dewi, 'Tas belanja');
    const { createProduct: draft } = await owner().data(CreateProductDocument, {
      input: {
        shopId: dewi.shopId,
        title: 'Hijab Draft Belum Terbit',
        description: 'Hijab yang masih disiapkan dan belum diterbitkan oleh toko ini.',
        categoryId: categories['hijab']!,
        imageUrls: ['https://cdn.example.com/draft.jpg'],
        variants: [{ sku: 'DRAFT-1', optionValues: [], price: '45000', stock: 5, weightGrams: 100 }],
        publish: false,
      },
    });
    const add = await owner().data(AddLiveStreamProductsDocument, {
      input: { liveStreamId, productIds: [dewi.products[0]!.id, lain.products[0]!.id, draft.product!.id, dewi.products[0]!.id, 'bm9wZQ'] },
    });
    expect(add.addLiveStreamProducts.userErrors.map((e) => [e.code, e.field?.join('.')])).toEqual([
      ['NOT_FOUND', 'input.productIds.4'],
      ['INVALID_INPUT', 'input.productIds.3'],
      ['NOT_FOUND', 'input.productIds.1'],
      ['LIVE_PRODUCT_NOT_ACTIVE', 'input.productIds.2'],
    ]);
    const empty = await owner().data(LiveStreamDocument, { id: liveStreamId });
    expect(empty.liveStream!.products).toEqual([]);

    await owner().data(AddLiveStreamProductsDocument, { input: { liveStreamId, productIds: [dewi.products[0]!.id, dewi.products[1]!.id] } });
    const pinOutside = await owner().data(PinLiveStreamProductDocument, { input: { liveStreamId, productId: dewi.products[2]!.id } });
    expect(errorCodes(pinOutside.pinLiveStreamProduct.userErrors)).toEqual(['LIVE_PRODUCT_NOT_IN_BAG']);
    const partial = await owner().data(ReorderLiveStreamProductsDocument, { input: { liveStreamId, productIds: [dewi.products[1]!.id] } });
    expect(partial.reorderLiveStreamProducts.userErrors.map((e) => [e.code, e.field])).toEqual([['INVALID_INPUT', ['input', 'productIds']]]);
    const removeOutside = await owner().data(RemoveLiveStreamProductDocument, { input: { liveStreamId, productId: dewi.products[2]!.id } });
    expect(errorCodes(removeOutside.removeLiveStreamProduct.userErrors)).toEqual(['LIVE_PRODUCT_NOT_IN_BAG']);
  });
});

/** The codes of a payload's user errors. */
function errorCodes(userErrors: readonly { code: string }[]): string[] {
  return userErrors.map((e) => e.code);
}

describeStore('live stream lists', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
    const categories = await seedCategories(server);
    const shop = await liveShop(server, categories['hijab']!, 'Banyak Live', 'banyak-live', 3);
    for (let i = 0; i < 8; i += 1) {
      const liveStreamId = await scheduleStream(server, shop, `Live ke-${i}`);
      await shop.owner.client.data(AddLiveStreamProductsDocument, { input: { liveStreamId, productIds: shop.products.map((p) => p.id) } });
      await shop.owner.client.data(PinLiveStreamProductDocument, { input: { liveStreamId, productId: shop.products[0]!.id } });
      const ended = await shop.owner.client.data(EndLiveStreamDocument, { input: { liveStreamId } });
      expect(ended.endLiveStream.userErrors).toEqual([]);
    }
    await server.relay.stop(); // its polling would add statements to the count
  });
  afterAll(() => server?.stop());

  it('loads bags, pinned products and flash sales with the same number of SQL statements for 2 and 8 streams', async () => {
    const run = (first: number) => server.client.data(LiveStreamsWithBagsDocument, { status: 'ENDED', first });
    await run(2); // warm-up
    const two = await server.countQueries(() => run(2));
    const eight = await server.countQueries(() => run(8));
    expect(eight.result.liveStreams.edges).toHaveLength(8);
    expect(eight.result.liveStreams.edges.every((e) => e.node.products.length === 3 && e.node.pinnedProduct !== null)).toBe(true);
    expect(eight.queries).toBe(two.queries);
  });
});
