import { afterAll, beforeAll, expect, it } from 'vitest';
import { CreateProductDocument, PublishVideoDocument, StorefrontDocument } from '../generated/graphql';
import { describeStore, startTestServer, type TestServer } from '../support/server';
import { openShop, seedCategories, type OpenShop } from '../support/shops';

describeStore('the storefront query has no N+1', () => {
  let server: TestServer;
  let shop: OpenShop;

  beforeAll(async () => {
    server = await startTestServer();
    const categories = await seedCategories(server);
    shop = await openShop(server, 'Toko Lengkap', 'toko-lengkap');
    const productIds: string[] = [];
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
});
