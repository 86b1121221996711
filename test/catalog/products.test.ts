import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  AdjustVariantStockDocument,
  ArchiveProductDocument,
  CategoriesDocument,
  CreateProductDocument,
  ProductDocument,
  ProductsDocument,
  SetVariantStockDocument,
  ShopProductsDocument,
  UpdateProductDocument,
  type CreateProductMutationVariables,
} from '../generated/graphql';
import { signUpBuyer, type Actor } from '../support/actors';
import { codes } from '../support/client';
import { describeStore, startTestServer, type TestServer } from '../support/server';
import { openShop, seedCategories, type OpenShop } from '../support/shops';

type ProductInput = CreateProductMutationVariables['input'];

describeStore('catalog: products, guidelines, stock and browsing', () => {
  let server: TestServer;
  let categories: Record<string, string>;
  let batik: OpenShop;
  let other: OpenShop;
  let buyer: Actor;

  const shirt = (overrides: Partial<ProductInput> = {}): ProductInput => ({
    shopId: batik.shopId,
    title: 'Kemeja Batik Parang Lengan Panjang',
    description: 'Batik cap motif parang, katun primisima, adem dipakai seharian.',
    categoryId: categories['batik-pria']!,
    imageUrls: ['https://cdn.example.com/parang-1.jpg', 'https://cdn.example.com/parang-2.jpg'],
    options: [
      { name: 'Warna', values: ['Coklat', 'Biru'] },
      { name: 'Ukuran', values: ['M', 'L'] },
    ],
    variants: [
      { sku: 'PRG-CKL-M', optionValues: ['Coklat', 'M'], price: '189000', compareAtPrice: '249000', stock: 10, weightGrams: 300 },
      { sku: 'PRG-CKL-L', optionValues: ['Coklat', 'L'], price: '189000', stock: 5, weightGrams: 320 },
      { sku: 'PRG-BRU-M', optionValues: ['biru', 'M'], price: '199000', stock: 0, weightGrams: 300 },
    ],
    publish: true,
    ...overrides,
  });

  beforeAll(async () => {
    server = await startTestServer();
    categories = await seedCategories(server);
    batik = await openShop(server, 'Batik Pekalongan', 'batik-pekalongan');
    other = await openShop(server, 'Toko Lain', 'toko-lain');
    buyer = await signUpBuyer(server, 'Siti');
  });
  afterAll(() => server?.stop());

  it('serves the category tree', async () => {
    const { categories: roots } = await server.client.data(CategoriesDocument);
    const muslim = roots.find((c) => c.slug === 'fashion-muslim')!;
    expect(muslim.children.map((c) => c.slug)).toEqual(['gamis', 'hijab', 'baju-koko']);
    expect(muslim.children[0]!.parent?.slug).toBe('fashion-muslim');
  });

  let productId: string;
  it('creates a product with options and variants, priced in IDR', async () => {
    const { createProduct } = await batik.owner.client.data(CreateProductDocument, { input: shirt() });
    expect(createProduct.userErrors).toEqual([]);
    const product = createProduct.product!;
    productId = product.id;
    expect(product).toMatchObject({
      status: 'ACTIVE',
      version: 1,
      inStock: true,
      totalStock: 15,
      shop: { name: 'Batik Pekalongan' },
      category: { slug: 'batik-pria' },
      options: [
        { name: 'Warna', values: ['Coklat', 'Biru'] },
        { name: 'Ukuran', values: ['M', 'L'] },
      ],
      priceRange: { min: { amount: '189000.00', currencyCode: 'IDR' }, max: { amount: '199000.00' } },
    });
    expect(product.variants.map((v) => [v.sku, v.title, v.stock, v.price.amount, v.compareAtPrice?.amount ?? null])).toEqual([
      ['PRG-CKL-M', 'Coklat / M', 10, '189000.00', '249000.00'],
      ['PRG-CKL-L', 'Coklat / L', 5, '189000.00', null],
      ['PRG-BRU-M', 'Biru / M', 0, '199000.00', null],
    ]);
  });

  it('reports every guideline violation at once, with codes and field paths, and saves nothing', async () => {
    const { createProduct } = await batik.owner.client.data(CreateProductDocument, {
      input: shirt({
        title: 'Vape',
        description: 'Liquid replika murah',
        categoryId: categories['rokok-elektrik']!,
        imageUrls: [],
        options: [],
        variants: [{ sku: 'VAPE-1', optionValues: [], price: '50', stock: 1, weightGrams: 100 }],
      }),
    });
    expect(createProduct.product).toBeNull();
    expect(createProduct.userErrors.map((e) => [e.code, e.field!.join('.')])).toEqual([
      ['REQUIRED_FIELD_MISSING', 'input.title'],
      ['PROHIBITED_CATEGORY', 'input.categoryId'],
      ['PROHIBITED_KEYWORD', 'input.title'],
      ['PROHIBITED_KEYWORD', 'input.description'],
      ['TOO_FEW_IMAGES', 'input.imageUrls'],
      ['PRICE_OUT_OF_BOUNDS', 'input.variants.0.price'],
    ]);
    const listed = await batik.owner.client.data(ShopProductsDocument, { id: batik.shopId, status: 'DRAFT' });
    expect(listed.shop!.products.totalCount).toBe(0);
  });

  it('checks variants against options, SKUs within the input and across the shop, and compare-at prices', async () => {
    const { createProduct } = await batik.owner.client.data(CreateProductDocument, {
      input: shirt({
        variants: [
          { sku: 'PRG-CKL-M', optionValues: ['Coklat', 'M'], price: '189000', stock: 1, weightGrams: 300 },
          { sku: 'NEW-1', optionValues: ['Hijau', 'M'], price: '189000', stock: 1, weightGrams: 300 },
          { sku: 'NEW-1', optionValues: ['Coklat'], price: 'abc', stock: 1, weightGrams: 0 },
          { sku: 'NEW-2', optionValues: ['Biru', 'L'], price: '100000', compareAtPrice: '90000', weightGrams: 300 },
        ],
      }),
    });
    expect(createProduct.userErrors.map((e) => [e.code, e.field!.join('.')])).toEqual([
      ['INVALID_VARIANTS', 'input.variants.1.optionValues.0'],
      ['SKU_TAKEN', 'input.variants.2.sku'],
      ['INVALID_VARIANTS', 'input.variants.2.optionValues'],
      ['INVALID_INPUT', 'input.variants.2.price'],
      ['INVALID_INPUT', 'input.variants.2.weightGrams'],
      ['COMPARE_AT_PRICE_TOO_LOW', 'input.variants.3.compareAtPrice'],
      ['INVALID_INPUT', 'input.variants.3.stock'],
      ['SKU_TAKEN', 'input.variants.0.sku'],
    ]);
  });

  it('lets only members of an approved shop list products', async () => {
    const stranger = await buyer.client.data(CreateProductDocument, { input: shirt() });
    expect(stranger.createProduct.userErrors.map((e) => e.code)).toEqual(['FORBIDDEN']);
    const pending = await openShop(server, 'Toko Belum', 'toko-belum', undefined, false);
    const early = await pending.owner.client.data(CreateProductDocument, { input: shirt({ shopId: pending.shopId }) });
    expect(early.createProduct.userErrors.map((e) => e.code)).toEqual(['SHOP_NOT_APPROVED']);
  });

  it('keeps drafts to the shop, and lists them for members only', async () => {
    const { createProduct } = await batik.owner.client.data(CreateProductDocument, {
      input: shirt({ title: 'Kemeja Batik Kawung Draft', publish: false, variants: [{ sku: 'KWG-1', optionValues: ['Coklat', 'M'], price: '150000', stock: 3, weightGrams: 300 }] }),
    });
    const draft = createProduct.product!;
    expect(draft.status).toBe('DRAFT');
    expect((await buyer.client.data(ProductDocument, { id: draft.id })).product).toBeNull();
    expect((await batik.owner.client.data(ProductDocument, { id: draft.id })).product?.status).toBe('DRAFT');
    const members = await batik.owner.client.data(ShopProductsDocument, { id: batik.shopId, status: 'DRAFT' });
    expect(members.shop!.products.edges.map((e) => e.node.id)).toEqual([draft.id]);
    const outsider = await buyer.client.request(ShopProductsDocument, { id: batik.shopId, status: 'DRAFT' });
    expect(codes(outsider.errors)).toEqual(['BAD_USER_INPUT']);
  });

  it('updates with optimistic versioning, replacing variants and keeping removed ones for history', async () => {
    const { product } = await batik.owner.client.data(ProductDocument, { id: productId });
    const [ckM, , bruM] = product!.variants;
    const { updateProduct } = await batik.owner.client.data(UpdateProductDocument, {
      input: {
        productId,
        expectedVersion: 1,
        title: 'Kemeja Batik Parang Premium',
        variants: [
          { variantId: ckM!.id, sku: 'PRG-CKL-M', optionValues: ['Coklat', 'M'], price: '179000', weightGrams: 300 },
          { variantId: bruM!.id, sku: 'PRG-BRU-M', optionValues: ['Biru', 'M'], price: '199000', weightGrams: 300 },
          { sku: 'PRG-BRU-L', optionValues: ['Biru', 'L'], price: '209000', stock: 4, weightGrams: 320 },
        ],
      },
    });
    expect(updateProduct.userErrors).toEqual([]);
    expect(updateProduct.product).toMatchObject({ title: 'Kemeja Batik Parang Premium', version: 2, priceRange: { min: { amount: '179000.00' }, max: { amount: '209000.00' } } });
    expect(updateProduct.product!.variants.map((v) => [v.sku, v.stock])).toEqual([['PRG-CKL-M', 10], ['PRG-BRU-M', 0], ['PRG-BRU-L', 4]]);

    const stale = await batik.owner.client.data(UpdateProductDocument, { input: { productId, expectedVersion: 1, title: 'Old view' } });
    expect(stale.updateProduct.userErrors.map((e) => [e.code, e.field])).toEqual([['VERSION_CONFLICT', ['input', 'expectedVersion']]]);

    const guideline = await batik.owner.client.data(UpdateProductDocument, { input: { productId, expectedVersion: 2, description: 'Dijamin bukan barang KW super ya kak' } });
    expect(guideline.updateProduct.userErrors.map((e) => e.code)).toEqual(['PROHIBITED_KEYWORD']);
  });

  it('sets and adjusts stock atomically, idempotently by key, never below zero', async () => {
    const { product } = await batik.owner.client.data(ProductDocument, { id: productId });
    const variantId = product!.variants[0]!.id;

    const set = await batik.owner.client.data(SetVariantStockDocument, { input: { variantId, stock: 10, idempotencyKey: 'set-stock-0001' } });
    expect(set.setVariantStock).toMatchObject({ stockAfterChange: 10, replayed: false, userErrors: [] });
    const adjust = { variantId, delta: 5, idempotencyKey: 'restock-0001' };
    const first = await batik.owner.client.data(AdjustVariantStockDocument, { input: adjust });
    expect(first.adjustVariantStock).toMatchObject({ stockAfterChange: 15, replayed: false });
    const retry = await batik.owner.client.data(AdjustVariantStockDocument, { input: adjust });
    expect(retry.adjustVariantStock).toMatchObject({ stockAfterChange: 15, replayed: true, variant: { stock: 15 } });
    const reused = await batik.owner.client.data(AdjustVariantStockDocument, { input: { ...adjust, delta: 6 } });
    expect(reused.adjustVariantStock.userErrors.map((e) => [e.code, e.field])).toEqual([['IDEMPOTENCY_KEY_REUSED', ['input', 'idempotencyKey']]]);

    const tooMuch = await batik.owner.client.data(AdjustVariantStockDocument, { input: { variantId, delta: -16, idempotencyKey: 'too-much-0001' } });
    expect(tooMuch.adjustVariantStock.userErrors.map((e) => e.code)).toEqual(['INSUFFICIENT_STOCK']);
    // The failed attempt did not burn its key: the same key with valid input works.
    const fixed = await batik.owner.client.data(AdjustVariantStockDocument, { input: { variantId, delta: -15, idempotencyKey: 'too-much-0001' } });
    expect(fixed.adjustVariantStock.stockAfterChange).toBe(0);

    const badKey = await batik.owner.client.data(AdjustVariantStockDocument, { input: { variantId, delta: 1, idempotencyKey: 'x' } });
    expect(badKey.adjustVariantStock.userErrors.map((e) => [e.code, e.field])).toEqual([['INVALID_INPUT', ['input', 'idempotencyKey']]]);
    const stranger = await buyer.client.data(AdjustVariantStockDocument, { input: { variantId, delta: 1, idempotencyKey: 'stranger-0001' } });
    expect(stranger.adjustVariantStock.userErrors.map((e) => e.code)).toEqual(['FORBIDDEN']);
  });

  it('never oversells under concurrency: 30 removals of 1 from stock 10 leave exactly 0', async () => {
    const { product } = await batik.owner.client.data(ProductDocument, { id: productId });
    const variantId = product!.variants[2]!.id;
    await batik.owner.client.data(SetVariantStockDocument, { input: { variantId, stock: 10, idempotencyKey: 'reset-for-race' } });
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        batik.owner.client.request(AdjustVariantStockDocument, { input: { variantId, delta: -1, idempotencyKey: `race-${i}-0000` } }),
      ),
    );
    expect(results.every((r) => r.status === 200 && !r.errors)).toBe(true);
    const ok = results.filter((r) => r.data!.adjustVariantStock.userErrors.length === 0);
    expect(ok).toHaveLength(10);
    expect(new Set(ok.map((r) => r.data!.adjustVariantStock.stockAfterChange))).toEqual(new Set([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]));
    const final = await batik.owner.client.data(ProductDocument, { id: productId });
    expect(final.product!.variants[2]!.stock).toBe(0);
  });

  it('deduplicates concurrent retries of one idempotency key into a single change', async () => {
    const { product } = await batik.owner.client.data(ProductDocument, { id: productId });
    const variantId = product!.variants[1]!.id;
    const before = product!.variants[1]!.stock;
    const input = { variantId, delta: 3, idempotencyKey: 'same-key-burst' };
    const results = await Promise.all(Array.from({ length: 12 }, () => batik.owner.client.data(AdjustVariantStockDocument, { input })));
    expect(results.filter((r) => !r.adjustVariantStock.replayed)).toHaveLength(1);
    expect(new Set(results.map((r) => r.adjustVariantStock.stockAfterChange))).toEqual(new Set([before + 3]));
  });

  it('archives a product: gone from browsing, still readable by id for the shop', async () => {
    const { createProduct } = await batik.owner.client.data(CreateProductDocument, {
      input: shirt({ title: 'Kemeja Batik Mega Mendung', variants: [{ sku: 'MM-1', optionValues: ['Biru', 'L'], price: '210000', stock: 2, weightGrams: 300 }] }),
    });
    const id = createProduct.product!.id;
    const { archiveProduct } = await batik.owner.client.data(ArchiveProductDocument, { input: { productId: id } });
    expect(archiveProduct.product?.status).toBe('ARCHIVED');
    const again = await batik.owner.client.data(ArchiveProductDocument, { input: { productId: id } });
    expect(again.archiveProduct.userErrors.map((e) => e.code)).toEqual(['INVALID_TRANSITION']);
    const search = await buyer.client.data(ProductsDocument, { query: 'mega mendung' });
    expect(search.products.totalCount).toBe(0);
  });

  it('searches, filters by category subtree, price and stock, and sorts', async () => {
    const make = async (shop: OpenShop, title: string, category: string, price: string, stock: number) => {
      server.clock.advance(1000);
      const { createProduct } = await shop.owner.client.data(CreateProductDocument, {
        input: shirt({
          shopId: shop.shopId,
          title,
          categoryId: categories[category]!,
          options: [],
          variants: [{ sku: title.replace(/\W+/g, '-').toUpperCase().slice(0, 40), optionValues: [], price, stock, weightGrams: 200 }],
        }),
      });
      expect(createProduct.userErrors).toEqual([]);
      return createProduct.product!.id;
    };
    const gamis = await make(other, 'Gamis Syari Katun Rayon', 'gamis', '250000', 3);
    const hijab = await make(other, 'Hijab Segi Empat Voal Motif', 'hijab', '45000', 0);
    const kopi = await make(other, 'Kopi Gayo Arabika 250 gram', 'kopi-teh', '95000', 20);

    const muslim = await buyer.client.data(ProductsDocument, { categoryId: categories['fashion-muslim']!, sort: 'PRICE_ASC' });
    expect(muslim.products.edges.map((e) => e.node.id)).toEqual([hijab, gamis]);
    const inStock = await buyer.client.data(ProductsDocument, { categoryId: categories['fashion-muslim']!, inStock: true });
    expect(inStock.products.edges.map((e) => e.node.id)).toEqual([gamis]);
    const cheap = await buyer.client.data(ProductsDocument, { shopId: other.shopId, minPrice: '50000', maxPrice: '100000' });
    expect(cheap.products.edges.map((e) => e.node.id)).toEqual([kopi]);
    const text = await buyer.client.data(ProductsDocument, { query: 'KOPI arabika' });
    expect(text.products.edges.map((e) => e.node.id)).toEqual([kopi]);
    const newest = await buyer.client.data(ProductsDocument, { shopId: other.shopId, sort: 'NEWEST' });
    expect(newest.products.edges.map((e) => e.node.id)).toEqual([kopi, hijab, gamis]);
    const dear = await buyer.client.data(ProductsDocument, { shopId: other.shopId, sort: 'PRICE_DESC', first: 2 });
    expect(dear.products.edges.map((e) => e.node.id)).toEqual([gamis, kopi]);
    const next = await buyer.client.data(ProductsDocument, { shopId: other.shopId, sort: 'PRICE_DESC', first: 2, after: dear.products.pageInfo.endCursor });
    expect(next.products.edges.map((e) => e.node.id)).toEqual([hijab]);

    // `%`, `_` and `\` are literal text, not wildcards, on both stores; the page and its count agree.
    const percent = await make(other, 'Kaos Diskon 50% Off_Line', 'fashion-muslim', '60000', 5);
    const literal = await buyer.client.data(ProductsDocument, { query: '50%' });
    expect(literal.products.edges.map((e) => e.node.id)).toEqual([percent]);
    expect(literal.products.totalCount).toBe(1);
    expect((await buyer.client.data(ProductsDocument, { query: 'off_line' })).products.totalCount).toBe(1);
    for (const wildcard of ['%%', '5_%', 'off%line', '\\']) {
      const none = await buyer.client.data(ProductsDocument, { query: wildcard });
      expect(none.products.edges, wildcard).toEqual([]);
      expect(none.products.totalCount, wildcard).toBe(0);
    }

    const bad = await buyer.client.request(ProductsDocument, { minPrice: 'lots' });
    expect(codes(bad.errors)).toEqual(['BAD_USER_INPUT']);
  });
});
