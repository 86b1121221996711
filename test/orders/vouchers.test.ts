import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  CancelOrderAsSellerDocument,
  CancelOrderDocument,
  ConfirmOrderDocument,
  CreateProductDocument,
  CreateVoucherDocument,
  EndVoucherDocument,
  OrderDocument,
  PlaceOrderDocument,
  ProductDocument,
  ProductsWithVouchersDocument,
  ShopVouchersDocument,
  VoucherNodeDocument,
  type CreateVoucherMutationVariables,
  type PlaceOrderMutationVariables,
} from '../generated/graphql';
import { signUpBuyer, type Actor } from '../support/actors';
import { codes } from '../support/client';
import { jakartaAddress } from '../support/fixtures';
import { describeStore, startTestServer, type TestServer } from '../support/server';
import { openShop, seedCategories, type OpenShop } from '../support/shops';

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;

/** Shared steps: products, vouchers and orders through the API. */
function voucherSteps(get: () => { server: TestServer; categories: Record<string, string> }) {
  const product = async (shop: OpenShop, sku: string, price = '150000', stock = 1000) => {
    const { createProduct } = await shop.owner.client.data(CreateProductDocument, {
      input: {
        shopId: shop.shopId,
        title: `Tunik Linen ${sku}`,
        description: 'Tunik linen premium, adem dan jatuh, cocok untuk kerja dan santai.',
        categoryId: get().categories['gamis']!,
        imageUrls: [`https://cdn.example.com/${sku}.jpg`],
        variants: [{ sku, optionValues: [], price, stock, weightGrams: 400 }],
        publish: true,
      },
    });
    expect(createProduct.userErrors).toEqual([]);
    return { id: createProduct.product!.id, variantId: createProduct.product!.variants[0]!.id };
  };

  const createVoucher = (shop: OpenShop, overrides: Partial<CreateVoucherMutationVariables['input']> = {}, as: Actor = shop.owner) =>
    as.client.data(CreateVoucherDocument, {
      input: {
        shopId: shop.shopId,
        code: `V${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
        type: 'PERCENT',
        percentOff: 10,
        usageLimit: 100,
        validUntil: new Date(get().server.clock.now().getTime() + 7 * DAY).toISOString(),
        ...overrides,
      },
    }).then((r) => r.createVoucher);

  const voucher = async (shop: OpenShop, overrides: Partial<CreateVoucherMutationVariables['input']> = {}) => {
    const created = await createVoucher(shop, overrides);
    expect(created.userErrors).toEqual([]);
    return created.voucher!;
  };

  const order = (buyer: Actor, variantId: string, voucherCode: string | null, overrides: Partial<PlaceOrderMutationVariables['input']> = {}) =>
    buyer.client.request(PlaceOrderDocument, {
      input: {
        lines: [{ variantId, quantity: 1 }],
        paymentMethod: 'E_WALLET',
        shippingAddress: jakartaAddress,
        voucherCode,
        idempotencyKey: `voucher-${Math.random().toString(36).slice(2)}`,
        ...overrides,
      },
    });

  const placed = async (buyer: Actor, variantId: string, voucherCode: string | null, overrides: Partial<PlaceOrderMutationVariables['input']> = {}) => {
    const { placeOrder } = (await order(buyer, variantId, voucherCode, overrides)).data!;
    expect(placeOrder.userErrors).toEqual([]);
    return placeOrder.order!;
  };

  const refusal = async (buyer: Actor, variantId: string, voucherCode: string, overrides: Partial<PlaceOrderMutationVariables['input']> = {}) => {
    const { placeOrder } = (await order(buyer, variantId, voucherCode, overrides)).data!;
    expect(placeOrder.order).toBeNull();
    return placeOrder.userErrors.map((e) => [e.code, e.field]);
  };

  /** The shop's voucher as its owner sees it. */
  const asSeller = async (shop: OpenShop, code: string) => {
    const { shop: found } = await shop.owner.client.data(ShopVouchersDocument, { shopId: shop.shopId, first: 100 });
    return found!.vouchers!.edges.map((e) => e.node).find((v) => v.code === code)!;
  };

  return { product, createVoucher, voucher, order, placed, refusal, asSeller };
}

describeStore('shop vouchers', () => {
  let server: TestServer;
  let categories: Record<string, string>;
  let shop: OpenShop;
  let otherShop: OpenShop;
  let siti: Actor;
  let andi: Actor;
  let item: { id: string; variantId: string };
  const steps = voucherSteps(() => ({ server, categories }));
  const { createVoucher, voucher, placed, refusal, asSeller } = steps;
  const stock = async () => (await shop.owner.client.data(ProductDocument, { id: item.id })).product!.variants[0]!.stock;

  beforeAll(async () => {
    server = await startTestServer();
    categories = await seedCategories(server);
    shop = await openShop(server, 'Dewi Hijab', 'dewi-hijab');
    otherShop = await openShop(server, 'Toko Lain', 'toko-lain');
    item = await steps.product(shop, 'TNK-1'); // Rp150.000, 400 g → shipping Rp10.000
    siti = await signUpBuyer(server, 'Siti Rahma');
    andi = await signUpBuyer(server, 'Andi');
  });
  afterAll(() => server?.stop());

  it('lets a shop member create a voucher, stored upper case, with its terms', async () => {
    const created = await voucher(shop, {
      code: ' gajian25 ',
      name: 'Promo Gajian',
      percentOff: 25,
      maximumDiscount: '30000',
      minimumSpend: '100000',
      usageLimit: 50,
      perBuyerLimit: 2,
    });
    expect(created).toMatchObject({
      code: 'GAJIAN25',
      name: 'Promo Gajian',
      type: 'PERCENT',
      state: 'ACTIVE',
      percentOff: 25,
      amountOff: null,
      maximumDiscount: { amount: '30000.00' },
      minimumSpend: { amount: '100000.00' },
      usageLimit: 50,
      usedCount: 0,
      remainingUses: 50,
      perBuyerLimit: 2,
      remainingForViewer: 2,
      endedAt: null,
      shop: { id: shop.shopId },
    });
    expect(created.validFrom).toBe(server.clock.now().toISOString());

    const fixed = await voucher(shop, { code: 'POTONG20K', type: 'FIXED', percentOff: null, amountOff: '20000' });
    expect(fixed).toMatchObject({ type: 'FIXED', amountOff: { amount: '20000.00', currencyCode: 'IDR' }, percentOff: null, minimumSpend: { amount: '0.00' }, perBuyerLimit: 1 });
  });

  it('refuses a code the shop has already, in any letter case', async () => {
    await voucher(shop, { code: 'HEMAT10' });
    const again = await createVoucher(shop, { code: 'Hemat10' });
    expect(again.userErrors.map((e) => [e.code, e.field])).toEqual([['VOUCHER_CODE_TAKEN', ['input', 'code']]]);
    // Another shop may use the same code.
    expect((await createVoucher(otherShop, { code: 'HEMAT10' })).userErrors).toEqual([]);
  });

  it('reports every invalid field at once and creates nothing', async () => {
    const now = server.clock.now().getTime();
    const bad = await createVoucher(shop, {
      code: 'no!',
      name: 'x'.repeat(101),
      percentOff: 0,
      amountOff: '5000',
      minimumSpend: 'lots',
      maximumDiscount: '-1',
      usageLimit: 0,
      perBuyerLimit: 101,
      validUntil: new Date(now - HOUR).toISOString(),
    });
    expect(bad.voucher).toBeNull();
    expect(bad.userErrors.map((e) => `${e.code} ${e.field!.join('.')}`).sort()).toEqual(
      [
        'INVALID_INPUT input.code',
        'INVALID_INPUT input.name',
        'INVALID_INPUT input.percentOff',
        'INVALID_INPUT input.amountOff',
        'INVALID_INPUT input.minimumSpend',
        'INVALID_INPUT input.maximumDiscount',
        'INVALID_INPUT input.usageLimit',
        'INVALID_INPUT input.perBuyerLimit',
        'INVALID_INPUT input.validUntil',
      ].sort(),
    );
    const fixed = await createVoucher(shop, { type: 'FIXED', percentOff: 10, amountOff: null, maximumDiscount: '1000', usageLimit: 3, perBuyerLimit: 4 });
    expect(fixed.userErrors.map((e) => e.field!.join('.')).sort()).toEqual(['input.amountOff', 'input.maximumDiscount', 'input.perBuyerLimit', 'input.percentOff']);
    const tooLong = await createVoucher(shop, { validUntil: new Date(now + 181 * DAY).toISOString() });
    expect(tooLong.userErrors.map((e) => [e.code, e.field])).toEqual([['INVALID_INPUT', ['input', 'validUntil']]]);
  });

  it('lets only members of an approved shop create vouchers', async () => {
    expect((await createVoucher(shop, {}, andi)).userErrors.map((e) => [e.code, e.field])).toEqual([['FORBIDDEN', ['input', 'shopId']]]);
    expect((await createVoucher(shop, {}, otherShop.owner)).userErrors.map((e) => e.code)).toEqual(['FORBIDDEN']);
    const pending = await openShop(server, 'Belum Disetujui', 'belum-disetujui', undefined, false);
    expect((await createVoucher(pending)).userErrors.map((e) => e.code)).toEqual(['SHOP_NOT_APPROVED']);
    const anonymous = await server.client.request(CreateVoucherDocument, {
      input: { shopId: shop.shopId, code: 'ANON1', type: 'PERCENT', percentOff: 5, usageLimit: 1, validUntil: new Date(server.clock.now().getTime() + DAY).toISOString() },
    });
    expect(codes(anonymous.errors)).toEqual(['UNAUTHENTICATED']);
  });

  it('takes a percentage off the subtotal, rounded down to the sen and capped by the maximum discount', async () => {
    const capped = await voucher(shop, { percentOff: 25, maximumDiscount: '30000' });
    // 3 × Rp150.000 = Rp450.000; 25% = Rp112.500, capped at Rp30.000. 1.2 kg → shipping Rp15.000.
    const big = await placed(siti, item.variantId, capped.code.toLowerCase(), { lines: [{ variantId: item.variantId, quantity: 3 }] });
    expect(big).toMatchObject({ voucherCode: capped.code, subtotal: { amount: '450000.00' }, shippingFee: { amount: '15000.00' }, discount: { amount: '30000.00' }, total: { amount: '435000.00' } });

    const odd = await steps.product(shop, 'TNK-ODD', '12345.67');
    const fifteen = await voucher(shop, { percentOff: 15 });
    // 15% of Rp12.345,67 = Rp1.851,8505 → Rp1.851,85
    const rounded = await placed(siti, odd.variantId, fifteen.code);
    expect(rounded).toMatchObject({ subtotal: { amount: '12345.67' }, discount: { amount: '1851.85' }, total: { amount: '20493.82' } });
  });

  it('takes a fixed amount off, never more than the subtotal, once the minimum spend is met', async () => {
    const fixed = await voucher(shop, { type: 'FIXED', percentOff: null, amountOff: '20000', minimumSpend: '150000' });
    const order = await placed(siti, item.variantId, fixed.code);
    expect(order).toMatchObject({ discount: { amount: '20000.00' }, total: { amount: '140000.00' } });

    const huge = await voucher(shop, { type: 'FIXED', percentOff: null, amountOff: '500000' });
    const free = await placed(siti, item.variantId, huge.code);
    expect(free).toMatchObject({ subtotal: { amount: '150000.00' }, discount: { amount: '150000.00' }, total: { amount: '10000.00' } });

    const high = await voucher(shop, { type: 'FIXED', percentOff: null, amountOff: '20000', minimumSpend: '150000.01' });
    const before = await stock();
    expect(await refusal(siti, item.variantId, high.code)).toEqual([['VOUCHER_MINIMUM_NOT_MET', ['input', 'voucherCode']]]);
    expect(await stock()).toBe(before);
    expect((await asSeller(shop, high.code)).usedCount).toBe(0);
  });

  it('refuses unknown, other-shop, not-started, ended and expired vouchers', async () => {
    expect(await refusal(siti, item.variantId, 'TIDAKADA')).toEqual([['VOUCHER_NOT_FOUND', ['input', 'voucherCode']]]);
    expect(await refusal(siti, item.variantId, 'no such code!')).toEqual([['VOUCHER_NOT_FOUND', ['input', 'voucherCode']]]);
    const elsewhere = await voucher(otherShop, { code: 'TOKOLAIN' });
    expect(await refusal(siti, item.variantId, elsewhere.code)).toEqual([['VOUCHER_NOT_FOUND', ['input', 'voucherCode']]]);

    const later = await voucher(shop, { validFrom: new Date(server.clock.now().getTime() + DAY).toISOString() });
    expect(later.state).toBe('UPCOMING');
    expect(await refusal(siti, item.variantId, later.code)).toEqual([['VOUCHER_NOT_STARTED', ['input', 'voucherCode']]]);

    const ended = await voucher(shop);
    const { endVoucher } = await shop.owner.client.data(EndVoucherDocument, { input: { voucherId: ended.id } });
    expect(endVoucher.voucher).toMatchObject({ state: 'EXPIRED', endedAt: server.clock.now().toISOString(), validUntil: server.clock.now().toISOString() });
    expect(await refusal(siti, item.variantId, ended.code)).toEqual([['VOUCHER_EXPIRED', ['input', 'voucherCode']]]);

    const short = await voucher(shop, { validUntil: new Date(server.clock.now().getTime() + HOUR).toISOString() });
    server.clock.advance(HOUR);
    expect(await refusal(siti, item.variantId, short.code)).toEqual([['VOUCHER_EXPIRED', ['input', 'voucherCode']]]);
  });

  it('refuses a used-up voucher and a buyer over the per-buyer limit, rolling back the stock', async () => {
    const once = await voucher(shop, { usageLimit: 1 });
    await placed(andi, item.variantId, once.code);
    const before = await stock();
    expect(await refusal(siti, item.variantId, once.code)).toEqual([['VOUCHER_USED_UP', ['input', 'voucherCode']]]);
    expect(await stock()).toBe(before);

    const twice = await voucher(shop, { perBuyerLimit: 2 });
    await placed(siti, item.variantId, twice.code);
    await placed(siti, item.variantId, twice.code);
    expect(await refusal(siti, item.variantId, twice.code)).toEqual([['VOUCHER_LIMIT_REACHED', ['input', 'voucherCode']]]);
    expect(await stock()).toBe(before - 2);
    expect(await asSeller(shop, twice.code)).toMatchObject({ usedCount: 2, remainingUses: 98 });
    // Others still may.
    await placed(andi, item.variantId, twice.code);
  });

  it('lets the seller end a voucher once; others may not', async () => {
    const v = await voucher(shop);
    const stranger = await andi.client.data(EndVoucherDocument, { input: { voucherId: v.id } });
    expect(stranger.endVoucher.userErrors.map((e) => [e.code, e.field])).toEqual([['FORBIDDEN', ['input', 'voucherId']]]);
    const later = await voucher(shop, { validFrom: new Date(server.clock.now().getTime() + DAY).toISOString() });
    expect((await andi.client.data(EndVoucherDocument, { input: { voucherId: later.id } })).endVoucher.userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);
    expect((await shop.owner.client.data(EndVoucherDocument, { input: { voucherId: later.id } })).endVoucher.voucher!.state).toBe('EXPIRED');
    expect((await shop.owner.client.data(EndVoucherDocument, { input: { voucherId: v.id } })).endVoucher.userErrors).toEqual([]);
    const again = await shop.owner.client.data(EndVoucherDocument, { input: { voucherId: v.id } });
    expect(again.endVoucher.userErrors.map((e) => e.code)).toEqual(['INVALID_TRANSITION']);
  });

  it('lists vouchers by state for members, newest first, and only claimable ones for buyers', async () => {
    const upcoming = await voucher(shop, { validFrom: new Date(server.clock.now().getTime() + DAY).toISOString() });
    const active = await voucher(shop);
    const { shop: mine } = await shop.owner.client.data(ShopVouchersDocument, { shopId: shop.shopId, first: 100 });
    const all = mine!.vouchers!.edges.map((e) => e.node);
    expect(all.slice(0, 2).map((v) => v.code)).toEqual([active.code, upcoming.code]);
    for (const state of ['UPCOMING', 'ACTIVE', 'EXPIRED'] as const) {
      const { shop: filtered } = await shop.owner.client.data(ShopVouchersDocument, { shopId: shop.shopId, state, first: 100 });
      const listed = filtered!.vouchers!.edges.map((e) => e.node);
      expect(listed.every((v) => v.state === state)).toBe(true);
      expect(listed).toHaveLength(all.filter((v) => v.state === state).length);
      expect(filtered!.vouchers!.totalCount).toBe(listed.length);
    }
    const page = await shop.owner.client.data(ShopVouchersDocument, { shopId: shop.shopId, first: 2 });
    const next = await shop.owner.client.data(ShopVouchersDocument, { shopId: shop.shopId, first: 2, after: page.shop!.vouchers!.pageInfo.endCursor });
    expect(next.shop!.vouchers!.edges[0]!.node.code).toBe(all[2]!.code);

    const { shop: public_ } = await siti.client.data(ShopVouchersDocument, { shopId: shop.shopId });
    expect(public_!.vouchers).toBeNull();
    const claimable = public_!.claimableVouchers.map((v) => v.code);
    expect(claimable).toContain(active.code);
    expect(claimable).not.toContain(upcoming.code);
    // Used up in total, or by Siti up to her limit (the per-buyer test above): not claimable for her.
    for (const v of all.filter((v) => v.remainingUses === 0)) expect(claimable).not.toContain(v.code);
    expect(public_!.claimableVouchers.every((v) => v.remainingForViewer! > 0)).toBe(true);
    expect(all.find((v) => v.state === 'ACTIVE' && v.perBuyerLimit === 2 && v.usedCount === 3)).toBeDefined();
    expect(claimable.filter((c) => all.find((v) => v.code === c && v.perBuyerLimit === 2 && v.usedCount === 3))).toEqual([]);

    expect((await siti.client.data(VoucherNodeDocument, { id: active.id })).node).toMatchObject({ code: active.code, state: 'ACTIVE' });
    expect((await siti.client.data(VoucherNodeDocument, { id: upcoming.id })).node).toBeNull();
    expect((await shop.owner.client.data(VoucherNodeDocument, { id: upcoming.id })).node).toMatchObject({ state: 'UPCOMING' });
  });

  it('gives the use back when the buyer, the seller or the payment deadline cancels the order', async () => {
    const v = await voucher(shop, { usageLimit: 3, perBuyerLimit: 3 });
    const claimableForSiti = async () => (await siti.client.data(ShopVouchersDocument, { shopId: shop.shopId })).shop!.claimableVouchers.find((c) => c.code === v.code);
    const byBuyer = await placed(siti, item.variantId, v.code);
    const bySeller = await placed(siti, item.variantId, v.code, { paymentMethod: 'COD' });
    const bySweeper = await placed(siti, item.variantId, v.code);
    expect(await asSeller(shop, v.code)).toMatchObject({ usedCount: 3, remainingUses: 0 });
    expect(await claimableForSiti()).toBeUndefined();
    expect(await refusal(andi, item.variantId, v.code)).toEqual([['VOUCHER_USED_UP', ['input', 'voucherCode']]]);

    await siti.client.data(CancelOrderDocument, { input: { orderId: byBuyer.id, reason: 'Salah ukuran' } });
    expect(await asSeller(shop, v.code)).toMatchObject({ usedCount: 2 });
    expect(await claimableForSiti()).toMatchObject({ remainingForViewer: 1 });

    expect((await shop.owner.client.data(ConfirmOrderDocument, { input: { orderId: bySeller.id } })).confirmOrder.userErrors).toEqual([]);
    const { cancelOrderAsSeller } = await shop.owner.client.data(CancelOrderAsSellerDocument, { input: { orderId: bySeller.id, reason: 'Stok habis' } });
    expect(cancelOrderAsSeller.order!.status).toBe('CANCELLED');
    expect(await asSeller(shop, v.code)).toMatchObject({ usedCount: 1 });

    server.clock.advance(HOUR + 1);
    expect(await server.jobs.runNow('expire-unpaid-orders')).toBeGreaterThanOrEqual(1);
    expect(await asSeller(shop, v.code)).toMatchObject({ usedCount: 0, remainingUses: 3 });
    expect(await claimableForSiti()).toMatchObject({ remainingForViewer: 3 });
    expect((await siti.client.data(OrderDocument, { id: bySweeper.id })).order).toMatchObject({ status: 'CANCELLED', voucherCode: v.code });
    // The returned uses are usable again.
    await placed(andi, item.variantId, v.code);
  });

  it('replays a retried checkout with its voucher, and refuses the key with another voucher', async () => {
    const v = await voucher(shop);
    const first = await placed(siti, item.variantId, v.code, { idempotencyKey: 'voucher-retry-0001' });
    const retry = (await steps.order(siti, item.variantId, v.code, { idempotencyKey: 'voucher-retry-0001' })).data!.placeOrder;
    expect(retry).toMatchObject({ replayed: true, order: { id: first.id, voucherCode: v.code } });
    expect((await asSeller(shop, v.code)).usedCount).toBe(1);
    const other = (await steps.order(siti, item.variantId, 'HEMAT10', { idempotencyKey: 'voucher-retry-0001' })).data!.placeOrder;
    expect(other.userErrors.map((e) => e.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
  });
});

describeStore('vouchers under concurrency', () => {
  let server: TestServer;
  let categories: Record<string, string>;
  let shop: OpenShop;
  const steps = voucherSteps(() => ({ server, categories }));

  beforeAll(async () => {
    server = await startTestServer();
    categories = await seedCategories(server);
    shop = await openShop(server, 'Promo Serbu', 'promo-serbu');
  });
  afterAll(() => server?.stop());

  it('usage limit 5, 50 distinct buyers at once → exactly 5 discounted orders, 45 VOUCHER_USED_UP, usedCount 5', async () => {
    const item = await steps.product(shop, 'SERBU-1', '100000', 100);
    const v = await steps.voucher(shop, { code: 'SERBU5', usageLimit: 5 });
    const buyers = await Promise.all(Array.from({ length: 50 }, (_, i) => signUpBuyer(server, `Pemburu ${i}`)));
    const results = await Promise.all(buyers.map((buyer) => steps.order(buyer, item.variantId, v.code)));
    expect(results.every((r) => r.status === 200 && !r.errors)).toBe(true);
    const orders = results.map((r) => r.data!.placeOrder.order).filter((o) => o !== null);
    expect(orders).toHaveLength(5);
    expect(orders.every((o) => o.discount.amount === '10000.00' && o.voucherCode === 'SERBU5')).toBe(true);
    const refused = results.flatMap((r) => r.data!.placeOrder.userErrors.map((e) => e.code));
    expect(refused).toEqual(Array(45).fill('VOUCHER_USED_UP'));
    expect(await steps.asSeller(shop, v.code)).toMatchObject({ usedCount: 5, remainingUses: 0 });
    const { product } = await shop.owner.client.data(ProductDocument, { id: item.id });
    expect(product!.variants[0]!.stock).toBe(95);
  });

  it.each([1, 3])('per-buyer limit %i, 50 orders by one buyer at once → exactly that many, the rest VOUCHER_LIMIT_REACHED', async (limit) => {
    const item = await steps.product(shop, `SATU-${limit}`, '100000', 100);
    const v = await steps.voucher(shop, { usageLimit: 100, perBuyerLimit: limit });
    const buyer = await signUpBuyer(server, 'Pembeli Rakus');
    const results = await Promise.all(Array.from({ length: 50 }, () => steps.order(buyer, item.variantId, v.code)));
    expect(results.every((r) => r.status === 200 && !r.errors)).toBe(true);
    expect(results.filter((r) => r.data!.placeOrder.order)).toHaveLength(limit);
    expect(results.flatMap((r) => r.data!.placeOrder.userErrors.map((e) => e.code))).toEqual(Array(50 - limit).fill('VOUCHER_LIMIT_REACHED'));
    expect(await steps.asSeller(shop, v.code)).toMatchObject({ usedCount: limit });
    const { product } = await shop.owner.client.data(ProductDocument, { id: item.id });
    expect(product!.variants[0]!.stock).toBe(100 - limit);
  });
});

describeStore('applicable vouchers on a product list', () => {
  let server: TestServer;
  let categories: Record<string, string>;
  let buyer: Actor;
  const expected = new Map<string, string[]>(); // product id → codes the buyer can use
  const steps = voucherSteps(() => ({ server, categories }));

  beforeAll(async () => {
    server = await startTestServer();
    categories = await seedCategories(server);
    buyer = await signUpBuyer(server, 'Penjelajah');
    for (let s = 0; s < 3; s += 1) {
      const shop = await openShop(server, `Toko Voucher ${s}`, `toko-voucher-${s}`);
      const open = await steps.voucher(shop, { code: `BUKA${s}` });
      const usedByBuyer = await steps.voucher(shop, { code: `SEKALI${s}`, perBuyerLimit: 1 });
      await steps.voucher(shop, { code: `NANTI${s}`, validFrom: new Date(server.clock.now().getTime() + DAY).toISOString() });
      const products = [];
      for (let p = 0; p < 14; p += 1) products.push(await steps.product(shop, `TV${s}-${p}`));
      await steps.placed(buyer, products[0]!.variantId, usedByBuyer.code);
      for (const { id } of products) expected.set(id, [open.code]);
    }
    await server.relay.stop(); // its polling would add statements to the count
  });
  afterAll(() => server?.stop());

  it("shows each product its shop's vouchers the viewer can use, with the same number of SQL statements for 5 and 40 products", async () => {
    const run = (first: number) => buyer.client.data(ProductsWithVouchersDocument, { first });
    await run(5); // warm-up
    const five = await server.countQueries(() => run(5));
    const forty = await server.countQueries(() => run(40));
    expect(forty.result.products.edges).toHaveLength(40);
    for (const { node } of forty.result.products.edges) {
      expect(node.applicableVouchers.map((v) => v.code)).toEqual(expected.get(node.id));
      expect(node.applicableVouchers[0]!.remainingForViewer).toBe(1);
    }
    console.info(`product list with vouchers, SQL statements: N=5 → ${five.queries}, N=40 → ${forty.queries}`);
    expect(forty.queries).toBe(five.queries);

    const anonymous = await server.client.data(ProductsWithVouchersDocument, { first: 40 });
    const codesSeen = new Set(anonymous.products.edges.flatMap((e) => e.node.applicableVouchers.map((v) => v.code)));
    expect(codesSeen).toEqual(new Set(['BUKA0', 'BUKA1', 'BUKA2', 'SEKALI0', 'SEKALI1', 'SEKALI2']));
    expect(anonymous.products.edges.every((e) => e.node.applicableVouchers.every((v) => v.remainingForViewer === null))).toBe(true);
  });
});
