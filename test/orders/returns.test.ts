import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { OutboxEvent } from '../../src/events/outbox-event.entity';
import { backgroundJobs } from '../../src/features';
import { fromGlobalId } from '../../src/shared/ids';
import { JobRunner } from '../../src/shared/jobs';
import { Role } from '../../src/shared/viewer';
import {
  AddAddressDocument,
  ArrangeShipmentDocument,
  ConfirmOrderDocument,
  ConfirmReceiptDocument,
  ConfirmReturnReceivedDocument,
  CreateProductDocument,
  PayOrderDocument,
  PlaceOrderDocument,
  ProductDocument,
  RecordShipmentEventDocument,
  RequestReturnDocument,
  RespondToReturnDocument,
  ReturnNodeDocument,
  ReturnOrderDocument,
  ReturnsTabDocument,
  ShipReturnDocument,
  ShopReturnsTabDocument,
  SimulatePaymentDocument,
  WithdrawReturnDocument,
  type PaymentMethod,
  type RequestReturnInput,
} from '../generated/graphql';
import { createStaffUser, signUpBuyer, type Actor } from '../support/actors';
import { codes } from '../support/client';
import { jakartaAddress } from '../support/fixtures';
import { describeStore, startTestServer, type TestServer } from '../support/server';
import { trackingNumberFor } from '../support/tracking';
import { listPlainProduct, openShop, seedCategories, type OpenShop } from '../support/shops';

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;
/** Sessions outlive the weeks these tests move the clock by. */
const LONG_SESSION = 365 * 24 * 3600;
const EVIDENCE = ['https://cdn.example.com/bukti/retak-1.jpg'];

type UserErrors = { userErrors: { code: string; field?: string[] | null }[] };
const errors = (payload: UserErrors) => payload.userErrors.map((e) => [e.code, e.field]);

/**
 * A shop selling a hijab (Rp45.000, 100 g) and a gamis (Rp120.000, 300 g), a carrier and two buyers; `delivered`
 * takes an order of 2 hijabs and 1 gamis (Rp210.000 + Rp10.000 shipping = Rp220.000) to DELIVERED through the API.
 */
async function marketplace(server: TestServer, handle: string) {
  const categories = await seedCategories(server);
  const shop = await openShop(server, `Toko ${handle}`, handle);
  const createProduct = (owner: OpenShop, sku: string, price: string, weightGrams: number) => listPlainProduct(owner, categories, sku, price, weightGrams);
  const hijab = await createProduct(shop, `${handle}-HJB`.toUpperCase(), '45000', 100);
  const gamis = await createProduct(shop, `${handle}-GMS`.toUpperCase(), '120000', 300);
  const [carrier, siti, andi] = await Promise.all([createStaffUser(server, Role.CARRIER, 'Kurir'), signUpBuyer(server, 'Siti Rahma'), signUpBuyer(server, 'Andi Wijaya')]);
  for (const buyer of [siti, andi]) await buyer.client.data(AddAddressDocument, { input: jakartaAddress });
  let tracking = 0;
  const newTracking = (carrier = 'JNE') => trackingNumberFor(carrier, handle.length * 1_000_000 + (tracking += 1));

  const carrierEvent = async (trackingNumber: string, type: 'PICKED_UP' | 'DELIVERED') => {
    const { recordShipmentEvent } = await carrier.client.data(RecordShipmentEventDocument, {
      input: { carrierCode: 'JNE', trackingNumber, type, occurredAt: server.clock.now().toISOString() },
    });
    expect(recordShipmentEvent.userErrors).toEqual([]);
  };

  /** Places, pays (unless COD), confirms, ships and delivers an order; returns its id and line ids by product. */
  const delivered = async (options: { buyer?: Actor; paymentMethod?: PaymentMethod; seller?: OpenShop; items?: { variantId: string; quantity: number }[]; until?: 'IN_TRANSIT' } = {}) => {
    const buyer = options.buyer ?? siti;
    const seller = options.seller ?? shop;
    const items = options.items ?? [
      { variantId: hijab.variantId, quantity: 2 },
      { variantId: gamis.variantId, quantity: 1 },
    ];
    const paymentMethod = options.paymentMethod ?? 'E_WALLET';
    const { placeOrder } = await buyer.client.data(PlaceOrderDocument, { input: { lines: items, paymentMethod, idempotencyKey: `returns-${randomUUID()}` } });
    expect(placeOrder.userErrors).toEqual([]);
    const orderId = placeOrder.order!.id;
    if (paymentMethod !== 'COD') {
      await buyer.client.data(PayOrderDocument, { input: { orderId, idempotencyKey: `pay-${randomUUID()}` } });
      await buyer.client.data(SimulatePaymentDocument, { input: { orderId, outcome: 'SUCCEEDED' } });
    }
    expect((await seller.owner.client.data(ConfirmOrderDocument, { input: { orderId } })).confirmOrder.userErrors).toEqual([]);
    const trackingNumber = newTracking();
    expect((await seller.owner.client.data(ArrangeShipmentDocument, { input: { orderId, carrierCode: 'JNE', trackingNumber } })).arrangeShipment.userErrors).toEqual([]);
    await carrierEvent(trackingNumber, 'PICKED_UP');
    if (options.until !== 'IN_TRANSIT') await carrierEvent(trackingNumber, 'DELIVERED');
    const order = (await buyer.client.data(ReturnOrderDocument, { id: orderId })).order!;
    return { orderId, lines: order.lines.map((l) => l.id), order };
  };

  const request = async (buyer: Actor, input: Partial<RequestReturnInput> & Pick<RequestReturnInput, 'orderId' | 'lines'>) =>
    (await buyer.client.data(RequestReturnDocument, { input: { type: 'REFUND_ONLY', reason: 'DAMAGED', evidenceUrls: EVIDENCE, ...input } })).requestReturn;
  const respond = async (returnId: string, approve: boolean, reason: string | null = null, seller: Actor = shop.owner) =>
    (await seller.client.data(RespondToReturnDocument, { input: { returnId, approve, reason } })).respondToReturn;
  const withdraw = async (returnId: string, buyer: Actor = siti) => (await buyer.client.data(WithdrawReturnDocument, { input: { returnId } })).withdrawReturn;
  const ship = async (returnId: string, carrierCode = 'JNT', trackingNumber = newTracking(carrierCode), buyer: Actor = siti) =>
    (await buyer.client.data(ShipReturnDocument, { input: { returnId, carrierCode, trackingNumber } })).shipReturn;
  const receive = async (returnId: string, seller: Actor = shop.owner) => (await seller.client.data(ConfirmReturnReceivedDocument, { input: { returnId } })).confirmReturnReceived;
  const orderOf = async (orderId: string, viewer: Actor = siti) => (await viewer.client.data(ReturnOrderDocument, { id: orderId })).order;

  return { categories, shop, hijab, gamis, carrier, siti, andi, delivered, request, respond, withdraw, ship, receive, orderOf, newTracking };
}

