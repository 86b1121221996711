import { afterAll, beforeAll, expect, it } from 'vitest';
import { ProductPagesDocument, type ProductSort } from '../generated/graphql';
import { describeStore, startTestServer, type TestServer } from '../support/server';
import { listPlainProduct, openShop, seedCategories, type OpenShop } from '../support/shops';

describeStore('product lists page through every sort without gaps or repeats', () => {
  let server: TestServer;
  let shop: OpenShop;

  beforeAll(async () => {
    server = await startTestServer();
    const categories = await seedCategories(server);
    shop = await openShop(server, 'Toko Halaman', 'toko-halaman');
    // Equal prices and equal creation times, so the id tie-break decides between them.
    const prices = ['50000', '75000', '50000', '120000', '75000', '99000', '50000'];
    for (const [i, price] of prices.entries()) {
      if (i % 2 === 0) server.clock.advance(1000);
      await listPlainProduct(shop, categories, `HAL-${i}`, price, 200);
    }
  });
  afterAll(() => server?.stop());

  const sorts: ProductSort[] = ['NEWEST', 'PRICE_ASC', 'PRICE_DESC', 'BEST_SELLING', 'RATING', 'RELEVANCE'];

  it.each(sorts)('%s: pages of 2 forwards and backwards give the whole list, in order', async (sort) => {
    const page = (variables: { first?: number; after?: string | null; last?: number; before?: string | null }) =>
      server.client.data(ProductPagesDocument, { shopId: shop.shopId, sort, ...variables }).then((r) => r.products);
    const whole = await page({ first: 100 });
    expect(whole.totalCount).toBe(7);
    const all = whole.edges.map((e) => e.node.id);
    expect(new Set(all).size).toBe(7);

    const forward: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 10; guard += 1) {
      const next = await page({ first: 2, after });
      forward.push(...next.edges.map((e) => e.node.id));
      expect(next.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!next.pageInfo.hasNextPage) break;
      after = next.pageInfo.endCursor;
    }
    expect(forward).toEqual(all);

    const backward: string[] = [];
    let before: string | null = null;
    for (let guard = 0; guard < 10; guard += 1) {
      const previous = await page({ last: 2, before });
      backward.unshift(...previous.edges.map((e) => e.node.id));
      expect(previous.pageInfo.hasNextPage).toBe(before !== null);
      if (!previous.pageInfo.hasPreviousPage) break;
      before = previous.pageInfo.startCursor;
    }
    expect(backward).toEqual(all);
  });

  it('PRICE_DESC is PRICE_ASC reversed, ties included', async () => {
    const ids = async (sort: ProductSort) =>
      (await server.client.data(ProductPagesDocument, { shopId: shop.shopId, sort, first: 100 })).products.edges.map((e) => e.node.id);
    const ascending = await ids('PRICE_ASC');
    const descending = await ids('PRICE_DESC');
    expect(descending).toEqual([...ascending].reverse());
  });

  it('refuses a cursor that is not from a list', async () => {
    const response = await server.client.request(ProductPagesDocument, { shopId: shop.shopId, first: 2, after: 'not-a-cursor' });
    expect(response.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
  });
});
