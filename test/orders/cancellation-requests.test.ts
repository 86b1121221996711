import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backgroundJobs } from '../../src/features';
import { CancellationRequestStatus } from '../../src/orders/cancellation-request.entity';
import { cancellationRequestTransitions } from '../../src/orders/cancellation-request.status';
import { JobRunner } from '../../src/shared/jobs';
import { reachable } from '../../src/shared/state-machine';
import {
  AddAddressDocument,
  ArrangeShipmentDocument,
  CancellableOrderByIdDocument,
  CancelOrderAsSellerDocument,
  ConfirmOrderDocument,
  CreateProductDocument,
  PayOrderDocument,
  PendingCancellationCountDocument,
  PlaceOrderDocument,
  ProductDocument,
  RequestCancellationDocument,
  RespondToCancellationDocument,
  ShopOrderCenterDocument,
  SimulatePaymentDocument,
  WithdrawCancellationRequestDocument,
  type CancellationReason,
  type RequestCancellationInput,
} from '../generated/graphql';
import { signUpBuyer, type Actor } from '../support/actors';
import { jakartaAddress } from '../support/fixtures';
import { describeStore, startTestServer, type TestServer } from '../support/server';
import { trackingNumberFor } from '../support/tracking';
import { openShop, seedCategories, type OpenShop } from '../support/shops';

const HOUR = 60 * 60_000;

describe('the cancellation request state table', () => {
  it('reaches every status from PENDING, and every other status is final', () => {
    expect([...reachable(cancellationRequestTransitions, CancellationRequestStatus.PENDING)].sort()).toEqual(Object.values(CancellationRequestStatus).sort());
    for (const status of Object.values(CancellationRequestStatus)) {
      if (status !== CancellationRequestStatus.PENDING) expect(cancellationRequestTransitions[status]).toEqual([]);
    }
  });
});

