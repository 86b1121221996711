import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedDemo, demoLogins } from '../../seeds/demo';
import { DemoOverviewDocument, LogInDocument, ShopsDocument, StorefrontDocument, ViewerAddressesDocument } from '../generated/graphql';
import { describeStore, startTestServer, type TestServer } from '../support/server';

describeStore('the demo marketplace seed', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: (orm, config) => seedDemo(orm, config), config: { seedDemoData: true } });
  });
  afterAll(() => server?.stop());

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
    const { logIn } = await server.client.data(LogInDocument, { input: { email: 'siti@kedai.test', password: 'kedai-demo-123' } });
    const { viewer } = await server.client.as(logIn.token).data(ViewerAddressesDocument, { first: 5 });
    expect(viewer!.addresses.totalCount).toBe(2);
  });

  it('serves the README storefront query for Toko Budi', async () => {
    const { shop } = await server.client.data(StorefrontDocument, { handle: 'toko-budi', first: 20 });
    expect(shop!.products.edges).toHaveLength(12);
    expect(shop!.products.edges.every((e) => e.node.variants.length >= 1)).toBe(true);
  });

  it('does not seed twice', async () => {
    expect(await seedDemo(server.app.orm, server.config)).toBe(false);
  });
});
