import { afterAll, beforeAll, expect, it } from 'vitest';
import { Category } from '../../src/catalog/category.entity';
import { Product, ProductStatus } from '../../src/catalog/product.entity';
import { Video, VideoProduct } from '../../src/catalog/video.entity';
import { OutboxEvent } from '../../src/events/outbox-event.entity';
import { decodeIdOf, toGlobalId } from '../../src/shared/ids';
import { Role } from '../../src/shared/viewer';
import {
  ProductVideosDocument,
  ProductsVideosDocument,
  PublishVideoDocument,
  RegisterShopDocument,
  ReviewShopDocument,
  ShopVideosDocument,
  StorefrontVideosDocument,
  VerifyShopEmailDocument,
  VideoByIdDocument,
  VideoFeedDocument,
  VideoNodeDocument,
  type PublishVideoMutationVariables,
} from '../generated/graphql';
import { createStaffUser, signUpBuyer, type Actor } from '../support/actors';
import { codes } from '../support/client';
import { describeStore, startTestServer, type TestServer } from '../support/server';
import { shopInput } from '../support/shops';

type PublishInput = PublishVideoMutationVariables['input'];

describeStore('shoppable videos: publishing, feed, shop and product videos', () => {
  let server: TestServer;
  let admin: Actor;
  let budi: Actor;
  let siti: Actor;
  let dewi: Actor;
  let rina: Actor;
  let budiShop: string;
  let sitiShop: string;
  let dewiShop: string;
  /** Budi's 25 ACTIVE products. */
  let budiProducts: string[];
  let budiDraft: string;
  let sitiProduct: string;
  let dewiProduct: string;
  let categoryId: number;

  async function openShop(owner: Actor, name: string, handle: string, approve = true): Promise<string> {
    const { registerShop } = await owner.client.data(RegisterShopDocument, { input: shopInput(name, handle) });
    const shopId = registerShop.shop!.id;
    await owner.client.data(VerifyShopEmailDocument, { input: { shopId, code: server.mailer.lastCode(`${handle}@example.com`) } });
    if (approve) {
      const { reviewShop } = await admin.client.data(ReviewShopDocument, { input: { shopId, decision: 'APPROVE' } });
      expect(reviewShop.shop?.status).toBe('APPROVED');
    }
    return shopId;
  }

  /** There is no product mutation to build on here, so products are written straight to the database. */
  async function createProducts(shopId: string, count: number, status = ProductStatus.ACTIVE): Promise<string[]> {
    const em = server.app.orm.em.fork();
    const now = server.clock.now();
    const products = Array.from({ length: count }, (_, i) =>
      em.create(Product, {
        shop: decodeIdOf('Shop', shopId)!,
        category: categoryId,
        title: `Gamis Katun ${i + 1}`,
        searchText: `gamis katun ${i + 1}`,
        description: 'Gamis katun adem untuk sehari-hari.',
        imageUrls: ['https://cdn.example.com/gamis.jpg'],
        status,
        minPrice: 150_000_00,
        createdAt: now,
        updatedAt: now,
      }),
    );
    await em.flush();
    return products.map((p) => toGlobalId('Product', p.id));
  }

  function videoInput(shopId: string, products: PublishInput['products'], caption = 'Gamis baru! Cek keranjang kuning'): PublishInput {
    return { shopId, caption, videoUrl: 'https://cdn.example.com/videos/1.mp4', products };
  }

  async function publish(actor: Actor, input: PublishInput): Promise<string> {
    server.clock.advance(60_000);
    const { publishVideo } = await actor.client.data(PublishVideoDocument, { input });
    expect(publishVideo.userErrors).toEqual([]);
    return publishVideo.video!.id;
  }

  beforeAll(async () => {
    server = await startTestServer();
    admin = await createStaffUser(server, Role.ADMIN);
    [budi, siti, dewi, rina] = await Promise.all(['Budi', 'Siti', 'Dewi', 'Rina'].map((name) => signUpBuyer(server, name)));
    budiShop = await openShop(budi, 'Toko Budi', 'toko-budi');
    sitiShop = await openShop(siti, 'Butik Siti', 'butik-siti');
    dewiShop = await openShop(dewi, 'Warung Dewi', 'warung-dewi', false);

    const em = server.app.orm.em.fork();
    const category = em.create(Category, { name: 'Gamis', slug: 'gamis', path: '', position: 0 });
    await em.flush();
    category.path = `/${category.id}/`;
    await em.flush();
    categoryId = category.id;

    budiProducts = await createProducts(budiShop, 25);
    [budiDraft] = await createProducts(budiShop, 1, ProductStatus.DRAFT);
    [sitiProduct] = await createProducts(sitiShop, 1);
    [dewiProduct] = await createProducts(dewiShop, 1);
  });
  afterAll(() => server?.stop());

  let firstVideo: string;

  it('publishes a video tagged with products, in order, with the second each appears', async () => {
    server.clock.advance(60_000);
    const input: PublishInput = {
      ...videoInput(budiShop, [{ productId: budiProducts[1]!, atSecond: 12 }, { productId: budiProducts[0]! }]),
      caption: '  Gamis katun, adem banget  ',
      thumbnailUrl: 'https://cdn.example.com/videos/1.jpg',
      durationSeconds: 45,
    };
    const { publishVideo } = await budi.client.data(PublishVideoDocument, { input });
    expect(publishVideo.userErrors).toEqual([]);
    const video = publishVideo.video!;
    firstVideo = video.id;
    expect(video).toMatchObject({
      caption: 'Gamis katun, adem banget',
      videoUrl: 'https://cdn.example.com/videos/1.mp4',
      thumbnailUrl: 'https://cdn.example.com/videos/1.jpg',
      durationSeconds: 45,
      shop: { id: budiShop, handle: 'toko-budi' },
      products: [
        { atSecond: 12, product: { id: budiProducts[1] } },
        { atSecond: null, product: { id: budiProducts[0] } },
      ],
    });

    const events = await server.app.orm.em.fork().find(OutboxEvent, { type: 'VIDEO_PUBLISHED' });
    expect(events.map((e) => [e.topic, e.payload])).toEqual([
      [
        `SHOP:${decodeIdOf('Shop', budiShop)}`,
        { videoId: decodeIdOf('Video', video.id), shopId: decodeIdOf('Shop', budiShop), productIds: [2, 1].map((i) => decodeIdOf('Product', budiProducts[i - 1]!)) },
      ],
    ]);
    const anonymous = await server.client.data(VideoByIdDocument, { id: video.id });
    expect(anonymous.video?.products.map((t) => t.product.id)).toEqual([budiProducts[1], budiProducts[0]]);
  });

  it('reports every invalid field at once', async () => {
    const missing = toGlobalId('Product', 999_999);
    const { publishVideo } = await budi.client.data(PublishVideoDocument, {
      input: {
        shopId: budiShop,
        caption: '   ',
        videoUrl: 'http://cdn.example.com/v.mp4',
        thumbnailUrl: 'not a url',
        durationSeconds: 30,
        products: [
          { productId: budiProducts[0]!, atSecond: -1 },
          { productId: budiProducts[0]! },
          { productId: sitiProduct, atSecond: 31 },
          { productId: budiDraft },
          { productId: missing },
          { productId: dewiProduct },
          { productId: budiShop },
        ],
      },
    });
    expect(publishVideo.video).toBeNull();
    const errors = publishVideo.userErrors.map((e) => [e.code, e.field!.join('.')]);
    expect(errors.sort()).toEqual(
      [
        ['INVALID_INPUT', 'input.caption'],
        ['INVALID_INPUT', 'input.videoUrl'],
        ['INVALID_INPUT', 'input.thumbnailUrl'],
        ['INVALID_INPUT', 'input.products.0.atSecond'],
        ['INVALID_INPUT', 'input.products.1.productId'],
        ['INVALID_INPUT', 'input.products.2.atSecond'],
        ['PRODUCT_NOT_AVAILABLE', 'input.products.2.productId'],
        ['PRODUCT_NOT_AVAILABLE', 'input.products.3.productId'],
        ['NOT_FOUND', 'input.products.4.productId'],
        ['NOT_FOUND', 'input.products.5.productId'],
        ['NOT_FOUND', 'input.products.6.productId'],
      ].sort(),
    );

    const tooMany = await budi.client.data(PublishVideoDocument, {
      input: videoInput(budiShop, budiProducts.slice(0, 21).map((productId) => ({ productId }))),
    });
    expect(tooMany.publishVideo.userErrors.map((e) => [e.code, e.field])).toEqual([['INVALID_INPUT', ['input', 'products']]]);
    const none = await budi.client.data(PublishVideoDocument, { input: videoInput(budiShop, []) });
    expect(none.publishVideo.userErrors.map((e) => [e.code, e.field])).toEqual([['INVALID_INPUT', ['input', 'products']]]);
    const late = await budi.client.data(PublishVideoDocument, { input: videoInput(budiShop, [{ productId: budiProducts[0]!, atSecond: 36_001 }]) });
    expect(late.publishVideo.userErrors.map((e) => [e.code, e.field])).toEqual([['INVALID_INPUT', ['input', 'products', '0', 'atSecond']]]);
  });

  it('lets only members of an approved shop publish', async () => {
    const tags = [{ productId: budiProducts[0]! }];
    const outsider = await rina.client.data(PublishVideoDocument, { input: videoInput(budiShop, tags) });
    expect(outsider.publishVideo.userErrors.map((e) => [e.code, e.field])).toEqual([['FORBIDDEN', ['input', 'shopId']]]);
    const hidden = await rina.client.data(PublishVideoDocument, { input: videoInput(dewiShop, [{ productId: dewiProduct }]) });
    expect(hidden.publishVideo.userErrors.map((e) => [e.code, e.field])).toEqual([['NOT_FOUND', ['input', 'shopId']]]);
    const pending = await dewi.client.data(PublishVideoDocument, { input: videoInput(dewiShop, [{ productId: dewiProduct }]) });
    expect(pending.publishVideo.userErrors.map((e) => [e.code, e.field])).toEqual([['SHOP_NOT_APPROVED', ['input', 'shopId']]]);
    const anonymous = await server.client.request(PublishVideoDocument, { input: videoInput(budiShop, tags) });
    expect(codes(anonymous.errors)).toEqual(['UNAUTHENTICATED']);
    const count = await server.app.orm.em.fork().count(Video, {});
    expect(count).toBe(1);
  });

  let budiVideos: string[];
  let sitiVideo: string;

  it('lists the feed newest first, a page at a time in both directions', async () => {
    const second = await publish(budi, videoInput(budiShop, [{ productId: budiProducts[2]!, atSecond: 0 }], 'Video 2'));
    sitiVideo = await publish(siti, videoInput(sitiShop, [{ productId: sitiProduct }], 'Video Siti'));
    const fourth = await publish(budi, videoInput(budiShop, [{ productId: budiProducts[0]! }, { productId: budiProducts[2]! }], 'Video 4'));
    budiVideos = [fourth, second, firstVideo];
    const newestFirst = [fourth, sitiVideo, second, firstVideo];

    const page1 = (await server.client.data(VideoFeedDocument, { first: 3 })).videos;
    expect(page1.totalCount).toBe(4);
    expect(page1.edges.map((e) => e.node.id)).toEqual(newestFirst.slice(0, 3));
    expect(page1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const page2 = (await server.client.data(VideoFeedDocument, { first: 3, after: page1.pageInfo.endCursor })).videos;
    expect(page2.edges.map((e) => e.node.id)).toEqual(newestFirst.slice(3));
    expect(page2.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const back = (await server.client.data(VideoFeedDocument, { last: 2, before: page2.pageInfo.startCursor })).videos;
    expect(back.edges.map((e) => e.node.id)).toEqual(newestFirst.slice(1, 3));

    const badCursor = await server.client.request(VideoFeedDocument, { first: 2, after: 'nope' });
    expect(codes(badCursor.errors)).toEqual(['BAD_USER_INPUT']);
    const tooLarge = await server.client.request(VideoFeedDocument, { first: 101 });
    expect(codes(tooLarge.errors)).toEqual(['BAD_USER_INPUT']);
  });

  it('filters the feed by shop and by product', async () => {
    const ids = async (variables: { shopId?: string; productId?: string }) =>
      (await server.client.data(VideoFeedDocument, { first: 10, ...variables })).videos.edges.map((e) => e.node.id);
    expect(await ids({ shopId: sitiShop })).toEqual([sitiVideo]);
    expect(await ids({ shopId: budiShop })).toEqual(budiVideos);
    expect(await ids({ productId: budiProducts[2]! })).toEqual(budiVideos.slice(0, 2));
    expect(await ids({ productId: budiProducts[0]!, shopId: budiShop })).toEqual([budiVideos[0], firstVideo]);
    expect(await ids({ productId: budiProducts[0]!, shopId: sitiShop })).toEqual([]);
    expect(await ids({ productId: budiProducts[24]! })).toEqual([]);
    const filtered = await server.client.data(VideoFeedDocument, { first: 1, productId: budiProducts[2]! });
    expect(filtered.videos).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true } });
    const wrongType = await server.client.request(VideoFeedDocument, { shopId: budiProducts[0]! });
    expect(codes(wrongType.errors)).toEqual(['BAD_USER_INPUT']);
  });

  it('lists a product\'s and a shop\'s videos with cursors that page like the feed', async () => {
    const page1 = await server.client.data(ProductVideosDocument, { id: budiProducts[0]!, first: 1 });
    const videos1 = page1.node?.__typename === 'Product' ? page1.node.videos : undefined;
    expect(videos1).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true, hasPreviousPage: false } });
    expect(videos1!.edges.map((e) => e.node.id)).toEqual([budiVideos[0]]);
    const page2 = await server.client.data(ProductVideosDocument, { id: budiProducts[0]!, first: 1, after: videos1!.pageInfo.endCursor });
    const videos2 = page2.node?.__typename === 'Product' ? page2.node.videos : undefined;
    expect(videos2!.edges.map((e) => e.node.id)).toEqual([firstVideo]);
    expect(videos2!.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });

    // The same cursors as the feed: a feed cursor continues a product list and the other way round.
    const feed = await server.client.data(VideoFeedDocument, { first: 1, productId: budiProducts[0]! });
    expect(feed.videos.edges[0]!.cursor).toBe(videos1!.edges[0]!.cursor);

    const shop = (await server.client.data(ShopVideosDocument, { handle: 'toko-budi', first: 2 })).shop!.videos;
    expect(shop.totalCount).toBe(3);
    expect(shop.edges.map((e) => e.node.id)).toEqual(budiVideos.slice(0, 2));
    expect(shop.pageInfo.hasNextPage).toBe(true);
    const rest = (await server.client.data(ShopVideosDocument, { handle: 'toko-budi', first: 2, after: shop.pageInfo.endCursor })).shop!.videos;
    expect(rest.edges.map((e) => e.node.id)).toEqual(budiVideos.slice(2));
    expect(rest.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    const backward = (await server.client.data(ShopVideosDocument, { handle: 'toko-budi', last: 2, before: rest.pageInfo.startCursor })).shop!.videos;
    expect(backward.edges.map((e) => e.node.id)).toEqual(budiVideos.slice(0, 2));
    const none = (await server.client.data(ShopVideosDocument, { handle: 'toko-budi', first: 0 })).shop!.videos;
    expect(none).toMatchObject({ totalCount: 3, edges: [], pageInfo: { hasNextPage: false } });
  });

  it('hides videos of shops that are not approved, and tagged products the viewer may not see', async () => {
    // A video of a pending shop cannot be published; write one directly, as if the shop had been taken down.
    const em = server.app.orm.em.fork();
    server.clock.advance(60_000);
    const video = em.create(Video, {
      shop: decodeIdOf('Shop', dewiShop)!,
      caption: 'Belum disetujui',
      videoUrl: 'https://cdn.example.com/videos/dewi.mp4',
      createdAt: server.clock.now(),
    });
    em.create(VideoProduct, { video, product: decodeIdOf('Product', dewiProduct)!, atSecond: 3, position: 0 });
    await em.flush();
    const hiddenId = toGlobalId('Video', video.id);

    expect((await server.client.data(VideoByIdDocument, { id: hiddenId })).video).toBeNull();
    expect((await server.client.data(VideoNodeDocument, { id: hiddenId })).node).toBeNull();
    expect((await rina.client.data(VideoByIdDocument, { id: hiddenId })).video).toBeNull();
    const anonymousFeed = (await server.client.data(VideoFeedDocument, { first: 10 })).videos;
    expect(anonymousFeed.edges.map((e) => e.node.id)).not.toContain(hiddenId);
    expect(anonymousFeed.totalCount).toBe(4);
    expect((await server.client.data(VideoFeedDocument, { first: 10, shopId: dewiShop })).videos.totalCount).toBe(0);
    expect((await server.client.data(ProductVideosDocument, { id: dewiProduct })).node).toBeNull();

    const member = await dewi.client.data(VideoByIdDocument, { id: hiddenId });
    expect(member.video?.products).toEqual([{ atSecond: 3, product: { id: dewiProduct, title: 'Gamis Katun 1' } }]);
    expect((await dewi.client.data(VideoNodeDocument, { id: hiddenId })).node?.id).toBe(hiddenId);
    const memberFeed = (await dewi.client.data(VideoFeedDocument, { first: 10 })).videos;
    expect(memberFeed.edges[0]!.node.id).toBe(hiddenId);
    expect(memberFeed.totalCount).toBe(5);
    expect((await admin.client.data(VideoFeedDocument, { first: 10 })).videos.totalCount).toBe(5);

    // A tagged product that is archived later drops out of the tags for buyers, not for the shop.
    const archived = await em.findOneOrFail(Product, decodeIdOf('Product', budiProducts[1]!)!);
    archived.status = ProductStatus.ARCHIVED;
    await em.flush();
    const buyerView = await rina.client.data(VideoByIdDocument, { id: firstVideo });
    expect(buyerView.video?.products.map((t) => t.product.id)).toEqual([budiProducts[0]]);
    const ownerView = await budi.client.data(VideoByIdDocument, { id: firstVideo });
    expect(ownerView.video?.products.map((t) => t.product.id)).toEqual([budiProducts[1], budiProducts[0]]);
  });

  it('loads the videos of many products with a fixed number of SQL statements', async () => {
    // Every one of the first 20 products (in any storefront order) gets videos: the tests above tagged a few,
    // these tag all 24 active ones, some twice.
    const active = budiProducts.filter((_, i) => i !== 1);
    await publish(budi, videoInput(budiShop, active.slice(0, 20).map((productId, i) => ({ productId, atSecond: i }))));
    await publish(budi, videoInput(budiShop, active.slice(4, 24).map((productId) => ({ productId }))));
    await publish(budi, videoInput(budiShop, active.slice(10, 24).map((productId) => ({ productId }))));
    await server.relay.stop();

    const storefront = (first: number) => server.client.data(StorefrontVideosDocument, { handle: 'toko-budi', first });
    await storefront(20); // warm-up: metadata, prepared statements
    const small = await server.countQueries(() => storefront(5));
    const large = await server.countQueries(() => storefront(20));
    expect(small.result.shop!.products.edges).toHaveLength(5);
    expect(large.result.shop!.products.edges).toHaveLength(20);
    for (const { node } of large.result.shop!.products.edges) {
      expect(node.videos.edges.length).toBeGreaterThanOrEqual(1);
      expect(node.videos.totalCount).toBeGreaterThanOrEqual(node.videos.edges.length);
    }
    expect(large.result.shop!.products.edges.some((e) => e.node.videos.pageInfo.hasNextPage)).toBe(true);
    expect(large.queries).toBe(small.queries);

    // The same through `nodes`, with each video's shop and tags resolved too.
    const byIds = (n: number) => server.client.data(ProductsVideosDocument, { ids: active.slice(0, n) });
    await byIds(20);
    const few = await server.countQueries(() => byIds(5));
    const many = await server.countQueries(() => byIds(20));
    expect(many.result.nodes).toHaveLength(20);
    expect(many.queries).toBe(few.queries);

    // The batched pages agree with a page of the feed filtered by product.
    for (const productId of [active[0]!, active[12]!, active[19]!]) {
      const node = many.result.nodes.find((n) => n?.id === productId);
      const batched = node?.__typename === 'Product' ? node.videos : undefined;
      const feed = (await server.client.data(VideoFeedDocument, { first: 2, productId })).videos;
      expect(batched!.edges.map((e) => [e.cursor, e.node.id])).toEqual(feed.edges.map((e) => [e.cursor, e.node.id]));
      expect(batched!.totalCount).toBe(feed.totalCount);
      expect(batched!.pageInfo.hasNextPage).toBe(feed.pageInfo.hasNextPage);
    }
  });
});
