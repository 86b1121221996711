import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { OutboxEvent } from '../../src/events/outbox-event.entity';
import { signWebhook } from '../../src/orders/payment-webhook';
import {
  AddAddressDocument,
  CancelOrderDocument,
  CreateProductDocument,
  OrderPaymentsDocument,
  PayOrderDocument,
  PlaceOrderDocument,
  SimulatePaymentDocument,
  type PaymentMethod,
} from '../generated/graphql';
import { signUpBuyer, type Actor } from '../support/actors';
import { codes } from '../support/client';
import { jakartaAddress } from '../support/fixtures';
import { describeStore, startTestServer, type TestServer } from '../support/server';
import { openShop, seedCategories } from '../support/shops';

describeStore('payments: paying, the signed webhook, refunds and the simulator', () => {
  let server: TestServer;
  let siti: Actor;
  let variantId: string;

  const webhookUrl = () => server.url.replace(/\/graphql$/, '/webhooks/payments');

  /** Delivers a provider event, signed with the server's secret at the server's clock unless told otherwise. */
  const deliver = async (
    event: { eventId?: string; providerReference: string; status: 'SUCCEEDED' | 'FAILED' },
    options: { secret?: string; timestamp?: number; signature?: string } = {},
  ) => {
    const body = JSON.stringify({ eventId: event.eventId ?? `evt_${randomUUID()}`, occurredAt: server.clock.now().toISOString(), ...event });
    const t = options.timestamp ?? Math.floor(server.clock.now().getTime() / 1000);
    const signature = options.signature ?? signWebhook(options.secret ?? server.config.paymentWebhookSecret, body, t);
    const response = await fetch(webhookUrl(), { method: 'POST', headers: { 'content-type': 'application/json', 'x-kedai-signature': signature }, body });
    return { status: response.status, body: (await response.json()) as { error?: { code: string; message: string }; received?: boolean; duplicate?: boolean } };
  };

  const placeOrder = async (buyer: Actor = siti, paymentMethod: PaymentMethod = 'E_WALLET') => {
    const { placeOrder } = await buyer.client.data(PlaceOrderDocument, {
      input: { lines: [{ variantId, quantity: 1 }], paymentMethod, idempotencyKey: `order-${randomUUID()}` },
    });
    expect(placeOrder.userErrors).toEqual([]);
    return placeOrder.order!;
  };

  const pay = async (orderId: string, buyer: Actor = siti, idempotencyKey = `pay-${randomUUID()}`) =>
    (await buyer.client.data(PayOrderDocument, { input: { orderId, idempotencyKey } })).payOrder;

  const orderOf = async (id: string) => (await siti.client.data(OrderPaymentsDocument, { id })).order!;

  const eventsOf = async (topic: string, type: string) => server.app.orm.em.fork().find(OutboxEvent, { topic, type });

  beforeAll(async () => {
    server = await startTestServer();
    const categories = await seedCategories(server);
    const shop = await openShop(server, 'Dewi Hijab', 'dewi-hijab');
    const { createProduct } = await shop.owner.client.data(CreateProductDocument, {
      input: {
        shopId: shop.shopId,
        title: 'Gamis Rayon Premium',
        description: 'Gamis rayon premium, adem dan jatuh, cocok untuk sehari-hari.',
        categoryId: categories['gamis']!,
        imageUrls: ['https://cdn.example.com/gamis.jpg'],
        variants: [{ sku: 'GMS-1', optionValues: [], price: '150000', stock: 100, weightGrams: 400 }],
        publish: true,
      },
    });
    variantId = createProduct.product!.variants[0]!.id;
    siti = await signUpBuyer(server, 'Siti Rahma');
    await siti.client.data(AddAddressDocument, { input: { ...jakartaAddress, recipientName: 'Siti Rahma' } });
  });
  afterAll(() => server?.stop());

  it('pays an order: a pending payment with instructions, then the signed webhook moves it to ON_HOLD and PAID', async () => {
    const order = await placeOrder(siti, 'BANK_TRANSFER');
    const payOrder = await pay(order.id);
    expect(payOrder.userErrors).toEqual([]);
    expect(payOrder.payment).toMatchObject({ status: 'PENDING', method: 'BANK_TRANSFER', amount: { amount: '160000.00', currencyCode: 'IDR' } });
    expect(payOrder.paymentInstructions).toMatchObject({ method: 'BANK_TRANSFER', deeplinkUrl: null, expiresAt: order.paymentDueAt });
    expect(payOrder.paymentInstructions!.virtualAccountNumber).toMatch(/^\d{16}$/);
    expect(payOrder.order).toMatchObject({ status: 'UNPAID', paymentStatus: 'UNPAID' });

    const delivered = await deliver({ providerReference: payOrder.payment!.providerReference, status: 'SUCCEEDED' });
    expect(delivered).toEqual({ status: 200, body: { received: true, duplicate: false } });

    const paid = await orderOf(order.id);
    expect(paid).toMatchObject({ status: 'ON_HOLD', paymentStatus: 'PAID', paidAt: server.clock.now().toISOString(), refunds: [] });
    expect(paid.payments.map((p) => p.status)).toEqual(['SUCCEEDED']);
    expect(paid.timeline.at(-1)).toEqual({ fromStatus: 'UNPAID', toStatus: 'ON_HOLD', actor: 'PAYMENT', reason: null });
    expect(new Date(paid.cancelFreeUntil!).getTime() - server.clock.now().getTime()).toBe(60 * 60_000);
  });

  it('gives an e-wallet deeplink, and returns the pending payment to a second payOrder instead of opening another', async () => {
    const order = await placeOrder();
    const first = await pay(order.id);
    expect(first.paymentInstructions!.deeplinkUrl).toContain(first.payment!.providerReference);
    const second = await pay(order.id);
    expect(second).toMatchObject({ replayed: false, payment: { id: first.payment!.id, status: 'PENDING' }, userErrors: [] });
    expect((await orderOf(order.id)).payments).toHaveLength(1);
  });

  it('opens one payment when two payOrder calls with different keys race', async () => {
    const order = await placeOrder();
    const [a, b] = await Promise.all([pay(order.id), pay(order.id)]);
    expect(a.userErrors).toEqual([]);
    expect(b.userErrors).toEqual([]);
    expect(a.payment!.id).toBe(b.payment!.id);
    expect((await orderOf(order.id)).payments).toHaveLength(1);
  });

  it('refuses a delivery with a wrong or missing signature (401), changing nothing', async () => {
    const order = await placeOrder();
    const { payment } = await pay(order.id);
    const forged = await deliver({ providerReference: payment!.providerReference, status: 'SUCCEEDED' }, { secret: 'z'.repeat(40) });
    expect(forged.status).toBe(401);
    expect(forged.body.error?.code).toBe('INVALID_SIGNATURE');
    const missing = await fetch(webhookUrl(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('INVALID_SIGNATURE');
    expect((await orderOf(order.id)).status).toBe('UNPAID');
  });

  it('refuses a correctly signed delivery whose timestamp is outside the 5-minute window', async () => {
    const order = await placeOrder();
    const { payment } = await pay(order.id);
    const now = Math.floor(server.clock.now().getTime() / 1000);
    const stale = await deliver({ providerReference: payment!.providerReference, status: 'SUCCEEDED' }, { timestamp: now - 301 });
    expect(stale.status).toBe(400);
    expect(stale.body.error?.code).toBe('TIMESTAMP_OUT_OF_TOLERANCE');
    const future = await deliver({ providerReference: payment!.providerReference, status: 'SUCCEEDED' }, { timestamp: now + 301 });
    expect(future.status).toBe(400);
    expect((await orderOf(order.id)).status).toBe('UNPAID');
    // A captured delivery replayed after the window is refused too.
    const t = now;
    const body = JSON.stringify({ eventId: 'evt-captured-1', providerReference: payment!.providerReference, status: 'SUCCEEDED', occurredAt: server.clock.now().toISOString() });
    server.clock.advance(6 * 60_000);
    const replayed = await fetch(webhookUrl(), { method: 'POST', headers: { 'content-type': 'application/json', 'x-kedai-signature': signWebhook(server.config.paymentWebhookSecret, body, t) }, body });
    expect(replayed.status).toBe(400);
  });

  it('answers 404 for an unknown providerReference and 400 for a malformed body', async () => {
    const unknown = await deliver({ providerReference: 'pay_nope', status: 'SUCCEEDED' });
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: 'PAYMENT_NOT_FOUND' } } });
    const body = '{"eventId": 1}';
    const t = Math.floor(server.clock.now().getTime() / 1000);
    const malformed = await fetch(webhookUrl(), { method: 'POST', headers: { 'content-type': 'application/json', 'x-kedai-signature': signWebhook(server.config.paymentWebhookSecret, body, t) }, body });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe('INVALID_PAYLOAD');
  });

  it('applies a redelivered eventId once: 200 again, no second status change or event', async () => {
    const order = await placeOrder();
    const { payment } = await pay(order.id);
    const event = { eventId: `evt-dup-${randomUUID()}`, providerReference: payment!.providerReference, status: 'SUCCEEDED' as const };
    expect((await deliver(event)).body).toEqual({ received: true, duplicate: false });
    expect(await deliver(event)).toEqual({ status: 200, body: { received: true, duplicate: true } });
    const after = await orderOf(order.id);
    expect(after.timeline.filter((e) => e.toStatus === 'ON_HOLD')).toHaveLength(1);
    const orderDbId = Number(Buffer.from(order.id, 'base64url').toString().split(':')[1]);
    expect(await eventsOf(`ORDER:${orderDbId}`, 'ORDER_STATUS_CHANGED')).toHaveLength(1);
  });

  it('keeps the order UNPAID when the payment fails, tells the buyer, and lets them pay again', async () => {
    const order = await placeOrder();
    const { payment } = await pay(order.id);
    expect((await deliver({ providerReference: payment!.providerReference, status: 'FAILED' })).status).toBe(200);
    const failed = await orderOf(order.id);
    expect(failed).toMatchObject({ status: 'UNPAID', paymentStatus: 'UNPAID', paidAt: null });
    expect(failed.payments.map((p) => p.status)).toEqual(['FAILED']);
    const orderDbId = Number(Buffer.from(order.id, 'base64url').toString().split(':')[1]);
    const buyerDbId = Number(Buffer.from(siti.id, 'base64url').toString().split(':')[1]);
    expect(await eventsOf(`ORDER:${orderDbId}`, 'PAYMENT_FAILED')).toHaveLength(1);
    expect(await eventsOf(`USER:${buyerDbId}`, 'PAYMENT_FAILED')).not.toHaveLength(0);

    const retry = await pay(order.id);
    expect(retry.payment).toMatchObject({ status: 'PENDING' });
    expect(retry.payment!.id).not.toBe(payment!.id);
  });

  it('refuses to pay after paymentDueAt, a paid order, or a cash-on-delivery order', async () => {
    const order = await placeOrder();
    server.clock.advance(61 * 60_000);
    const late = await pay(order.id);
    expect(late.userErrors.map((e) => [e.code, e.field])).toEqual([['PAYMENT_EXPIRED', ['input', 'orderId']]]);
    expect(late.payment).toBeNull();

    const cod = await placeOrder(siti, 'COD');
    expect((await pay(cod.id)).userErrors.map((e) => e.code)).toEqual(['ORDER_NOT_PAYABLE']);

    const paid = await placeOrder();
    await pay(paid.id);
    await siti.client.data(SimulatePaymentDocument, { input: { orderId: paid.id, outcome: 'SUCCEEDED' } });
    expect((await pay(paid.id)).userErrors.map((e) => e.code)).toEqual(['ORDER_NOT_PAYABLE']);
  });

  it('replays payOrder for a retried idempotency key, and refuses the key for another order', async () => {
    const order = await placeOrder();
    const first = await pay(order.id, siti, 'pay-retry-0001');
    const retry = await pay(order.id, siti, 'pay-retry-0001');
    expect(retry).toMatchObject({ replayed: true, payment: { id: first.payment!.id }, userErrors: [] });
    const other = await placeOrder();
    const reused = await pay(other.id, siti, 'pay-retry-0001');
    expect(reused.userErrors.map((e) => e.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
  });

  it('refunds a paid order in full when the buyer cancels it, in the same transaction', async () => {
    const order = await placeOrder();
    await pay(order.id);
    await siti.client.data(SimulatePaymentDocument, { input: { orderId: order.id, outcome: 'SUCCEEDED' } });
    const { cancelOrder } = await siti.client.data(CancelOrderDocument, { input: { orderId: order.id, reason: 'Salah pilih ukuran' } });
    expect(cancelOrder.userErrors).toEqual([]);
    const cancelled = await orderOf(order.id);
    expect(cancelled).toMatchObject({
      status: 'CANCELLED',
      paymentStatus: 'REFUNDED',
      refunds: [{ amount: { amount: '160000.00', currencyCode: 'IDR' }, reason: 'Salah pilih ukuran' }],
    });
    const orderDbId = Number(Buffer.from(order.id, 'base64url').toString().split(':')[1]);
    expect(await eventsOf(`ORDER:${orderDbId}`, 'REFUNDED')).toHaveLength(1);
  });

  it('records a payment that succeeds after the order was cancelled, and refunds all of it', async () => {
    const order = await placeOrder();
    const { payment } = await pay(order.id);
    await siti.client.data(CancelOrderDocument, { input: { orderId: order.id, reason: 'Berubah pikiran' } });
    expect((await deliver({ providerReference: payment!.providerReference, status: 'SUCCEEDED' })).status).toBe(200);
    const after = await orderOf(order.id);
    expect(after).toMatchObject({ status: 'CANCELLED', paymentStatus: 'REFUNDED', refunds: [{ amount: { amount: '160000.00' } }] });
    expect(after.payments.map((p) => p.status)).toEqual(['SUCCEEDED']);
    // Redelivering the success under another event id refunds nothing more.
    expect((await deliver({ providerReference: payment!.providerReference, status: 'SUCCEEDED' })).status).toBe(200);
    expect((await orderOf(order.id)).refunds).toHaveLength(1);
  });

  it('simulates the provider in test mode, with NO_PENDING_PAYMENT before payOrder', async () => {
    const order = await placeOrder();
    const early = await siti.client.data(SimulatePaymentDocument, { input: { orderId: order.id, outcome: 'SUCCEEDED' } });
    expect(early.simulatePayment.userErrors.map((e) => e.code)).toEqual(['NO_PENDING_PAYMENT']);
    await pay(order.id);
    const { simulatePayment } = await siti.client.data(SimulatePaymentDocument, { input: { orderId: order.id, outcome: 'FAILED' } });
    expect(simulatePayment).toMatchObject({ userErrors: [], payment: { status: 'FAILED' }, order: { status: 'UNPAID' } });
    await pay(order.id);
    const ok = await siti.client.data(SimulatePaymentDocument, { input: { orderId: order.id, outcome: 'SUCCEEDED' } });
    expect(ok.simulatePayment).toMatchObject({ userErrors: [], payment: { status: 'SUCCEEDED' }, order: { status: 'ON_HOLD', paymentStatus: 'PAID' } });
  });

  it("treats someone else's order as NOT_FOUND", async () => {
    const order = await placeOrder();
    const andi = await signUpBuyer(server, 'Andi');
    expect((await pay(order.id, andi)).userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);
    await pay(order.id);
    const simulated = await andi.client.data(SimulatePaymentDocument, { input: { orderId: order.id, outcome: 'SUCCEEDED' } });
    expect(simulated.simulatePayment.userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);
    expect((await orderOf(order.id)).status).toBe('UNPAID');
  });

  it('refuses the simulator in production with FORBIDDEN', async () => {
    const production = await startTestServer({
      config: { nodeEnv: 'production', jwtSecret: 'x'.repeat(40), jwtSecretIsDefault: false, paymentWebhookSecret: 'y'.repeat(40), shipping: { carrierWebhookSecret: 'c'.repeat(40) } },
    });
    try {
      const buyer = await signUpBuyer(production, 'Prod Buyer');
      const response = await buyer.client.request(SimulatePaymentDocument, { input: { orderId: 'T3JkZXI6MQ', outcome: 'SUCCEEDED' } });
      expect(codes(response.errors)).toEqual(['FORBIDDEN']);
      expect(response.data?.simulatePayment ?? null).toBeNull();
    } finally {
      await production.stop();
    }
  });
});