describeStore('returns and refunds after delivery', () => {
  let server: TestServer;
  let m: Awaited<ReturnType<typeof marketplace>>;

  beforeAll(async () => {
    server = await startTestServer({ config: { jwtTtlSeconds: LONG_SESSION } });
    m = await marketplace(server, 'retur');
  });
  afterAll(() => server?.stop());

  it('refunds part of an order on an approved refund-only request, then the rest with the shipping fee', async () => {
    const { orderId, lines, order } = await m.delivered();
    expect(order).toMatchObject({ status: 'DELIVERED', paymentStatus: 'PAID', total: { amount: '220000.00' } });
    expect(order.returnableUntil).toBe(new Date(server.clock.now().getTime() + 7 * DAY).toISOString());
    expect(order.autoCompleteAt).toBe(new Date(server.clock.now().getTime() + 7 * DAY).toISOString());
    expect(order.availableActions).toEqual(['CONFIRM_RECEIPT', 'REVIEW', 'REQUEST_RETURN']);

    const requested = await m.request(m.siti, { orderId, lines: [{ orderLineId: lines[0]!, quantity: 1 }], note: 'Jahitan sobek' });
    expect(requested.userErrors).toEqual([]);
    expect(requested.returnRequest).toMatchObject({
      type: 'REFUND_ONLY',
      status: 'REQUESTED',
      reason: 'DAMAGED',
      note: 'Jahitan sobek',
      evidenceUrls: EVIDENCE,
      refundAmount: { amount: '45000.00', currencyCode: 'IDR' },
      shippingFeeRefund: { amount: '0.00' },
      respondBy: new Date(server.clock.now().getTime() + 48 * HOUR).toISOString(),
      lines: [{ quantity: 1, refundAmount: { amount: '45000.00' }, orderLine: { id: lines[0], quantity: 2 } }],
      order: { id: orderId },
    });
    // An open request hides the receipt confirmation: the order completes only when the request ends.
    expect(requested.order!.availableActions).toEqual(['REVIEW', 'WITHDRAW_RETURN']);
    expect((await m.orderOf(orderId, m.shop.owner))!.availableActions).toEqual(['RESPOND_TO_RETURN']);

    const approved = await m.respond(requested.returnRequest!.id, true);
    expect(approved.userErrors).toEqual([]);
    expect(approved.returnRequest).toMatchObject({ status: 'REFUNDED', respondedAt: server.clock.now().toISOString(), refundedAt: server.clock.now().toISOString() });
    expect(approved.order).toMatchObject({ status: 'DELIVERED', paymentStatus: 'PARTIALLY_REFUNDED', refunds: [{ amount: { amount: '45000.00' } }] });
    expect(approved.order!.timeline.slice(-3).map((t) => [t.kind, t.actor, t.toStatus])).toEqual([
      ['RETURN_REQUESTED', 'BUYER', 'DELIVERED'],
      ['RETURN_APPROVED', 'SELLER', 'DELIVERED'],
      ['RETURN_REFUNDED', 'SELLER', 'DELIVERED'],
    ]);

    // The rest of the order: the last unit of the first line and the whole second line, with the shipping fee.
    const rest = await m.request(m.siti, { orderId, reason: 'NOT_RECEIVED', evidenceUrls: [], lines: [{ orderLineId: lines[0]!, quantity: 1 }, { orderLineId: lines[1]!, quantity: 1 }] });
    expect(rest.userErrors).toEqual([]);
    expect(rest.returnRequest).toMatchObject({ refundAmount: { amount: '175000.00' }, shippingFeeRefund: { amount: '10000.00' } });
    const all = await m.respond(rest.returnRequest!.id, true, 'Mohon maaf atas kendalanya');
    expect(all.returnRequest).toMatchObject({ status: 'REFUNDED', sellerNote: 'Mohon maaf atas kendalanya' });
    expect(all.order!.paymentStatus).toBe('REFUNDED');
    expect(all.order!.refunds.map((r) => r.amount.amount)).toEqual(['45000.00', '175000.00']);

    // Nothing is left to return: refunds never exceed what was paid, and the button is gone.
    const more = await m.request(m.siti, { orderId, lines: [{ orderLineId: lines[1]!, quantity: 1 }] });
    expect(errors(more)).toEqual([['INVALID_TRANSITION', ['input', 'orderId']]]);
    expect((await m.siti.client.data(ReturnOrderDocument, { id: orderId })).order!.availableActions).not.toContain('REQUEST_RETURN');
  });

  it('takes a return-and-refund through shipment and receipt; cash on delivery counts as paid at delivery', async () => {
    const stockBefore = async () => (await m.siti.client.data(ProductDocument, { id: m.gamis.id })).product!.variants[0]!.stock;
    const { orderId, lines, order } = await m.delivered({ paymentMethod: 'COD' });
    expect(order).toMatchObject({ paymentStatus: 'PAID', payments: [{ method: 'COD', status: 'SUCCEEDED', amount: { amount: '220000.00' } }] });
    const stock = await stockBefore();

    const requested = await m.request(m.siti, { orderId, type: 'RETURN_AND_REFUND', reason: 'CHANGED_MIND', evidenceUrls: null, lines: [{ orderLineId: lines[1]!, quantity: 1 }] });
    expect(requested.userErrors).toEqual([]);
    const returnId = requested.returnRequest!.id;
    expect(requested.returnRequest).toMatchObject({ type: 'RETURN_AND_REFUND', evidenceUrls: [], refundAmount: { amount: '120000.00' }, returnAddress: null, shipBy: null });

    server.clock.advance(HOUR);
    const approved = await m.respond(returnId, true);
    expect(approved.returnRequest).toMatchObject({
      status: 'AWAITING_BUYER_SHIPMENT',
      returnAddress: { recipientName: 'Budi Santoso', city: 'Jakarta Timur', postalCode: '13510' },
      shipBy: new Date(server.clock.now().getTime() + 7 * DAY).toISOString(),
    });
    expect(approved.order!.paymentStatus).toBe('PAID');
    expect(approved.order!.availableActions).toEqual([]); // the seller's view: waiting for the buyer
    expect((await m.orderOf(orderId))!.availableActions).toEqual(['REVIEW', 'WITHDRAW_RETURN', 'SHIP_RETURN']);

    // The carrier code and tracking number are checked as for the seller's shipments.
    expect(errors(await m.ship(returnId, 'KILAT', m.newTracking('JNT')))).toEqual([['UNKNOWN_CARRIER', ['input', 'carrierCode']]]);
    expect(errors(await m.ship(returnId, 'JNT', 'AB-12'))).toEqual([['INVALID_TRACKING_NUMBER', ['input', 'trackingNumber']]]);
    server.clock.advance(DAY);
    const shipped = await m.ship(returnId, 'jnt', 'jd1234567890');
    expect(shipped.userErrors).toEqual([]);
    expect(shipped.returnRequest).toMatchObject({
      status: 'BUYER_SHIPPED',
      carrier: 'JNT',
      trackingNumber: 'JD1234567890',
      shippedAt: server.clock.now().toISOString(),
      receiveBy: new Date(server.clock.now().getTime() + 14 * DAY).toISOString(),
    });
    expect(shipped.order!.availableActions).toEqual(['REVIEW']); // too late to withdraw: the parcel is on its way
    expect(errors(await m.withdraw(returnId))).toEqual([['INVALID_TRANSITION', ['input', 'returnId']]]);
    expect((await m.orderOf(orderId, m.shop.owner))!.availableActions).toEqual(['CONFIRM_RETURN_RECEIVED']);

    server.clock.advance(2 * DAY);
    const received = await m.receive(returnId);
    expect(received.userErrors).toEqual([]);
    expect(received.returnRequest).toMatchObject({ status: 'REFUNDED', receivedAt: server.clock.now().toISOString(), closedAt: server.clock.now().toISOString() });
    expect(received.order).toMatchObject({ status: 'DELIVERED', paymentStatus: 'PARTIALLY_REFUNDED', refunds: [{ amount: { amount: '120000.00' } }] });
    expect(received.order!.timeline.slice(-5).map((t) => [t.kind, t.actor])).toEqual([
      ['RETURN_REQUESTED', 'BUYER'],
      ['RETURN_APPROVED', 'SELLER'],
      ['RETURN_SHIPPED', 'BUYER'],
      ['RETURN_RECEIVED', 'SELLER'],
      ['RETURN_REFUNDED', 'SELLER'],
    ]);
    // Each step also left outbox events for the order, its buyer and its shop, in order.
    const shopTopic = `SHOP:${fromGlobalId(m.shop.shopId)!.id}`;
    const events = await server.app.orm.em.fork().find(OutboxEvent, { topic: shopTopic, type: { $like: 'ORDER_RETURN_%' } }, { orderBy: { id: 'ASC' } });
    const ofThisReturn = events.filter((e) => (e.payload as { returnRequestId?: number }).returnRequestId === fromGlobalId(returnId)!.id);
    expect(ofThisReturn.map((e) => e.type)).toEqual(['ORDER_RETURN_REQUESTED', 'ORDER_RETURN_APPROVED', 'ORDER_RETURN_SHIPPED', 'ORDER_RETURN_RECEIVED', 'ORDER_RETURN_REFUNDED']);
    expect(ofThisReturn.at(-1)!.payload).toMatchObject({ returnStatus: 'REFUNDED', refundAmount: 120000_00, actor: 'SELLER' });
    // Returned units are not restocked automatically: the seller inspects them first.
    expect(await stockBefore()).toBe(stock);
    expect(errors(await m.receive(returnId))).toEqual([['INVALID_TRANSITION', ['input', 'returnId']]]);
  });

  it('lets the seller reject with a reason; the buyer may ask again within the window, or confirm receipt', async () => {
    const { orderId, lines } = await m.delivered();
    const requested = await m.request(m.siti, { orderId, reason: 'NOT_AS_DESCRIBED', lines: [{ orderLineId: lines[0]!, quantity: 2 }] });
    const returnId = requested.returnRequest!.id;
    expect(errors(await m.respond(returnId, false, '  '))).toEqual([['INVALID_INPUT', ['input', 'reason']]]);

    const rejected = await m.respond(returnId, false, 'Warna sesuai foto produk');
    expect(rejected.returnRequest).toMatchObject({ status: 'REJECTED', sellerNote: 'Warna sesuai foto produk', closedAt: server.clock.now().toISOString(), refundedAt: null });
    expect(rejected.order).toMatchObject({ paymentStatus: 'PAID', refunds: [] });
    expect(rejected.order!.timeline.at(-1)).toMatchObject({ kind: 'RETURN_REJECTED', actor: 'SELLER', reason: 'Warna sesuai foto produk' });
    expect(errors(await m.respond(returnId, true))).toEqual([['INVALID_TRANSITION', ['input', 'returnId']]]);
    expect((await m.orderOf(orderId))!.availableActions).toEqual(['CONFIRM_RECEIPT', 'REVIEW', 'REQUEST_RETURN']);

    // A rejected request returned nothing, so every unit may be asked for again.
    const again = await m.request(m.siti, { orderId, reason: 'NOT_AS_DESCRIBED', lines: [{ orderLineId: lines[0]!, quantity: 2 }] });
    expect(again.userErrors).toEqual([]);
    expect(errors(await m.withdraw(again.returnRequest!.id))).toEqual([]);

    const { confirmReceipt } = await m.siti.client.data(ConfirmReceiptDocument, { input: { orderId } });
    expect(confirmReceipt.order!.status).toBe('COMPLETED');
    // A completed order is closed: no more returns (the buyer confirmed receipt early).
    expect(errors(await m.request(m.siti, { orderId, lines: [{ orderLineId: lines[1]!, quantity: 1 }] }))).toEqual([['RETURN_WINDOW_CLOSED', ['input', 'orderId']]]);
  });

  it('lets the buyer withdraw before shipping the items back, and then ask again', async () => {
    const { orderId, lines } = await m.delivered();
    const first = await m.request(m.siti, { orderId, type: 'RETURN_AND_REFUND', reason: 'WRONG_ITEM', lines: [{ orderLineId: lines[1]!, quantity: 1 }] });
    const withdrawn = await m.withdraw(first.returnRequest!.id);
    expect(withdrawn.returnRequest).toMatchObject({ status: 'CANCELLED', closedAt: server.clock.now().toISOString() });
    expect(withdrawn.order!.timeline.at(-1)).toMatchObject({ kind: 'RETURN_CANCELLED', actor: 'BUYER', reason: 'Withdrawn by the buyer' });
    expect(errors(await m.withdraw(first.returnRequest!.id))).toEqual([['INVALID_TRANSITION', ['input', 'returnId']]]);

    const second = await m.request(m.siti, { orderId, type: 'RETURN_AND_REFUND', reason: 'WRONG_ITEM', lines: [{ orderLineId: lines[1]!, quantity: 1 }] });
    expect((await m.respond(second.returnRequest!.id, true)).returnRequest!.status).toBe('AWAITING_BUYER_SHIPMENT');
    const afterApproval = await m.withdraw(second.returnRequest!.id);
    expect(afterApproval.returnRequest!.status).toBe('CANCELLED');
    expect(afterApproval.order).toMatchObject({ paymentStatus: 'PAID', returnRequests: [{ status: 'CANCELLED' }, { status: 'CANCELLED' }] });
  });

  it('opens returns only on delivered orders within the return window, one at a time', async () => {
    const inTransit = await m.delivered({ until: 'IN_TRANSIT' });
    expect(errors(await m.request(m.siti, { orderId: inTransit.orderId, lines: [{ orderLineId: inTransit.lines[0]!, quantity: 1 }] }))).toEqual([
      ['INVALID_TRANSITION', ['input', 'orderId']],
    ]);

    const { orderId, lines } = await m.delivered();
    const open = await m.request(m.siti, { orderId, lines: [{ orderLineId: lines[0]!, quantity: 1 }] });
    expect(open.userErrors).toEqual([]);
    expect(errors(await m.request(m.siti, { orderId, lines: [{ orderLineId: lines[1]!, quantity: 1 }] }))).toEqual([['RETURN_OPEN', ['input', 'orderId']]]);
    const { confirmReceipt } = await m.siti.client.data(ConfirmReceiptDocument, { input: { orderId } });
    expect(errors(confirmReceipt)).toEqual([['RETURN_OPEN', ['input', 'orderId']]]);

    const late = await m.delivered();
    server.clock.advance(7 * DAY - 1);
    expect((await m.orderOf(late.orderId))!.availableActions).toContain('REQUEST_RETURN');
    server.clock.advance(1);
    expect((await m.orderOf(late.orderId))!.availableActions).not.toContain('REQUEST_RETURN');
    expect(errors(await m.request(m.siti, { orderId: late.orderId, lines: [{ orderLineId: late.lines[0]!, quantity: 1 }] }))).toEqual([
      ['RETURN_WINDOW_CLOSED', ['input', 'orderId']],
    ]);
  });

  it('makes one request of two sent at the same moment', async () => {
    const { orderId, lines } = await m.delivered();
    const both = await Promise.all([
      m.request(m.siti, { orderId, lines: [{ orderLineId: lines[0]!, quantity: 1 }] }),
      m.request(m.siti, { orderId, lines: [{ orderLineId: lines[1]!, quantity: 1 }] }),
    ]);
    expect(both.filter((r) => r.userErrors.length === 0)).toHaveLength(1);
    expect(both.flatMap((r) => r.userErrors.map((e) => e.code))).toEqual([expect.stringMatching(/^(RETURN_OPEN|INVALID_TRANSITION)$/)]);
    expect((await m.orderOf(orderId))!.returnRequests).toHaveLength(1);
  });

  it('checks lines and quantities against the order and earlier returns', async () => {
    const { orderId, lines } = await m.delivered();
    const other = await m.delivered();
    const line = (orderLineId: string, quantity: number) => ({ orderLineId, quantity });

    expect(errors(await m.request(m.siti, { orderId, lines: [line(lines[0]!, 3)] }))).toEqual([['RETURN_QUANTITY_EXCEEDED', ['input', 'lines', '0', 'quantity']]]);
    expect(errors(await m.request(m.siti, { orderId, lines: [line(other.lines[0]!, 1)] }))).toEqual([['NOT_FOUND', ['input', 'lines', '0', 'orderLineId']]]);
    expect(errors(await m.request(m.siti, { orderId, lines: [] }))).toEqual([['INVALID_INPUT', ['input', 'lines']]]);
    expect(errors(await m.request(m.siti, { orderId, lines: [line(lines[0]!, 0), line('bm9wZQ', 1), line(lines[1]!, 1), line(lines[1]!, 1)] }))).toEqual([
      ['INVALID_INPUT', ['input', 'lines', '0', 'quantity']],
      ['NOT_FOUND', ['input', 'lines', '1', 'orderLineId']],
      ['INVALID_INPUT', ['input', 'lines', '3', 'orderLineId']],
    ]);
    expect(errors(await m.request(m.siti, { orderId, type: 'RETURN_AND_REFUND', reason: 'NOT_RECEIVED', lines: [line(lines[0]!, 1)] }))).toEqual([
      ['RETURN_TYPE_NOT_ALLOWED', ['input', 'type']],
    ]);
    expect(errors(await m.request(m.siti, { orderId, type: 'REFUND_ONLY', reason: 'CHANGED_MIND', lines: [line(lines[0]!, 1)] }))).toEqual([
      ['RETURN_TYPE_NOT_ALLOWED', ['input', 'type']],
    ]);
    expect(errors(await m.request(m.siti, { orderId, reason: 'OTHER', note: ' ', lines: [line(lines[0]!, 1)] }))).toEqual([['INVALID_INPUT', ['input', 'note']]]);

    // Units refunded before count against what may still be returned.
    const first = await m.request(m.siti, { orderId, lines: [line(lines[0]!, 1)] });
    await m.respond(first.returnRequest!.id, true);
    expect(errors(await m.request(m.siti, { orderId, lines: [line(lines[0]!, 2)] }))).toEqual([['RETURN_QUANTITY_EXCEEDED', ['input', 'lines', '0', 'quantity']]]);
    expect((await m.request(m.siti, { orderId, lines: [line(lines[0]!, 1)] })).returnRequest!.refundAmount.amount).toBe('45000.00');
  });

  it('checks the evidence: https URLs, at most nine, required for damage and similar reasons', async () => {
    const { orderId, lines } = await m.delivered();
    const ask = (evidenceUrls: string[] | null, reason: RequestReturnInput['reason'] = 'DAMAGED') =>
      m.request(m.siti, { orderId, reason, evidenceUrls, lines: [{ orderLineId: lines[0]!, quantity: 1 }] });

    expect(errors(await ask(null))).toEqual([['EVIDENCE_REQUIRED', ['input', 'evidenceUrls']]]);
    expect(errors(await ask([]))).toEqual([['EVIDENCE_REQUIRED', ['input', 'evidenceUrls']]]);
    const tooMany = Array.from({ length: 10 }, (_, i) => `https://cdn.example.com/bukti/${i}.jpg`);
    expect(errors(await ask(tooMany))).toEqual([['INVALID_INPUT', ['input', 'evidenceUrls']]]);
    expect(errors(await ask(['https://cdn.example.com/ok.jpg', 'http://cdn.example.com/plain.jpg', 'javascript:alert(1)', `https://cdn.example.com/${'x'.repeat(500)}.jpg`]))).toEqual([
      ['INVALID_INPUT', ['input', 'evidenceUrls', '1']],
      ['INVALID_INPUT', ['input', 'evidenceUrls', '2']],
      ['INVALID_INPUT', ['input', 'evidenceUrls', '3']],
    ]);
    const nine = await ask(tooMany.slice(0, 9));
    expect(nine.userErrors).toEqual([]);
    expect(nine.returnRequest!.evidenceUrls).toHaveLength(9);
  });

  it('lets only the buyer ask, ship and withdraw, and only members of the shop answer and receive', async () => {
    const { orderId, lines } = await m.delivered();
    const anonymous = await server.client.request(RequestReturnDocument, {
      input: { orderId, type: 'REFUND_ONLY', reason: 'DAMAGED', evidenceUrls: EVIDENCE, lines: [{ orderLineId: lines[0]!, quantity: 1 }] },
    });
    expect(codes(anonymous.errors)).toEqual(['UNAUTHENTICATED']);
    for (const stranger of [m.andi, m.shop.owner]) {
      expect(errors(await m.request(stranger, { orderId, lines: [{ orderLineId: lines[0]!, quantity: 1 }] }))).toEqual([['NOT_FOUND', ['input', 'orderId']]]);
    }

    const { returnRequest } = await m.request(m.siti, { orderId, type: 'RETURN_AND_REFUND', lines: [{ orderLineId: lines[0]!, quantity: 1 }] });
    const returnId = returnRequest!.id;
    const otherShop = await openShop(server, 'Toko Sebelah', 'toko-sebelah');
    for (const notSeller of [m.siti, m.andi, otherShop.owner]) expect(errors(await m.respond(returnId, true, null, notSeller))).toEqual([['NOT_FOUND', ['input', 'returnId']]]);
    for (const notBuyer of [m.andi, m.shop.owner]) expect(errors(await m.withdraw(returnId, notBuyer))).toEqual([['NOT_FOUND', ['input', 'returnId']]]);
    expect(errors(await m.respond('not-an-id', true))).toEqual([['NOT_FOUND', ['input', 'returnId']]]);

    expect((await m.respond(returnId, true)).userErrors).toEqual([]);
    expect(errors(await m.ship(returnId, 'JNT', m.newTracking('JNT'), m.shop.owner))).toEqual([['NOT_FOUND', ['input', 'returnId']]]);
    expect((await m.ship(returnId)).userErrors).toEqual([]);
    for (const notSeller of [m.siti, otherShop.owner]) expect(errors(await m.receive(returnId, notSeller))).toEqual([['NOT_FOUND', ['input', 'returnId']]]);

    // The request is visible to whoever sees the order, and to no one else.
    for (const viewer of [m.siti, m.shop.owner]) expect((await viewer.client.data(ReturnNodeDocument, { id: returnId })).node).toMatchObject({ status: 'BUYER_SHIPPED', order: { id: orderId } });
    for (const viewer of [m.andi, otherShop.owner]) expect((await viewer.client.data(ReturnNodeDocument, { id: returnId })).node).toBeNull();
  });

  it('refunds once when the seller confirms receipt twice at the same moment', async () => {
    const { orderId, lines } = await m.delivered();
    const { returnRequest } = await m.request(m.siti, { orderId, type: 'RETURN_AND_REFUND', lines: [{ orderLineId: lines[0]!, quantity: 2 }] });
    await m.respond(returnRequest!.id, true);
    await m.ship(returnRequest!.id);

    const both = await Promise.all([m.receive(returnRequest!.id), m.receive(returnRequest!.id)]);
    expect(both.filter((r) => r.userErrors.length === 0)).toHaveLength(1);
    expect(both.flatMap((r) => r.userErrors.map((e) => e.code))).toEqual(['INVALID_TRANSITION']);
    const order = (await m.orderOf(orderId))!;
    expect(order).toMatchObject({ paymentStatus: 'PARTIALLY_REFUNDED', refunds: [{ amount: { amount: '90000.00' } }], returnRequests: [{ status: 'REFUNDED' }] });
    expect(order.timeline.filter((t) => t.kind === 'RETURN_REFUNDED')).toHaveLength(1);
  });

  it('lists orders with returns in progress or refunded in the RETURNS tab of both order centers, and counts them', async () => {
    const shop = await openShop(server, 'Toko Retur Tab', 'toko-retur-tab');
    const { createProduct } = await shop.owner.client.data(CreateProductDocument, {
      input: {
        shopId: shop.shopId,
        title: 'Mukena Katun Jepang',
        description: 'Mukena katun Jepang yang adem dan ringan, lengkap dengan tas.',
        categoryId: m.categories['hijab']!,
        imageUrls: ['https://cdn.example.com/mukena.jpg'],
        variants: [{ sku: 'MKN-TAB', optionValues: [], price: '99000', stock: 50, weightGrams: 200 }],
        publish: true,
      },
    });
    const buyer = await signUpBuyer(server, 'Rina Tab');
    await buyer.client.data(AddAddressDocument, { input: jakartaAddress });
    const deliver = async () => {
      const order = await m.delivered({ buyer, seller: shop, items: [{ variantId: createProduct.product!.variants[0]!.id, quantity: 2 }] });
      return { ...order, ask: () => m.request(buyer, { orderId: order.orderId, lines: [{ orderLineId: order.lines[0]!, quantity: 1 }] }) };
    };
    const refunded = await deliver();
    await m.respond((await refunded.ask()).returnRequest!.id, true, null, shop.owner);
    const open = await deliver();
    await open.ask();
    const rejected = await deliver();
    await m.respond((await rejected.ask()).returnRequest!.id, false, 'Bukan cacat produksi', shop.owner);
    const withdrawn = await deliver();
    await m.withdraw((await withdrawn.ask()).returnRequest!.id, buyer);
    await deliver();

    const { viewer } = await buyer.client.data(ReturnsTabDocument, { tab: 'RETURNS', first: 10 });
    expect(viewer!.orders.edges.map((e) => e.node.id)).toEqual([open.orderId, refunded.orderId]);
    expect(viewer!.orders.totalCount).toBe(2);
    expect(viewer!.orderCounts).toEqual({ all: 5, toReview: 5, cancelled: 0, returns: 2 });

    const seller = (await shop.owner.client.data(ShopReturnsTabDocument, { shopId: shop.shopId, tab: 'RETURNS', first: 10 })).shop!;
    expect(seller.orders!.edges.map((e) => e.node.id)).toEqual([open.orderId, refunded.orderId]);
    expect(seller.orderCounts).toEqual({ all: 5, delivered: 5, completed: 0, returns: 2 });
    // Other buyers' tabs do not see these orders.
    expect((await m.andi.client.data(ReturnsTabDocument, { tab: 'RETURNS', first: 10 })).viewer!.orderCounts.returns).toBe(0);
  });
});

