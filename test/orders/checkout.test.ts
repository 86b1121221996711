import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  AddAddressDocument,
  CancelOrderDocument,
  CreateProductDocument,
  OrderCenterDocument,
  OrderDocument,
  PlaceOrderDocument,
  ProductDocument,
  UpdateProductDocument,
  type PlaceOrderMutationVariables,
} from '../generated/graphql';
import { signUpBuyer, type Actor } from '../support/actors';
import { codes } from '../support/client';
import { jakartaAddress } from '../support/fixtures';
import { decodeIdOf, toGlobalId } from '../../src/shared/ids';
import { describeStore, startTestServer, type TestServer } from '../support/server';
import { listPlainProduct, openShop, seedCategories, type OpenShop } from '../support/shops';

describeStore('checkout: placing and cancelling orders', () => {
  let server: TestServer;
  let shop: OpenShop;
  let otherShop: OpenShop;
  let siti: Actor;
  let categories: Record<string, string>;
  let variantM: string;
  let variantL: string;
  let productId: string;

  const product = async (owner: OpenShop, sku: string, stock: number, price = '150000') => {
    const { createProduct } = await owner.owner.client.data(CreateProductDocument, {
      input: {
        shopId: owner.shopId,
        title: `Gamis Rayon ${sku}`,
        description: 'Gamis rayon premium, adem dan jatuh, cocok untuk sehari-hari.',
        categoryId: categories['gamis']!,
        imageUrls: [`https://cdn.example.com/${sku}.jpg`],
        options: [{ name: 'Ukuran', values: ['M', 'L'] }],
        variants: [
          { sku: `${sku}-M`, optionValues: ['M'], price, stock, weightGrams: 400 },
          { sku: `${sku}-L`, optionValues: ['L'], price, stock, weightGrams: 700 },
        ],
        publish: true,
      },
    });
    expect(createProduct.userErrors).toEqual([]);
    return createProduct.product!;
  };

  const order = (buyer: Actor, overrides: Partial<PlaceOrderMutationVariables['input']> = {}, key = `key-${Math.random().toString(36).slice(2)}`) =>
    buyer.client.request(PlaceOrderDocument, {
      input: { lines: [{ variantId: variantM, quantity: 1 }], paymentMethod: 'E_WALLET', idempotencyKey: key, ...overrides },
    });

  beforeAll(async () => {
    server = await startTestServer();
    categories = await seedCategories(server);
    shop = await openShop(server, 'Dewi Hijab', 'dewi-hijab');
    otherShop = await openShop(server, 'Toko Lain', 'toko-lain');
    const p = await product(shop, 'GMS', 10);
    productId = p.id;
    variantM = p.variants[0]!.id;
    variantL = p.variants[1]!.id;
    siti = await signUpBuyer(server, 'Siti Rahma');
    await siti.client.data(AddAddressDocument, { input: { ...jakartaAddress, recipientName: 'Siti Rahma' } });
  });
  afterAll(() => server?.stop());

  it('places an order: line snapshots, totals in IDR, shipping by weight, stock taken, timeline started', async () => {
    const response = await order(siti, {
      lines: [
        { variantId: variantM, quantity: 2 },
        { variantId: variantL, quantity: 1 },
      ],
      buyerMessage: 'Tolong dibungkus rapi ya kak',
    });
    const placed = response.data!.placeOrder;
    expect(placed.userErrors).toEqual([]);
    expect(placed.order).toMatchObject({
      status: 'UNPAID',
      paymentStatus: 'UNPAID',
      paymentMethod: 'E_WALLET',
      sourceType: 'SHOP',
      itemCount: 3,
      buyerMessage: 'Tolong dibungkus rapi ya kak',
      subtotal: { amount: '450000.00', currencyCode: 'IDR' },
      // 2 × 400 g + 700 g = 1.5 kg → first kg Rp10.000 + one more started kg Rp5.000
      shippingFee: { amount: '15000.00' },
      discount: { amount: '0.00' },
      total: { amount: '465000.00' },
      shippingAddress: { recipientName: 'Siti Rahma', phone: '+6281234567890', postalCode: '12730' },
      shop: { name: 'Dewi Hijab' },
      timeline: [{ fromStatus: null, toStatus: 'UNPAID', actor: 'BUYER', reason: null }],
    });
    expect(placed.order!.orderNumber).toMatch(/^KL\d{6}[A-Z2-9]{8}$/);
    expect(placed.order!.lines.map((l) => [l.sku, l.variantTitle, l.quantity, l.unitPrice.amount, l.lineTotal.amount])).toEqual([
      ['GMS-M', 'M', 2, '150000.00', '300000.00'],
      ['GMS-L', 'L', 1, '150000.00', '150000.00'],
    ]);
    expect(new Date(placed.order!.paymentDueAt!).getTime() - server.clock.now().getTime()).toBe(60 * 60_000);
    const { product: after } = await siti.client.data(ProductDocument, { id: productId });
    expect(after!.variants.map((v) => v.stock)).toEqual([8, 9]);
    expect(after!.soldCount).toBe(3);
  });

  it('keeps the price at purchase when the seller changes it later', async () => {
    const placed = (await order(siti)).data!.placeOrder.order!;
    const { product: p } = await shop.owner.client.data(ProductDocument, { id: productId });
    await shop.owner.client.data(UpdateProductDocument, {
      input: {
        productId,
        expectedVersion: p!.version,
        variants: p!.variants.map((v) => ({ variantId: v.id, sku: v.sku, optionValues: [v.title], price: '175000', weightGrams: v.weightGrams })),
      },
    });
    const { order: again } = await siti.client.data(OrderDocument, { id: placed.id });
    expect(again!.lines[0]!.unitPrice.amount).toBe('150000.00');
  });

  it('refuses what is out of stock, unavailable, from two shops or without an address, and writes nothing', async () => {
    const tooMany = await order(siti, { lines: [{ variantId: variantM, quantity: 99 }] });
    expect(tooMany.data!.placeOrder.userErrors.map((e) => [e.code, e.field])).toEqual([['OUT_OF_STOCK', ['input', 'lines', '0', 'quantity']]]);
    // Two lines: only the short one is named, whichever of them it is.
    const shortL = await order(siti, { lines: [{ variantId: variantM, quantity: 1 }, { variantId: variantL, quantity: 99 }] });
    expect(shortL.data!.placeOrder.userErrors.map((e) => [e.code, e.field])).toEqual([['OUT_OF_STOCK', ['input', 'lines', '1', 'quantity']]]);
    const shortM = await order(siti, { lines: [{ variantId: variantL, quantity: 1 }, { variantId: variantM, quantity: 99 }] });
    expect(shortM.data!.placeOrder.userErrors.map((e) => [e.code, e.field])).toEqual([['OUT_OF_STOCK', ['input', 'lines', '1', 'quantity']]]);

    const other = await product(otherShop, 'OTH', 5);
    const twoShops = await order(siti, { lines: [{ variantId: variantM, quantity: 1 }, { variantId: other.variants[0]!.id, quantity: 1 }] });
    expect(twoShops.data!.placeOrder.userErrors.map((e) => e.code)).toEqual(['MULTIPLE_SHOPS']);

    const draft = await shop.owner.client.data(CreateProductDocument, {
      input: {
        shopId: shop.shopId,
        title: 'Draft gamis belum rilis',
        description: 'Belum dijual, masih menunggu foto produk yang bagus.',
        categoryId: categories['gamis']!,
        imageUrls: ['https://cdn.example.com/draft.jpg'],
        variants: [{ sku: 'DRAFT-1', optionValues: [], price: '100000', stock: 5, weightGrams: 300 }],
        publish: false,
      },
    });
    const unavailable = await order(siti, { lines: [{ variantId: draft.createProduct.product!.variants[0]!.id, quantity: 1 }] });
    expect(unavailable.data!.placeOrder.userErrors.map((e) => [e.code, e.field])).toEqual([['PRODUCT_UNAVAILABLE', ['input', 'lines', '0', 'variantId']]]);

    const homeless = await signUpBuyer(server, 'Tanpa Alamat');
    const noAddress = await order(homeless);
    expect(noAddress.data!.placeOrder.userErrors.map((e) => e.code)).toEqual(['ADDRESS_REQUIRED']);
    const inline = await order(homeless, { shippingAddress: { ...jakartaAddress, city: 'Depok' } });
    expect(inline.data!.placeOrder.order?.shippingAddress.city).toBe('Depok');

    const { product: p } = await siti.client.data(ProductDocument, { id: productId });
    expect(p!.variants[0]!.stock).toBe(6);
  });

  it('refuses control characters in text (PostgreSQL cannot store NUL) with INVALID_INPUT, not a server error', async () => {
    const response = await order(siti, { buyerMessage: 'Tolong\u0000 dibungkus' });
    expect(response.errors).toBeUndefined();
    expect(response.data!.placeOrder.userErrors.map((e) => [e.code, e.field])).toEqual([['INVALID_INPUT', ['input', 'buyerMessage']]]);
  });

  it('replays a retried idempotency key and refuses the key with other input', async () => {
    const first = await order(siti, {}, 'checkout-retry-001');
    const retry = await order(siti, {}, 'checkout-retry-001');
    expect(retry.data!.placeOrder).toMatchObject({ replayed: true, order: { id: first.data!.placeOrder.order!.id } });
    const reused = await order(siti, { lines: [{ variantId: variantM, quantity: 2 }] }, 'checkout-retry-001');
    expect(reused.data!.placeOrder.userErrors.map((e) => e.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
  });

  it('skips UNPAID for cash on delivery, with a free-cancellation window', async () => {
    const { placeOrder } = (await order(siti, { paymentMethod: 'COD' })).data!;
    expect(placeOrder.order).toMatchObject({ status: 'ON_HOLD', paymentStatus: 'UNPAID', paymentDueAt: null });
    expect(placeOrder.order!.cancelFreeUntil).not.toBeNull();
  });

  it('lets the buyer cancel with a reason, returns the stock, and refuses a second cancellation', async () => {
    const { product: before } = await siti.client.data(ProductDocument, { id: productId });
    const placed = (await order(siti, { lines: [{ variantId: variantM, quantity: 2 }] })).data!.placeOrder.order!;
    const { cancelOrder } = await siti.client.data(CancelOrderDocument, { input: { orderId: placed.id, reason: 'Ingin mengubah alamat' } });
    expect(cancelOrder.order).toMatchObject({
      status: 'CANCELLED',
      cancelReason: 'Ingin mengubah alamat',
      timeline: [
        { fromStatus: null, toStatus: 'UNPAID' },
        { fromStatus: 'UNPAID', toStatus: 'CANCELLED', actor: 'BUYER', reason: 'Ingin mengubah alamat' },
      ],
    });
    const { product: after } = await siti.client.data(ProductDocument, { id: productId });
    expect(after!.variants[0]!.stock).toBe(before!.variants[0]!.stock);
    const again = await siti.client.data(CancelOrderDocument, { input: { orderId: placed.id, reason: 'lagi' } });
    expect(again.cancelOrder.userErrors.map((e) => e.code)).toEqual(['INVALID_TRANSITION']);
    expect(again.cancelOrder.userErrors[0]!.message).toMatch(/CANCELLED.*CANCELLED/);
  });

  it('ends the free cancellation window of a cash-on-delivery order', async () => {
    const placed = (await order(siti, { paymentMethod: 'COD' })).data!.placeOrder.order!;
    server.clock.advance(61 * 60_000);
    const late = await siti.client.data(CancelOrderDocument, { input: { orderId: placed.id, reason: 'Berubah pikiran' } });
    expect(late.cancelOrder.userErrors.map((e) => e.code)).toEqual(['INVALID_TRANSITION']);
  });

  it('shows an order to its buyer and its shop only', async () => {
    const placed = (await order(siti)).data!.placeOrder.order!;
    const andi = await signUpBuyer(server, 'Andi');
    expect((await andi.client.data(OrderDocument, { id: placed.id })).order).toBeNull();
    expect((await otherShop.owner.client.data(OrderDocument, { id: placed.id })).order).toBeNull();
    expect((await shop.owner.client.data(OrderDocument, { id: placed.id })).order?.id).toBe(placed.id);
    const cancel = await andi.client.data(CancelOrderDocument, { input: { orderId: placed.id, reason: 'bukan punyaku' } });
    expect(cancel.cancelOrder.userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);
  });

  it('fills the order-center tabs and their counts', async () => {
    const { viewer } = await siti.client.data(OrderCenterDocument, { tab: 'UNPAID', first: 50 });
    expect(viewer!.orders.edges.every((e) => e.node.status === 'UNPAID')).toBe(true);
    const counts = viewer!.orderCounts;
    expect(counts.unpaid).toBe(viewer!.orders.totalCount);
    expect(counts.all).toBe(counts.unpaid + counts.toShip + counts.shipped + counts.toReview + counts.cancelled);
    expect(counts.cancelled).toBe(1);
    expect(counts.toShip).toBe(2);
    const cancelled = await siti.client.data(OrderCenterDocument, { tab: 'CANCELLED' });
    expect(cancelled.viewer!.orders.edges.map((e) => e.node.status)).toEqual(['CANCELLED']);
  });

  it('needs a login to buy', async () => {
    const response = await server.client.request(PlaceOrderDocument, { input: { lines: [{ variantId: variantM, quantity: 1 }], paymentMethod: 'COD', idempotencyKey: 'anon-0001' } });
    expect(codes(response.errors)).toEqual(['UNAUTHENTICATED']);
  });
});

describeStore('checkout under concurrency', () => {
  let server: TestServer;
  let categories: Record<string, string>;
  beforeAll(async () => {
    server = await startTestServer();
    categories = await seedCategories(server);
  });
  afterAll(() => server?.stop());

  it('never oversells: stock 10, 200 concurrent orders of 1 from distinct buyers → 10 orders, 190 OUT_OF_STOCK, stock 0', async () => {
    const shop = await openShop(server, 'Flash Sale', 'flash-sale');
    const { createProduct } = await shop.owner.client.data(CreateProductDocument, {
      input: {
        shopId: shop.shopId,
        title: 'Hijab Voal Flash Sale',
        description: 'Hijab voal premium, stok terbatas hanya untuk flash sale malam ini.',
        categoryId: categories['hijab']!,
        imageUrls: ['https://cdn.example.com/flash.jpg'],
        variants: [{ sku: 'FLASH-1', optionValues: [], price: '45000', stock: 10, weightGrams: 100 }],
        publish: true,
      },
    });
    const variantId = createProduct.product!.variants[0]!.id;
    const buyers = await Promise.all(Array.from({ length: 200 }, (_, i) => signUpBuyer(server, `Pembeli ${i}`)));
    const results = await Promise.all(
      buyers.map((buyer, i) =>
        buyer.client.request(PlaceOrderDocument, {
          input: { lines: [{ variantId, quantity: 1 }], paymentMethod: 'E_WALLET', idempotencyKey: `flash-${i}-key`, shippingAddress: jakartaAddress },
        }),
      ),
    );
    expect(results.every((r) => r.status === 200 && !r.errors)).toBe(true);
    const placed = results.filter((r) => r.data!.placeOrder.order);
    const refused = results.filter((r) => r.data!.placeOrder.userErrors.length > 0);
    expect(placed).toHaveLength(10);
    expect(refused).toHaveLength(190);
    expect(new Set(refused.map((r) => r.data!.placeOrder.userErrors[0]!.code))).toEqual(new Set(['OUT_OF_STOCK']));
    const { product } = await shop.owner.client.data(ProductDocument, { id: createProduct.product!.id });
    expect(product!.variants[0]!.stock).toBe(0);
    expect(product!.soldCount).toBe(10);
    // The refused orders wrote nothing (on PostgreSQL each of these orders is one statement without a transaction).
    const count = async (sql: string, params: unknown[]) => Number((await server.app.orm.em.fork().getConnection().execute<{ n: number | string }[]>(sql, params))[0]!.n);
    const shopId = decodeIdOf('Shop', shop.shopId)!;
    const variantDbId = decodeIdOf('ProductVariant', variantId)!;
    expect(await count('select count(*) as n from shop_order where shop_id = ?', [shopId])).toBe(10);
    expect(await count('select count(*) as n from order_line where variant_id = ?', [variantDbId])).toBe(10);
    expect(await count("select count(*) as n from order_event e join shop_order o on o.id = e.order_id where o.shop_id = ? and e.kind = 'PLACED'", [shopId])).toBe(10);
    expect(await count("select count(*) as n from outbox_event where type = 'ORDER_PLACED' and topic = ?", [`SHOP:${shopId}`])).toBe(10);
    expect(await count("select count(*) as n from idempotency_record where key like 'flash-%-key'", [])).toBe(10);
  });

  it('answers NOT_FOUND for a variant id beyond any table, without failing the checkouts that share its read', async () => {
    const shop = await openShop(server, 'Toko Angka', 'toko-angka');
    const { variantId } = await listPlainProduct(shop, categories, 'ANGKA-1', '45000', 100);
    const [honest, forger] = await Promise.all([signUpBuyer(server, 'Pembeli Jujur'), signUpBuyer(server, 'Pembeli Iseng')]);
    const order = (buyer: Actor, id: string, key: string) =>
      buyer.client.request(PlaceOrderDocument, { input: { lines: [{ variantId: id, quantity: 1 }], paymentMethod: 'E_WALLET', idempotencyKey: key, shippingAddress: jakartaAddress } });
    const [placed, forged] = await Promise.all([order(honest, variantId, 'angka-honest-1'), order(forger, toGlobalId('ProductVariant', 3_000_000_000), 'angka-forged-1')]);
    expect(placed.errors).toBeUndefined();
    expect(placed.data!.placeOrder.order).not.toBeNull();
    expect(forged.errors).toBeUndefined();
    expect(forged.data!.placeOrder.userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);
  });

  it('takes two-line orders racing in opposite line orders without deadlock or oversell, naming only the short line', async () => {
    const shop = await openShop(server, 'Dua Baris', 'dua-baris');
    const { createProduct } = await shop.owner.client.data(CreateProductDocument, {
      input: {
        shopId: shop.shopId,
        title: 'Set Mukena Dua Warna',
        description: 'Mukena katun rayon dua warna, stok sangat terbatas untuk uji balapan.',
        categoryId: categories['hijab']!,
        imageUrls: ['https://cdn.example.com/mukena.jpg'],
        options: [{ name: 'Warna', values: ['Putih', 'Hitam'] }],
        variants: [
          { sku: 'DUA-P', optionValues: ['Putih'], price: '90000', stock: 5, weightGrams: 300 },
          { sku: 'DUA-H', optionValues: ['Hitam'], price: '90000', stock: 40, weightGrams: 300 },
        ],
        publish: true,
      },
    });
    const [white, black] = createProduct.product!.variants.map((v) => v.id) as [string, string];
    const buyers = await Promise.all(Array.from({ length: 30 }, (_, i) => signUpBuyer(server, `Balap ${i}`)));
    const results = await Promise.all(
      buyers.map((buyer, i) =>
        buyer.client.request(PlaceOrderDocument, {
          input: {
            lines: i % 2 === 0 ? [{ variantId: white, quantity: 1 }, { variantId: black, quantity: 1 }] : [{ variantId: black, quantity: 1 }, { variantId: white, quantity: 1 }],
            paymentMethod: 'E_WALLET',
            idempotencyKey: `two-lines-${i}-key`,
            shippingAddress: jakartaAddress,
          },
        }),
      ),
    );
    expect(results.every((r) => r.status === 200 && !r.errors)).toBe(true);
    const refused = results.flatMap((r, i) => (r.data!.placeOrder.order ? [] : [{ i, errors: r.data!.placeOrder.userErrors.map((e) => [e.code, e.field!.join('.')]) }]));
    expect(results.length - refused.length).toBe(5);
    // The white line is short: line 0 of even buyers' orders, line 1 of odd buyers'.
    for (const { i, errors } of refused) expect(errors).toEqual([['OUT_OF_STOCK', `input.lines.${i % 2 === 0 ? 0 : 1}.quantity`]]);
    const { product } = await shop.owner.client.data(ProductDocument, { id: createProduct.product!.id });
    expect(product!.variants.map((v) => v.stock)).toEqual([0, 35]);
    expect(product!.soldCount).toBe(10);
  });

  it('turns the same idempotency key sent 50 times at once into one order; the rest replay it', async () => {
    const shop = await openShop(server, 'Satu Kunci', 'satu-kunci');
    const { createProduct } = await shop.owner.client.data(CreateProductDocument, {
      input: {
        shopId: shop.shopId,
        title: 'Kerudung Instan Satu Kunci',
        description: 'Kerudung instan bahan jersey, nyaman dipakai seharian tanpa peniti.',
        categoryId: categories['hijab']!,
        imageUrls: ['https://cdn.example.com/kerudung.jpg'],
        variants: [{ sku: 'KEY-1', optionValues: [], price: '35000', stock: 100, weightGrams: 150 }],
        publish: true,
      },
    });
    const variantId = createProduct.product!.variants[0]!.id;
    const buyer = await signUpBuyer(server, 'Satu Kunci');
    const input = { lines: [{ variantId, quantity: 1 }], paymentMethod: 'E_WALLET' as const, shippingAddress: jakartaAddress, idempotencyKey: 'one-key-fifty-times' };
    const results = await Promise.all(Array.from({ length: 50 }, () => buyer.client.request(PlaceOrderDocument, { input })));
    expect(results.every((r) => r.status === 200 && !r.errors && r.data!.placeOrder.userErrors.length === 0)).toBe(true);
    expect(new Set(results.map((r) => r.data!.placeOrder.order!.id)).size).toBe(1);
    expect(results.filter((r) => r.data!.placeOrder.replayed === false)).toHaveLength(1);
    const { product } = await shop.owner.client.data(ProductDocument, { id: createProduct.product!.id });
    expect(product!.variants[0]!.stock).toBe(99);
  });
});
