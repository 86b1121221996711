import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { execute, type DocumentNode } from 'graphql';
import { createContext } from '../../src/server/context';
import { appSchema } from '../../src/server/schema';
import { anonymousViewer } from '../../src/shared/viewer';
import { CompiledParityDocument, CreateProductDocument, PublishVideoDocument, StorefrontCardsDocument, StorefrontDocument, StorefrontWholeDocument } from '../generated/graphql';
import { describeStore, startTestServer, type TestServer } from '../support/server';
import { openShop, seedCategories, type OpenShop } from '../support/shops';

describeStore('the storefront query has no N+1', () => {
  let server: TestServer;
  let shop: OpenShop;
  let firstProductId: () => string;

  beforeAll(async () => {
    server = await startTestServer();
    const categories = await seedCategories(server);
    shop = await openShop(server, 'Toko Lengkap', 'toko-lengkap');
    const productIds: string[] = [];
    firstProductId = () => productIds[0]!;
    for (let i = 0; i < 50; i += 1) {
      server.clock.advance(1000);
      const { createProduct } = await shop.owner.client.data(CreateProductDocument, {
        input: {
          shopId: shop.shopId,
          title: `Kaos Polos Cotton Combed ${i}`,
          description: 'Kaos polos cotton combed 30s, jahitan rapi, tidak mudah melar.',
          categoryId: categories['kaos']!,
          imageUrls: [`https://cdn.example.com/kaos-${i}.jpg`],
          options: [{ name: 'Ukuran', values: ['M', 'L', 'XL'] }],
          variants: ['M', 'L', 'XL'].map((size) => ({ sku: `KAOS-${i}-${size}`, optionValues: [size], price: `${59000 + i * 1000}`, stock: 10, weightGrams: 180 })),
          publish: true,
        },
      });
      productIds.push(createProduct.product!.id);
    }
    for (let v = 0; v < 30; v += 1) {
      const tagged = [productIds[v]!, productIds[(v + 7) % 50]!, productIds[(v + 19) % 50]!];
      const { publishVideo } = await shop.owner.client.data(PublishVideoDocument, {
        input: { shopId: shop.shopId, caption: `OOTD kaos polos #${v}`, videoUrl: `https://video.example.com/${v}.mp4`, products: tagged.map((productId, i) => ({ productId, atSecond: i * 5 })) },
      });
      expect(publishVideo.userErrors).toEqual([]);
    }
    await server.relay.stop(); // its polling would add statements to the count
  });
  afterAll(() => server?.stop());

  it('issues the same number of SQL statements for 5 and for 50 products', async () => {
    const run = (first: number) => server.client.data(StorefrontDocument, { handle: 'toko-lengkap', first });
    await run(5); // warm-up: metadata and prepared paths
    const five = await server.countQueries(() => run(5));
    const fifty = await server.countQueries(() => run(50));
    expect(five.result.shop!.products.edges).toHaveLength(5);
    expect(fifty.result.shop!.products.edges).toHaveLength(50);
    expect(fifty.result.shop!.products.edges.every((e) => e.node.variants.length === 3 && e.node.shop.name === 'Toko Lengkap')).toBe(true);
    expect(fifty.result.shop!.products.edges.some((e) => e.node.videos.edges.length === 2)).toBe(true);
    console.info(`storefront SQL statements: N=5 → ${five.queries}, N=50 → ${fifty.queries}`);
    expect(fifty.queries).toBe(five.queries);
    expect(five.queries).toBeLessThanOrEqual(12);
  });

  it('answers compiled operations over HTTP exactly as graphql-js executes them: data, null fields and errors', async () => {
    const schema = await appSchema();
    /** What graphql-js itself answers, with the errors as a client sees them (message, path, code). */
    const reference = async (document: DocumentNode, variables: Record<string, unknown>) => {
      const result = await execute({ schema, document, variableValues: variables, contextValue: createContext(server.app, anonymousViewer, 'parity', '127.0.0.1') });
      return { data: result.data, errors: result.errors?.map((e) => [e.message, e.path?.join('.'), e.extensions['code']]) };
    };
    const overHttp = async (document: DocumentNode, variables: Record<string, unknown>) => {
      const response = await server.client.request(document as never, variables as never);
      return { data: response.data, errors: response.errors?.map((e) => [e.message, e.path?.join('.'), e.extensions?.['code']]) };
    };
    const cases: [DocumentNode, Record<string, unknown>][] = [[StorefrontDocument, { handle: 'toko-lengkap', first: 50 }]];
    for (const withVideos of [true, false]) {
      for (const skipPrices of [true, false]) {
        cases.push([CompiledParityDocument, { handle: 'toko-lengkap', first: 4, withVideos, skipPrices, productId: firstProductId() }]);
      }
    }
    for (const [document, variables] of cases) {
      // Twice over HTTP: the first run compiles the operation, the second reuses it.
      for (let run = 0; run < 2; run += 1) expect(await overHttp(document, variables)).toEqual(await reference(document, variables));
    }
    const parity = await overHttp(CompiledParityDocument, { handle: 'toko-lengkap', first: 4, withVideos: true, skipPrices: false, productId: firstProductId() });
    expect(parity.errors).toEqual([[expect.any(String), 'wrong', 'BAD_USER_INPUT']]);
    expect(parity.data).toMatchObject({ missing: null, wrong: null, node: { __typename: 'Product', id: firstProductId() }, shop: { __typename: 'Shop', name: 'Toko Lengkap' } });
  });

  it('reads shop and video cards when the selection needs no more, and whole rows otherwise, with the same answers', async () => {
    const variables = { handle: 'toko-lengkap', first: 10 };
    const cards = await server.countQueries(() => server.client.data(StorefrontCardsDocument, variables));
    const whole = await server.countQueries(() => server.client.data(StorefrontWholeDocument, variables));
    const shopSelect = (statements: string[]) => statements.find((sql) => /from shop s where s\.handle/.test(sql))!;
    const videoSelect = (statements: string[]) => statements.find((sql) => sql.includes('from video_product vp join video v'))!;
    expect(shopSelect(cards.statements)).toMatch(/select s\.id, s\.name, s\.handle, s\.status, s\.logo_url from shop s/);
    expect(shopSelect(whole.statements)).toContain('s.country_code');
    expect(videoSelect(cards.statements)).not.toContain('v.caption');
    expect(videoSelect(whole.statements)).toContain('v.caption');
    // Cards answer product.shop from the shop read by handle: no statement more for them.
    expect(cards.queries).toBe(3); // shop, products, videos
    expect(whole.result.shop!.countryCode).toBe('ID');
    const common = (result: typeof cards.result) => ({
      ...result.shop!,
      countryCode: undefined,
      description: undefined,
      products: result.shop!.products.edges.map((e) => ({
        id: e.node.id,
        shop: { id: e.node.shop.id, name: e.node.shop.name, handle: e.node.shop.handle },
        videos: e.node.videos.edges.map((v) => ({ cursor: v.cursor, id: v.node.id, createdAt: v.node.createdAt, shop: v.node.shop })),
      })),
    });
    expect(common(cards.result)).toEqual(common(whole.result as typeof cards.result));
    expect(cards.result.shop!.products.edges.some((e) => e.node.videos.edges.length > 0)).toBe(true);
  });

  it('reads a storefront through the ORM without an EntityManager fork of its own (only plain selects)', async () => {
    const fork = vi.spyOn(server.app.orm.em, 'fork');
    try {
      const { shop: found } = await server.client.data(StorefrontDocument, { handle: 'toko-lengkap', first: 20 });
      expect(found!.products.edges).toHaveLength(20);
      expect(fork).not.toHaveBeenCalled();
    } finally {
      fork.mockRestore();
    }
  });
});
