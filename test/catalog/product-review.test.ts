import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddAddressDocument,
  CreateProductDocument,
  InboxDocument,
  PlaceOrderDocument,
  ProductDocument,
  ProductReviewDocument,
  ProductsDocument,
  RankedProductsDocument,
  ReviewProductDocument,
  ShopProductsDocument,
  UpdateProductDocument,
  type CreateProductMutationVariables,
} from '../generated/graphql';
import { Product } from '../../src/catalog/product.entity';
import { OutboxEvent } from '../../src/events/outbox-event.entity';
import { decodeIdOf } from '../../src/shared/ids';
import { Role } from '../../src/shared/viewer';
import { createStaffUser, signUpBuyer, type Actor } from '../support/actors';
import { codes } from '../support/client';
import { jakartaAddress } from '../support/fixtures';
import { describeStore, startTestServer, type TestServer } from '../support/server';
import { openShop, seedCategories, type OpenShop } from '../support/shops';

type ProductInput = CreateProductMutationVariables['input'];

describeStore('catalog: admin product review and RELEVANCE ranking', () => {
  let server: TestServer;
  let categories: Record<string, string>;
  let shop: OpenShop;
  let buyer: Actor;
  let admin: Actor;
  let sku = 0;

  const create = async (overrides: Partial<ProductInput> = {}) => {
    sku += 1;
    const { createProduct } = await shop.owner.client.data(CreateProductDocument, {
      input: {
        shopId: shop.shopId,
        title: 'Kemeja Batik Parang Lengan Panjang',
        description: 'Batik cap motif parang, katun primisima, adem dipakai seharian.',
        categoryId: categories['batik-pria']!,
        imageUrls: ['https://cdn.example.com/parang-1.jpg'],
        variants: [{ sku: `RV-${sku}`, optionValues: [], price: '150000', stock: 20, weightGrams: 300 }],
        publish: true,
        ...overrides,
      },
    });
    expect(createProduct.userErrors).toEqual([]);
    return createProduct.product!;
  };
  const review = (productId: string, decision: 'REJECT' | 'RESTORE', reason: string | null, as = admin) =>
    as.client.data(ReviewProductDocument, { input: { productId, decision, reason } }).then((r) => r.reviewProduct);
  const setSold = async (productId: string, soldCount: number) => {
    const em = server.app.orm.em.fork();
    await em.nativeUpdate(Product, { id: decodeIdOf('Product', productId)! }, { soldCount });
  };

  /** Waits until the relay has handled every committed event (so inbox notifications are written). */
  const settle = async () => {
    const em = server.app.orm.em.fork();
    const deadline = Date.now() + 10_000;
    while ((await em.count(OutboxEvent, { publishedAt: null })) > 0) {
      if (Date.now() > deadline) throw new Error('the outbox relay did not catch up');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  beforeAll(async () => {
    server = await startTestServer();
    categories = await seedCategories(server);
    shop = await openShop(server, 'Batik Solo', 'batik-solo');
    buyer = await signUpBuyer(server, 'Siti');
    admin = await createStaffUser(server, Role.ADMIN, 'Admin');
    await buyer.client.data(AddAddressDocument, { input: jakartaAddress });
  });
  afterAll(() => server?.stop());

  describe('reviewProduct', () => {
    let product: Awaited<ReturnType<typeof create>>;
    beforeAll(async () => {
      product = await create({ title: 'Kemeja Tenun Ikat Sumba' });
    });

    it('refuses non-admins, including the shop owner', async () => {
      for (const actor of [buyer, shop.owner]) {
        const response = await actor.client.request(ReviewProductDocument, { input: { productId: product.id, decision: 'REJECT', reason: 'Foto buram' } });
        expect(codes(response.errors)).toEqual(['FORBIDDEN']);
      }
    });

    it('requires a reason to reject', async () => {
      expect((await review(product.id, 'REJECT', '  ')).userErrors.map((e) => [e.code, e.field])).toEqual([['INVALID_INPUT', ['input', 'reason']]]);
    });

    it('rejects a product: it leaves browsing, checkout refuses it, the shop sees the reason', async () => {
      const rejected = await review(product.id, 'REJECT', 'Foto produk milik toko lain.');
      expect(rejected.userErrors).toEqual([]);
      expect(rejected.product).toMatchObject({ status: 'REJECTED', rejectionReason: 'Foto produk milik toko lain.' });

      const listed = await buyer.client.data(ProductsDocument, { first: 100 });
      expect(listed.products.edges.map((e) => e.node.id)).not.toContain(product.id);
      const shopList = await buyer.client.data(ShopProductsDocument, { id: shop.shopId, first: 100 });
      expect(shopList.shop!.products.edges.map((e) => e.node.id)).not.toContain(product.id);
      expect((await buyer.client.data(ProductDocument, { id: product.id })).product).toBeNull();

      const { placeOrder } = await buyer.client.data(PlaceOrderDocument, {
        input: { lines: [{ variantId: product.variants[0]!.id, quantity: 1 }], paymentMethod: 'COD', idempotencyKey: randomUUID() },
      });
      expect(placeOrder.userErrors.map((e) => e.code)).toEqual(['PRODUCT_UNAVAILABLE']);

      const seen = await shop.owner.client.data(ProductReviewDocument, { id: product.id });
      expect(seen.product).toMatchObject({ status: 'REJECTED', rejectionReason: 'Foto produk milik toko lain.' });
      const rejectedList = await shop.owner.client.data(ShopProductsDocument, { id: shop.shopId, status: 'REJECTED', first: 10 });
      expect(rejectedList.shop!.products.edges.map((e) => e.node.id)).toEqual([product.id]);
    });

    it("tells the shop's members in their inbox, with the reason", async () => {
      await settle();
      const { viewer } = await shop.owner.client.data(InboxDocument, { first: 5 });
      const latest = viewer!.inbox.edges[0]!.node;
      expect(latest).toMatchObject({ kind: 'PRODUCT_REVIEWED', category: 'SHOP', title: 'Product rejected', shop: { id: shop.shopId } });
      expect(latest.body).toContain('Kemeja Tenun Ikat Sumba');
      expect(latest.body).toContain('Foto produk milik toko lain');
    });

    it('refuses to restore a product that is not rejected, or to reject twice', async () => {
      const other = await create({ title: 'Kemeja Lurik Yogyakarta' });
      expect((await review(other.id, 'RESTORE', null)).userErrors.map((e) => e.code)).toEqual(['INVALID_TRANSITION']);
      expect((await review(product.id, 'REJECT', 'Lagi')).userErrors.map((e) => e.code)).toEqual(['INVALID_TRANSITION']);
    });

    it('restores a rejected product to sale and clears the reason', async () => {
      const restored = await review(product.id, 'RESTORE', null);
      expect(restored.product).toMatchObject({ status: 'ACTIVE', rejectionReason: null });
      expect((await buyer.client.data(ProductDocument, { id: product.id })).product?.status).toBe('ACTIVE');
    });

    it('lets the shop fix a rejected product: updateProduct re-checks the guidelines, publish returns it to ACTIVE', async () => {
      await review(product.id, 'REJECT', 'Judul menyesatkan.');
      const { version } = (await shop.owner.client.data(ProductReviewDocument, { id: product.id })).product!;
      const refused = await shop.owner.client.data(UpdateProductDocument, { input: { productId: product.id, expectedVersion: version, title: 'Tenun replika Sumba', publish: true } });
      expect(refused.updateProduct.userErrors.map((e) => e.code)).toEqual(['PROHIBITED_KEYWORD']);

      const fixed = await shop.owner.client.data(UpdateProductDocument, { input: { productId: product.id, expectedVersion: version, title: 'Kemeja Tenun Ikat Sumba Asli', publish: true } });
      expect(fixed.updateProduct.userErrors).toEqual([]);
      const after = await shop.owner.client.data(ProductReviewDocument, { id: product.id });
      expect(after.product).toMatchObject({ status: 'ACTIVE', rejectionReason: null });
    });

    it('an edit without publish takes a rejected product to DRAFT; the reason is hidden from buyers', async () => {
      const other = await create({ title: 'Kemeja Songket Palembang' });
      await review(other.id, 'REJECT', 'Harga tidak wajar.');
      const seenByBuyer = await buyer.client.data(ProductsDocument, { first: 100 });
      expect(seenByBuyer.products.edges.map((e) => e.node.id)).not.toContain(other.id);
      const { version } = (await shop.owner.client.data(ProductReviewDocument, { id: other.id })).product!;
      const edited = await shop.owner.client.data(UpdateProductDocument, { input: { productId: other.id, expectedVersion: version, description: 'Songket tenun tangan Palembang, benang emas, motif lepus.' } });
      expect(edited.updateProduct.product!.status).toBe('DRAFT');
      expect((await shop.owner.client.data(ProductReviewDocument, { id: other.id })).product!.rejectionReason).toBeNull();
    });
  });

  describe('RELEVANCE', () => {
    let titled: string;
    let described: string;
    let alsoTitled: string;
    beforeAll(async () => {
      described = (await create({ title: 'Kemeja Polos Katun Premium', description: 'Kemeja polos katun, cocok dipadukan dengan sarung kawung sehari-hari.' })).id;
      titled = (await create({ title: 'Sarung Kawung Tenun Tangan', description: 'Sarung tenun tangan motif klasik, katun halus dan adem.' })).id;
      alsoTitled = (await create({ title: 'Sarung Kawung Sutra Motif Klasik', description: 'Sutra halus, motif kawung klasik, untuk acara resmi.' })).id;
      await setSold(described, 500);
      await setSold(titled, 10);
      await setSold(alsoTitled, 3);
    });

    it('ranks a title match above a description-only match that sold more', async () => {
      const { products } = await buyer.client.data(RankedProductsDocument, { query: 'sarung kawung', sort: 'RELEVANCE', first: 10 });
      expect(products.totalCount).toBe(3);
      const ids = products.edges.map((e) => e.node.id);
      expect(ids.indexOf(titled)).toBeLessThan(ids.indexOf(described));
      expect(ids.indexOf(alsoTitled)).toBeLessThan(ids.indexOf(described));
      expect(ids.at(-1)).toBe(described);
    });

    it('pages through the ranked order with cursors, forwards and backwards', async () => {
      const all = (await buyer.client.data(RankedProductsDocument, { query: 'sarung kawung', first: 10 })).products.edges.map((e) => e.node.id);
      const seen: string[] = [];
      let after: string | null = null;
      for (let i = 0; i < 5; i += 1) {
        const page: Awaited<ReturnType<typeof ranked>> = await ranked({ query: 'sarung kawung', first: 1, after });
        seen.push(...page.edges.map((e) => e.node.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual(all);
      const lastTwo = await ranked({ query: 'sarung kawung', last: 2 });
      expect(lastTwo.edges.map((e) => e.node.id)).toEqual(all.slice(-2));
      const before = await ranked({ query: 'sarung kawung', last: 1, before: lastTwo.pageInfo.startCursor });
      expect(before.edges.map((e) => e.node.id)).toEqual(all.slice(0, 1));
    });
    const ranked = async (variables: { query: string; first?: number; last?: number; after?: string | null; before?: string | null }) =>
      (await buyer.client.data(RankedProductsDocument, { sort: 'RELEVANCE', ...variables })).products;

    it('combines with the other filters (category, stock, shop)', async () => {
      const { products } = await buyer.client.data(ProductsDocument, { query: 'kawung', inStock: true, categoryId: categories['batik-pria']!, shopId: shop.shopId, first: 10 });
      expect(products.totalCount).toBe(3);
      expect(products.edges.at(-1)!.node.id).toBe(described);
      const none = await buyer.client.data(ProductsDocument, { query: 'kawung', maxPrice: '1000', first: 10 });
      expect(none.products.edges).toEqual([]);
    });

    it('refuses a cursor from another list', async () => {
      const response = await buyer.client.request(RankedProductsDocument, { query: 'sarung', sort: 'RELEVANCE', after: 'bm90LWEtY3Vyc29y' });
      expect(codes(response.errors)).toEqual(['BAD_USER_INPUT']);
    });

    it('without a query, RELEVANCE is most sold first', async () => {
      const { products } = await buyer.client.data(RankedProductsDocument, { sort: 'RELEVANCE', first: 1 });
      expect(products.edges[0]!.node.id).toBe(described);
    });
  });
});