describeStore('returns and refunds: deadlines', () => {
  let server: TestServer;
  let m: Awaited<ReturnType<typeof marketplace>>;
  const secondInstance = () => new JobRunner(server.app, backgroundJobs, server.app.logger);

  beforeAll(async () => {
    server = await startTestServer({ config: { jwtTtlSeconds: LONG_SESSION } });
    m = await marketplace(server, 'tenggat');
  });
  afterAll(() => server?.stop());

  it('completes delivered orders at autoCompleteAt once, even with two instances sweeping at the same moment', async () => {
    const orders = [await m.delivered(), await m.delivered(), await m.delivered()];
    expect(await server.jobs.runNow('auto-complete-orders')).toBe(0); // not due yet
    server.clock.advance(7 * DAY);
    const passes = await Promise.all([server.jobs.runNow('auto-complete-orders'), secondInstance().runNow('auto-complete-orders')]);
    expect(passes[0] + passes[1]).toBe(3);
    for (const { orderId } of orders) {
      const order = (await m.orderOf(orderId))!;
      expect(order.status).toBe('COMPLETED');
      expect(order.timeline.filter((t) => t.toStatus === 'COMPLETED' && t.kind === 'STATUS_CHANGED')).toEqual([
        { kind: 'STATUS_CHANGED', fromStatus: 'DELIVERED', toStatus: 'COMPLETED', actor: 'SYSTEM', reason: 'Completed automatically after delivery' },
      ]);
      expect(order.availableActions).toEqual(['REVIEW']);
    }
  });

  it('does not complete an order while a return is open, and completes it on the pass after the return ends', async () => {
    const { orderId, lines } = await m.delivered();
    const { returnRequest } = await m.request(m.siti, { orderId, type: 'RETURN_AND_REFUND', lines: [{ orderLineId: lines[0]!, quantity: 1 }] });
    await m.respond(returnRequest!.id, true);
    server.clock.advance(7 * DAY);
    await server.jobs.runNow('auto-complete-orders');
    expect((await m.orderOf(orderId))!.status).toBe('DELIVERED');

    await m.withdraw(returnRequest!.id);
    expect(await server.jobs.runNow('auto-complete-orders')).toBe(1);
    expect((await m.orderOf(orderId))!.status).toBe('COMPLETED');
  });

  it('approves a request the seller leaves unanswered past respondBy, refunding once with two instances sweeping', async () => {
    const { orderId, lines } = await m.delivered();
    const { returnRequest } = await m.request(m.siti, { orderId, lines: [{ orderLineId: lines[1]!, quantity: 1 }] });
    server.clock.advance(48 * HOUR - 1);
    expect(await server.jobs.runNow('auto-approve-returns')).toBe(0);
    server.clock.advance(1);
    const passes = await Promise.all([server.jobs.runNow('auto-approve-returns'), secondInstance().runNow('auto-approve-returns')]);
    expect(passes[0] + passes[1]).toBe(1);
    const order = (await m.orderOf(orderId))!;
    expect(order).toMatchObject({ paymentStatus: 'PARTIALLY_REFUNDED', refunds: [{ amount: { amount: '120000.00' } }], returnRequests: [{ id: returnRequest!.id, status: 'REFUNDED' }] });
    expect(order.timeline.slice(-2).map((t) => [t.kind, t.actor, t.reason])).toEqual([
      ['RETURN_APPROVED', 'SYSTEM', 'The seller did not respond in time'],
      ['RETURN_REFUNDED', 'SYSTEM', 'Refunded 120000.00'],
    ]);
  });

  it('cancels an approved return the buyer does not ship by shipBy, and receives and refunds one the seller does not confirm by receiveBy', async () => {
    const unshipped = await m.delivered();
    const lapsing = (await m.request(m.siti, { orderId: unshipped.orderId, type: 'RETURN_AND_REFUND', lines: [{ orderLineId: unshipped.lines[0]!, quantity: 1 }] })).returnRequest!;
    await m.respond(lapsing.id, true);

    const shipped = await m.delivered();
    const sent = (await m.request(m.siti, { orderId: shipped.orderId, type: 'RETURN_AND_REFUND', lines: [{ orderLineId: shipped.lines[1]!, quantity: 1 }] })).returnRequest!;
    await m.respond(sent.id, true);
    await m.ship(sent.id);

    server.clock.advance(7 * DAY);
    expect(await server.jobs.runNow('cancel-unshipped-returns')).toBe(1);
    const cancelled = (await m.orderOf(unshipped.orderId))!;
    expect(cancelled).toMatchObject({ paymentStatus: 'PAID', returnRequests: [{ status: 'CANCELLED' }] });
    expect(cancelled.timeline.at(-1)).toMatchObject({ kind: 'RETURN_CANCELLED', actor: 'SYSTEM', reason: 'The buyer did not ship the return in time' });

    expect(await server.jobs.runNow('auto-receive-returns')).toBe(0);
    server.clock.advance(7 * DAY);
    expect(await server.jobs.runNow('auto-receive-returns')).toBe(1);
    const refunded = (await m.orderOf(shipped.orderId))!;
    expect(refunded).toMatchObject({ paymentStatus: 'PARTIALLY_REFUNDED', refunds: [{ amount: { amount: '120000.00' } }], returnRequests: [{ status: 'REFUNDED' }] });
    expect(refunded.timeline.slice(-2).map((t) => [t.kind, t.actor])).toEqual([
      ['RETURN_RECEIVED', 'SYSTEM'],
      ['RETURN_REFUNDED', 'SYSTEM'],
    ]);
  });
});