describeStore('cancellation requests and the ship-by deadline', () => {
  let server: TestServer;
  let shop: OpenShop;
  let otherShop: OpenShop;
  let siti: Actor;
  let andi: Actor;
  let product: { id: string; variantId: string };
  let trackingCounter = 0;

  const place = async (paymentMethod: 'E_WALLET' | 'COD', quantity = 1) => {
    const { placeOrder } = await siti.client.data(PlaceOrderDocument, {
      input: { lines: [{ variantId: product.variantId, quantity }], paymentMethod, idempotencyKey: `cancel-${randomUUID()}` },
    });
    expect(placeOrder.userErrors).toEqual([]);
    return placeOrder.order!.id;
  };

  /** A paid (E_WALLET) or cash-on-delivery order of siti, confirmed by the seller: AWAITING_SHIPMENT. */
  const awaitingShipment = async (paymentMethod: 'E_WALLET' | 'COD' = 'E_WALLET', quantity = 1) => {
    const orderId = await place(paymentMethod, quantity);
    if (paymentMethod !== 'COD') {
      expect((await siti.client.data(PayOrderDocument, { input: { orderId, idempotencyKey: `pay-${randomUUID()}` } })).payOrder.userErrors).toEqual([]);
      const { simulatePayment } = await siti.client.data(SimulatePaymentDocument, { input: { orderId, outcome: 'SUCCEEDED' } });
      expect(simulatePayment.order!.paymentStatus).toBe('PAID');
    }
    const { confirmOrder } = await shop.owner.client.data(ConfirmOrderDocument, { input: { orderId } });
    expect(confirmOrder.order!.status).toBe('AWAITING_SHIPMENT');
    return orderId;
  };

  const request = (orderId: string, reason: CancellationReason = 'CHANGED_MIND', options: Partial<RequestCancellationInput> & { as?: Actor } = {}) =>
    (options.as ?? siti).client
      .data(RequestCancellationDocument, { input: { orderId, reason, note: options.note ?? null } })
      .then((r) => r.requestCancellation);
  const requested = async (orderId: string, reason?: CancellationReason) => {
    const result = await request(orderId, reason);
    expect(result.userErrors).toEqual([]);
    return result.cancellationRequest!.id;
  };
  const respond = (requestId: string, approve: boolean, reason: string | null = null, as = shop.owner) =>
    as.client.data(RespondToCancellationDocument, { input: { requestId, approve, reason } }).then((r) => r.respondToCancellation);
  const withdraw = (requestId: string, as = siti) => as.client.data(WithdrawCancellationRequestDocument, { input: { requestId } }).then((r) => r.withdrawCancellationRequest);
  const arrange = (orderId: string) =>
    shop.owner.client
      .data(ArrangeShipmentDocument, { input: { orderId, carrierCode: 'JNE', trackingNumber: trackingNumberFor('JNE', (trackingCounter += 1)) } })
      .then((r) => r.arrangeShipment);
  const view = async (orderId: string, as = siti) => (await as.client.data(CancellableOrderByIdDocument, { id: orderId })).order!;
  const stock = async () => (await siti.client.data(ProductDocument, { id: product.id })).product!.variants[0]!.stock;
  const pendingCount = async () => (await shop.owner.client.data(PendingCancellationCountDocument, { shopId: shop.shopId })).shop!.orderCounts!.pendingCancellationRequests;
  const errorCodes = (payload: { userErrors: { code: string }[] }) => payload.userErrors.map((e) => e.code);
  const kinds = (order: { timeline: { kind: string; actor: string }[] }, last: number) => order.timeline.slice(-last).map((e) => [e.kind, e.actor]);
  const secondInstance = () => new JobRunner(server.app, backgroundJobs, server.app.logger);

  beforeAll(async () => {
    server = await startTestServer();
    const categories = await seedCategories(server);
    [shop, otherShop] = [await openShop(server, 'Dewi Hijab', 'dewi-hijab'), await openShop(server, 'Toko Lain', 'toko-lain')];
    const { createProduct } = await shop.owner.client.data(CreateProductDocument, {
      input: {
        shopId: shop.shopId,
        title: 'Pashmina Ceruti Babydoll',
        description: 'Pashmina ceruti babydoll, ringan dan tidak menerawang, banyak pilihan warna.',
        categoryId: categories['hijab']!,
        imageUrls: ['https://cdn.example.com/pashmina.jpg'],
        variants: [{ sku: 'PSH-1', optionValues: [], price: '50000', stock: 100, weightGrams: 100 }],
        publish: true,
      },
    });
    product = { id: createProduct.product!.id, variantId: createProduct.product!.variants[0]!.id };
    [siti, andi] = await Promise.all([signUpBuyer(server, 'Siti Rahma'), signUpBuyer(server, 'Andi Wijaya')]);
    await siti.client.data(AddAddressDocument, { input: jakartaAddress });
  });
  afterAll(() => server?.stop());

  it('sets shipBy when an order reaches AWAITING_SHIPMENT, whoever moves it there', async () => {
    const confirmed = await awaitingShipment('COD');
    expect((await view(confirmed)).shipBy).toBe(new Date(server.clock.now().getTime() + 48 * HOUR).toISOString());

    // A cash-on-delivery order the free-cancellation sweeper hands to the seller gets one too.
    const swept = await place('COD');
    expect((await view(swept)).shipBy).toBeNull();
    server.clock.advance(HOUR + 1);
    await server.jobs.runNow('end-free-cancellation');
    expect(await view(swept)).toMatchObject({ status: 'AWAITING_SHIPMENT', shipBy: new Date(server.clock.now().getTime() + 48 * HOUR).toISOString() });

    // Tidy up: neither order takes part in the sweeps below.
    for (const orderId of [confirmed, swept]) expect((await respond(await requested(orderId), true)).userErrors).toEqual([]);
  });

  it('cancels a paid order when the seller approves the request: stock back, refunded in full, on the timeline', async () => {
    const orderId = await awaitingShipment('E_WALLET', 2);
    const before = await stock();
    expect((await view(orderId)).availableActions).toEqual(['REQUEST_CANCELLATION']);

    const asked = await request(orderId, 'WRONG_ADDRESS', { note: 'Alamat kantor salah, mohon dibatalkan.' });
    expect(asked.userErrors).toEqual([]);
    expect(asked.cancellationRequest).toMatchObject({
      status: 'PENDING',
      reason: 'WRONG_ADDRESS',
      note: 'Alamat kantor salah, mohon dibatalkan.',
      requestedAt: server.clock.now().toISOString(),
      respondBy: new Date(server.clock.now().getTime() + 24 * HOUR).toISOString(),
      respondedAt: null,
      resolvedBy: null,
    });
    expect(asked.order!.availableActions).toEqual(['WITHDRAW_CANCELLATION_REQUEST']);
    expect(kinds(asked.order!, 1)).toEqual([['CANCELLATION_REQUESTED', 'BUYER']]);
    expect((await view(orderId, shop.owner)).availableActions).toEqual(['CANCEL_AS_SELLER', 'RESPOND_TO_CANCELLATION']);
    expect(await pendingCount()).toBe(1);

    // One request at a time, and the seller answers before the parcel can leave.
    expect(errorCodes(await request(orderId))).toEqual(['CANCELLATION_ALREADY_REQUESTED']);
    expect(errorCodes(await arrange(orderId))).toEqual(['CANCELLATION_PENDING']);

    const approved = await respond(asked.cancellationRequest!.id, true);
    expect(approved.userErrors).toEqual([]);
    expect(approved.cancellationRequest).toMatchObject({ status: 'APPROVED', resolvedBy: 'SELLER', respondedAt: server.clock.now().toISOString() });
    expect(approved.order).toMatchObject({
      status: 'CANCELLED',
      paymentStatus: 'REFUNDED',
      cancelReason: "Cancelled at the buyer's request: Need to change the shipping address",
      availableActions: [],
      refunds: [{ amount: { amount: '110000.00' } }],
    });
    expect(approved.order!.timeline.slice(-3)).toEqual([
      { kind: 'CANCELLATION_REQUESTED', fromStatus: 'AWAITING_SHIPMENT', toStatus: 'AWAITING_SHIPMENT', actor: 'BUYER', reason: 'Need to change the shipping address' },
      { kind: 'CANCELLATION_APPROVED', fromStatus: 'AWAITING_SHIPMENT', toStatus: 'AWAITING_SHIPMENT', actor: 'SELLER', reason: null },
      { kind: 'STATUS_CHANGED', fromStatus: 'AWAITING_SHIPMENT', toStatus: 'CANCELLED', actor: 'SELLER', reason: approved.order!.cancelReason },
    ]);
    expect(await stock()).toBe(before + 2);
    expect(await pendingCount()).toBe(0);

    // A closed request cannot be answered again.
    expect(errorCodes(await respond(asked.cancellationRequest!.id, true))).toEqual(['INVALID_TRANSITION']);
    expect(errorCodes(await withdraw(asked.cancellationRequest!.id))).toEqual(['INVALID_TRANSITION']);
  });

  it('keeps the order going when the seller rejects with a reason, and the buyer cannot ask again', async () => {
    const orderId = await awaitingShipment();
    const requestId = await requested(orderId, 'FOUND_CHEAPER');

    const noReason = await respond(requestId, false, '  ');
    expect(noReason.userErrors.map((e) => [e.code, e.field])).toEqual([['INVALID_INPUT', ['input', 'reason']]]);

    const rejected = await respond(requestId, false, 'Pesanan sudah dikemas');
    expect(rejected.userErrors).toEqual([]);
    expect(rejected.cancellationRequest).toMatchObject({ status: 'REJECTED', rejectReason: 'Pesanan sudah dikemas', resolvedBy: 'SELLER' });
    expect(rejected.order).toMatchObject({ status: 'AWAITING_SHIPMENT', paymentStatus: 'PAID', refunds: [], availableActions: ['ARRANGE_SHIPMENT', 'CANCEL_AS_SELLER'] });
    expect((await view(orderId)).availableActions).toEqual([]); // the buyer has had an answer
    expect(rejected.order!.timeline.at(-1)).toMatchObject({ kind: 'CANCELLATION_REJECTED', actor: 'SELLER', reason: 'Pesanan sudah dikemas' });

    expect(errorCodes(await request(orderId))).toEqual(['CANCELLATION_ALREADY_REJECTED']);
    expect((await arrange(orderId)).order!.status).toBe('AWAITING_COLLECTION');
  });

  it('lets the buyer withdraw a pending request; the order goes on and a new request may follow', async () => {
    const orderId = await awaitingShipment();
    const first = await requested(orderId);
    expect(errorCodes(await withdraw(first, andi))).toEqual(['NOT_FOUND']);

    const withdrawn = await withdraw(first);
    expect(withdrawn.userErrors).toEqual([]);
    expect(withdrawn.cancellationRequest).toMatchObject({ status: 'WITHDRAWN', resolvedBy: 'BUYER' });
    expect(withdrawn.order).toMatchObject({ status: 'AWAITING_SHIPMENT', availableActions: ['REQUEST_CANCELLATION'] });
    expect(withdrawn.order!.timeline.at(-1)).toMatchObject({ kind: 'CANCELLATION_WITHDRAWN', actor: 'BUYER' });

    const again = await request(orderId, 'OTHER', { note: 'Mau ganti warna' });
    expect(again.userErrors).toEqual([]);
    expect((await view(orderId)).cancellationRequests.map((r) => r.status)).toEqual(['PENDING', 'WITHDRAWN']);
    expect((await withdraw(again.cancellationRequest!.id)).userErrors).toEqual([]);
    expect((await arrange(orderId)).userErrors).toEqual([]); // shipped, so it stays out of the ship-by sweep below
  });

  it('refuses requests in the wrong status, from anyone but the buyer, and answers from anyone but the shop', async () => {
    const onHold = await place('COD');
    expect((await request(onHold)).userErrors.map((e) => [e.code, e.field])).toEqual([['INVALID_TRANSITION', ['input', 'orderId']]]);
    const shipped = await awaitingShipment();
    expect((await arrange(shipped)).userErrors).toEqual([]);
    expect(errorCodes(await request(shipped))).toEqual(['INVALID_TRANSITION']);

    const orderId = await awaitingShipment();
    expect(errorCodes(await request(orderId, 'CHANGED_MIND', { as: andi }))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await request(orderId, 'OTHER'))).toEqual(['INVALID_INPUT']);
    const requestId = await requested(orderId);
    expect(errorCodes(await respond(requestId, true, null, otherShop.owner))).toEqual(['NOT_FOUND']);
    expect(errorCodes(await respond(requestId, true, null, siti))).toEqual(['NOT_FOUND']);
    expect((await view(orderId)).status).toBe('AWAITING_SHIPMENT');
    expect((await withdraw(requestId)).userErrors).toEqual([]);

    // Asking twice at the same moment opens one request.
    const twice = await Promise.all([request(orderId), request(orderId, 'FOUND_CHEAPER')]);
    expect(twice.map(errorCodes).sort()).toEqual([[], ['CANCELLATION_ALREADY_REQUESTED']]);
    const requests = (await view(orderId)).cancellationRequests;
    expect(requests.map((r) => r.status)).toEqual(['PENDING', 'WITHDRAWN']);
    expect((await withdraw(requests[0]!.id)).userErrors).toEqual([]);
    expect((await arrange(orderId)).userErrors).toEqual([]);
  });

  it('never ships an order with an open request: a request racing arrangeShipment leaves one of them standing', async () => {
    const orderId = await awaitingShipment('COD');
    const [asked, arranged] = await Promise.all([request(orderId), arrange(orderId)]);
    expect([asked, arranged].filter((r) => r.userErrors.length === 0)).toHaveLength(1);
    const order = await view(orderId);
    if (asked.userErrors.length === 0) {
      expect(order).toMatchObject({ status: 'AWAITING_SHIPMENT', cancellationRequests: [{ status: 'PENDING' }] });
      expect((await withdraw(asked.cancellationRequest!.id)).userErrors).toEqual([]);
      expect((await arrange(orderId)).userErrors).toEqual([]);
    } else {
      expect(order).toMatchObject({ status: 'AWAITING_COLLECTION', cancellationRequests: [] });
    }
  });

  it('approves a pending request when the seller cancels the order instead', async () => {
    const orderId = await awaitingShipment();
    const requestId = await requested(orderId, 'WRONG_ITEM_OR_VARIANT');
    const { cancelOrderAsSeller } = await shop.owner.client.data(CancelOrderAsSellerDocument, { input: { orderId, reason: 'Stok habis' } });
    expect(cancelOrderAsSeller.userErrors).toEqual([]);
    const order = await view(orderId);
    expect(order).toMatchObject({ status: 'CANCELLED', cancelReason: 'Stok habis', paymentStatus: 'REFUNDED', cancellationRequests: [{ id: requestId, status: 'APPROVED', resolvedBy: 'SELLER' }] });
    expect(kinds(order, 2)).toEqual([
      ['CANCELLATION_APPROVED', 'SELLER'],
      ['STATUS_CHANGED', 'SELLER'],
    ]);
  });

  it('cancels a cash-on-delivery order on approval without a refund', async () => {
    const orderId = await awaitingShipment('COD');
    const before = await stock();
    const approved = await respond(await requested(orderId), true, 'Baik, kami batalkan');
    expect(approved.userErrors).toEqual([]);
    expect(approved.order).toMatchObject({ status: 'CANCELLED', paymentStatus: 'UNPAID', refunds: [] });
    expect(approved.order!.timeline.at(-2)).toMatchObject({ kind: 'CANCELLATION_APPROVED', actor: 'SELLER', reason: 'Baik, kami batalkan' });
    expect(await stock()).toBe(before + 1);
  });

  it('approves a request the seller leaves unanswered past respondBy, once, with two sweepers racing', async () => {
    const orders = [await awaitingShipment(), await awaitingShipment('COD'), await awaitingShipment()];
    for (const orderId of orders) await requested(orderId, 'SELLER_TOO_SLOW');
    const before = await stock();

    server.clock.advance(24 * HOUR - 1);
    expect(await server.jobs.runNow('approve-unanswered-cancellations')).toBe(0); // not due yet
    server.clock.advance(1);
    const passes = await Promise.all([server.jobs.runNow('approve-unanswered-cancellations'), secondInstance().runNow('approve-unanswered-cancellations')]);
    expect(passes[0] + passes[1]).toBe(3);

    expect(await stock()).toBe(before + 3);
    for (const [i, orderId] of orders.entries()) {
      const order = await view(orderId);
      expect(order).toMatchObject({ status: 'CANCELLED', cancelReason: "Cancelled at the buyer's request: The seller is taking too long to ship" });
      expect(order.cancellationRequests).toMatchObject([{ status: 'APPROVED', resolvedBy: 'SYSTEM' }]);
      expect(kinds(order, 2)).toEqual([
        ['CANCELLATION_APPROVED', 'SYSTEM'],
        ['STATUS_CHANGED', 'SYSTEM'],
      ]);
      expect(order.timeline.filter((e) => e.toStatus === 'CANCELLED' && e.kind === 'STATUS_CHANGED')).toHaveLength(1);
      // The paid orders are refunded once; the cash-on-delivery one has nothing to refund.
      expect(order.refunds).toHaveLength(i === 1 ? 0 : 1);
      expect(order.paymentStatus).toBe(i === 1 ? 'UNPAID' : 'REFUNDED');
    }
    expect(await server.jobs.runNow('approve-unanswered-cancellations')).toBe(0);
  });

  it('cancels orders not shipped by shipBy as the system, refunding paid ones and approving an open request', async () => {
    const paid = await awaitingShipment('E_WALLET', 3);
    const cod = await awaitingShipment('COD');
    const withRequest = await awaitingShipment();
    server.clock.advance(30 * HOUR);
    const requestId = await requested(withRequest); // its respondBy (54 h) is after the order's shipBy (48 h)
    const before = await stock();
    const { shop: center } = await shop.owner.client.data(ShopOrderCenterDocument, { shopId: shop.shopId, status: 'AWAITING_SHIPMENT' });
    expect(center!.orders!.totalCount).toBe(3); // the earlier tests shipped or cancelled theirs

    server.clock.advance(18 * HOUR - 1);
    expect(await server.jobs.runNow('cancel-unshipped-orders')).toBe(0);
    server.clock.advance(1);
    const passes = await Promise.all([server.jobs.runNow('cancel-unshipped-orders'), secondInstance().runNow('cancel-unshipped-orders')]);
    expect(passes[0] + passes[1]).toBe(3);

    expect(await view(paid)).toMatchObject({ status: 'CANCELLED', paymentStatus: 'REFUNDED', cancelReason: 'Seller did not ship in time', refunds: [{ amount: { amount: '160000.00' } }] });
    expect((await view(paid)).timeline.at(-1)).toMatchObject({ kind: 'STATUS_CHANGED', fromStatus: 'AWAITING_SHIPMENT', toStatus: 'CANCELLED', actor: 'SYSTEM' });
    expect(await view(cod)).toMatchObject({ status: 'CANCELLED', paymentStatus: 'UNPAID', refunds: [] });
    const requestedOrder = await view(withRequest);
    expect(requestedOrder).toMatchObject({ status: 'CANCELLED', paymentStatus: 'REFUNDED', cancelReason: 'Seller did not ship in time' });
    expect(requestedOrder.cancellationRequests).toMatchObject([{ id: requestId, status: 'APPROVED', resolvedBy: 'SYSTEM' }]);
    expect(kinds(requestedOrder, 2)).toEqual([
      ['CANCELLATION_APPROVED', 'SYSTEM'],
      ['STATUS_CHANGED', 'SYSTEM'],
    ]);
    expect(await stock()).toBe(before + 3 + 1 + 1);
    expect(await pendingCount()).toBe(0);
  });
});
