import { afterAll, beforeAll, expect, it } from 'vitest';
import { Role } from '../../src/shared/viewer';
import {
  AddAddressDocument,
  AddProductReviewDocument,
  ArrangeShipmentDocument,
  ArrangeShipmentsDocument,
  CancelOrderAsSellerDocument,
  CancelOrderDocument,
  ConfirmOrderDocument,
  ConfirmReceiptDocument,
  CreateProductDocument,
  FulfilmentOrderByIdDocument,
  PlaceOrderDocument,
  ProductDocument,
  RecordShipmentEventDocument,
  ShopByIdDocument,
  ShopOrderCenterDocument,
  UpdateShopSettingsDocument,
  type PaymentMethod,
  type ShipmentEventType,
  type ShopOrderCenterQueryVariables,
} from '../generated/graphql';
import { createStaffUser, signUpBuyer, type Actor } from '../support/actors';
import { codes } from '../support/client';
import { jakartaAddress } from '../support/fixtures';
import { describeStore, startTestServer, type TestServer } from '../support/server';
import { openShop, seedCategories, type OpenShop } from '../support/shops';
import { trackingNumberFor } from '../support/tracking';

describeStore('fulfilment: seller order center, shipping, carrier events and receipt', () => {
  let server: TestServer;
  let categories: Record<string, string>;
  let shop: OpenShop;
  let otherShop: OpenShop;
  let carrier: Actor;
  let admin: Actor;
  let siti: Actor;
  let andi: Actor;
  let product: { id: string; variantId: string };
  let trackingCounter = 0;

  const newTracking = (carrier = 'JNT') => trackingNumberFor(carrier, (trackingCounter += 1));

  const createProduct = async (owner: OpenShop, sku: string, stock = 50) => {
    const { createProduct: created } = await owner.owner.client.data(CreateProductDocument, {
      input: {
        shopId: owner.shopId,
        title: `Hijab Segi Empat ${sku}`,
        description: 'Hijab segi empat bahan voal, lembut dan mudah dibentuk untuk sehari-hari.',
        categoryId: categories['hijab']!,
        imageUrls: [`https://cdn.example.com/${sku}.jpg`],
        variants: [{ sku, optionValues: [], price: '45000', stock, weightGrams: 100 }],
        publish: true,
      },
    });
    expect(created.userErrors).toEqual([]);
    return { id: created.product!.id, variantId: created.product!.variants[0]!.id };
  };

  const placeOrder = async (buyer: Actor, options: { quantity?: number; paymentMethod?: PaymentMethod; variantId?: string } = {}) => {
    const { placeOrder: placed } = await buyer.client.data(PlaceOrderDocument, {
      input: {
        lines: [{ variantId: options.variantId ?? product.variantId, quantity: options.quantity ?? 1 }],
        paymentMethod: options.paymentMethod ?? 'COD',
        idempotencyKey: `fulfilment-${Math.random().toString(36).slice(2)}`,
      },
    });
    expect(placed.userErrors).toEqual([]);
    return placed.order!;
  };

  const confirm = (orderId: string, seller = shop.owner) => seller.client.data(ConfirmOrderDocument, { input: { orderId } }).then((r) => r.confirmOrder);
  const arrange = (orderId: string, trackingNumber = newTracking(), carrierCode = 'JNT', seller = shop.owner) =>
    seller.client.data(ArrangeShipmentDocument, { input: { orderId, carrierCode, trackingNumber } }).then((r) => r.arrangeShipment);
  const carrierEvent = (trackingNumber: string, type: ShipmentEventType, options: { carrierCode?: string; description?: string; as?: Actor } = {}) =>
    (options.as ?? carrier).client.request(RecordShipmentEventDocument, {
      input: { carrierCode: options.carrierCode ?? 'JNT', trackingNumber, type, occurredAt: server.clock.now().toISOString(), description: options.description ?? null },
    });
  const recorded = async (trackingNumber: string, type: ShipmentEventType, options: { description?: string } = {}) => {
    const response = await carrierEvent(trackingNumber, type, options);
    expect(response.errors).toBeUndefined();
    return response.data!.recordShipmentEvent;
  };
  const viewOrder = (viewer: Actor, id: string) => viewer.client.data(FulfilmentOrderByIdDocument, { id }).then((r) => r.order);
  const stockOf = async (productId: string) => (await siti.client.data(ProductDocument, { id: productId })).product!.variants[0]!.stock;
  const errorCodes = (payload: { userErrors: { code: string }[] }) => payload.userErrors.map((e) => e.code);

  /** A COD order of siti taken to `until` by the seller and the carrier; returns its id and tracking number. */
  const orderIn = async (until: 'ON_HOLD' | 'AWAITING_SHIPMENT' | 'AWAITING_COLLECTION' | 'IN_TRANSIT' | 'DELIVERED', buyer = siti) => {
    const order = await placeOrder(buyer);
    const steps = ['ON_HOLD', 'AWAITING_SHIPMENT', 'AWAITING_COLLECTION', 'IN_TRANSIT', 'DELIVERED'];
    const trackingNumber = newTracking();
    const target = steps.indexOf(until);
    if (target >= 1) expect((await confirm(order.id)).userErrors).toEqual([]);
    if (target >= 2) expect((await arrange(order.id, trackingNumber)).userErrors).toEqual([]);
    if (target >= 3) expect((await recorded(trackingNumber, 'PICKED_UP')).userErrors).toEqual([]);
    if (target >= 4) expect((await recorded(trackingNumber, 'DELIVERED')).userErrors).toEqual([]);
    return { orderId: order.id, orderNumber: order.orderNumber, trackingNumber };
  };

  beforeAll(async () => {
    server = await startTestServer();
    categories = await seedCategories(server);
    shop = await openShop(server, 'Dewi Hijab', 'dewi-hijab');
    otherShop = await openShop(server, 'Toko Lain', 'toko-lain');
    product = await createProduct(shop, 'HJB-1', 200);
    [carrier, admin, siti, andi] = await Promise.all([
      createStaffUser(server, Role.CARRIER, 'Kurir JNE'),
      createStaffUser(server, Role.ADMIN, 'Admin'),
      signUpBuyer(server, 'Siti Rahma'),
      signUpBuyer(server, 'Andi Wijaya'),
    ]);
    for (const buyer of [siti, andi]) await buyer.client.data(AddAddressDocument, { input: jakartaAddress });
  });
  afterAll(() => server?.stop());

  it('takes a cash-on-delivery order from confirmation to completion, with each actor on the timeline', async () => {
    const order = await placeOrder(siti);
    expect(order.status).toBe('ON_HOLD');

    const confirmed = await confirm(order.id);
    expect(confirmed.userErrors).toEqual([]);
    expect(confirmed.order!.status).toBe('AWAITING_SHIPMENT');

    // Carrier code and tracking number are accepted in any letter case and stored upper case.
    const arranged = await arrange(order.id, 'jp1234567890', 'jnt');
    expect(arranged.userErrors).toEqual([]);
    expect(arranged.order).toMatchObject({
      status: 'AWAITING_COLLECTION',
      shipment: { carrier: 'JNT', trackingNumber: 'JP1234567890', status: 'AWAITING_PICKUP', pickedUpAt: null, deliveredAt: null, events: [] },
    });
    expect(arranged.order!.shipment!.arrangedAt).toBe(server.clock.now().toISOString());

    server.clock.advance(3 * 60 * 60_000);
    const pickedUp = await recorded('JP1234567890', 'PICKED_UP', { description: 'Diambil kurir di gudang Kramat Jati' });
    expect(pickedUp).toMatchObject({ duplicate: false, userErrors: [], shipment: { status: 'IN_TRANSIT', pickedUpAt: server.clock.now().toISOString() } });

    server.clock.advance(24 * 60 * 60_000);
    const delivered = await recorded('JP1234567890', 'DELIVERED', { description: 'Diterima oleh Siti' });
    expect(delivered.shipment).toMatchObject({ status: 'DELIVERED', deliveredAt: server.clock.now().toISOString() });
    expect(delivered.shipment!.events.map((e) => [e.type, e.description])).toEqual([
      ['PICKED_UP', 'Diambil kurir di gudang Kramat Jati'],
      ['DELIVERED', 'Diterima oleh Siti'],
    ]);
    // A carrier retrying the same report changes nothing.
    const retried = await recorded('JP1234567890', 'DELIVERED');
    expect(retried).toMatchObject({ duplicate: true, userErrors: [], shipment: { status: 'DELIVERED' } });
    expect(retried.shipment!.events).toHaveLength(2);

    const received = await siti.client.data(ConfirmReceiptDocument, { input: { orderId: order.id } });
    expect(received.confirmReceipt.userErrors).toEqual([]);
    expect(received.confirmReceipt.order!.status).toBe('COMPLETED');
    expect(received.confirmReceipt.order!.timeline.map((t) => [t.fromStatus, t.toStatus, t.actor])).toEqual([
      [null, 'ON_HOLD', 'BUYER'],
      ['ON_HOLD', 'AWAITING_SHIPMENT', 'SELLER'],
      ['AWAITING_SHIPMENT', 'AWAITING_COLLECTION', 'SELLER'],
      ['AWAITING_COLLECTION', 'IN_TRANSIT', 'CARRIER'],
      ['IN_TRANSIT', 'DELIVERED', 'CARRIER'],
      ['DELIVERED', 'COMPLETED', 'BUYER'],
    ]);
  });

  it('refuses steps out of order with INVALID_TRANSITION', async () => {
    const onHold = await orderIn('ON_HOLD');
    const early = await arrange(onHold.orderId);
    expect(early.userErrors.map((e) => [e.code, e.field])).toEqual([['INVALID_TRANSITION', ['input', 'orderId']]]);
    expect(early.userErrors[0]!.message).toMatch(/ON_HOLD.*AWAITING_COLLECTION/);

    const notDelivered = await siti.client.data(ConfirmReceiptDocument, { input: { orderId: onHold.orderId } });
    expect(errorCodes(notDelivered.confirmReceipt)).toEqual(['INVALID_TRANSITION']);

    const sellerCancel = await shop.owner.client.data(CancelOrderAsSellerDocument, { input: { orderId: onHold.orderId, reason: 'Stok habis' } });
    expect(errorCodes(sellerCancel.cancelOrderAsSeller)).toEqual(['INVALID_TRANSITION']);

    expect(errorCodes(await confirm(onHold.orderId))).toEqual([]);
    expect(errorCodes(await confirm(onHold.orderId))).toEqual(['INVALID_TRANSITION']);

    const collecting = await orderIn('AWAITING_COLLECTION');
    // Returned to the seller before any pickup: contradictory. (A delivery before any pickup implies the pickup.)
    const returnedTooSoon = await recorded(collecting.trackingNumber, 'RETURNED_TO_SENDER');
    expect(returnedTooSoon.userErrors.map((e) => [e.code, e.field])).toEqual([['INVALID_TRANSITION', ['input', 'type']]]);
    expect((await viewOrder(siti, collecting.orderId))!).toMatchObject({ status: 'AWAITING_COLLECTION', shipment: { status: 'AWAITING_PICKUP', events: [] } });
  });

  it('answers NOT_FOUND to sellers of other shops and to anyone but the buyer for receipts', async () => {
    const { orderId } = await orderIn('ON_HOLD');
    for (const stranger of [otherShop.owner, siti, andi]) {
      const refused = await confirm(orderId, stranger);
      expect(refused.userErrors.map((e) => [e.code, e.field])).toEqual([['NOT_FOUND', ['input', 'orderId']]]);
    }
    const cancel = await otherShop.owner.client.data(CancelOrderAsSellerDocument, { input: { orderId, reason: 'Bukan pesanan kami' } });
    expect(errorCodes(cancel.cancelOrderAsSeller)).toEqual(['NOT_FOUND']);
    expect(errorCodes(await arrange(orderId, newTracking(), 'JNT', otherShop.owner))).toEqual(['NOT_FOUND']);

    const delivered = await orderIn('DELIVERED');
    for (const stranger of [andi, shop.owner]) {
      const receipt = await stranger.client.data(ConfirmReceiptDocument, { input: { orderId: delivered.orderId } });
      expect(errorCodes(receipt.confirmReceipt)).toEqual(['NOT_FOUND']);
    }
    expect(errorCodes(await confirm('not-an-id'))).toEqual(['NOT_FOUND']);
  });

  it('lets only carrier accounts record shipment events, and only for known parcels', async () => {
    const { trackingNumber } = await orderIn('AWAITING_COLLECTION');
    for (const notCarrier of [siti, shop.owner, admin]) {
      const response = await carrierEvent(trackingNumber, 'PICKED_UP', { as: notCarrier });
      expect(codes(response.errors)).toEqual(['FORBIDDEN']);
    }
    const anonymous = await server.client.request(RecordShipmentEventDocument, {
      input: { carrierCode: 'JNE', trackingNumber, type: 'PICKED_UP', occurredAt: server.clock.now().toISOString() },
    });
    expect(codes(anonymous.errors)).toEqual(['UNAUTHENTICATED']);

    const unknown = await recorded('JP9999999999', 'PICKED_UP');
    expect(unknown.userErrors.map((e) => [e.code, e.field])).toEqual([['NOT_FOUND', ['input', 'trackingNumber']]]);
    const otherCarrier = await recorded(trackingNumber, 'PICKED_UP').then(() => carrierEvent(trackingNumber, 'DELIVERED', { carrierCode: 'SICEPAT' }));
    expect(errorCodes(otherCarrier.data!.recordShipmentEvent)).toEqual(['NOT_FOUND']);
    const badCarrier = await carrierEvent(trackingNumber, 'DELIVERED', { carrierCode: 'FEDEX' });
    expect(badCarrier.data!.recordShipmentEvent.userErrors.map((e) => [e.code, e.field])).toEqual([['UNKNOWN_CARRIER', ['input', 'carrierCode']]]);
  });

  it('checks the carrier code and tracking number when arranging a shipment', async () => {
    const { orderId } = await orderIn('AWAITING_SHIPMENT');
    const badCarrier = await arrange(orderId, newTracking(), 'FEDEX');
    expect(badCarrier.userErrors.map((e) => [e.code, e.field])).toEqual([['UNKNOWN_CARRIER', ['input', 'carrierCode']]]);
    for (const trackingNumber of ['AB12', 'JP-1234-5678', 'X'.repeat(31)]) {
      const bad = await arrange(orderId, trackingNumber);
      expect(bad.userErrors.map((e) => [e.code, e.field])).toEqual([['INVALID_TRACKING_NUMBER', ['input', 'trackingNumber']]]);
    }
    const taken = await orderIn('AWAITING_COLLECTION');
    const reused = await arrange(orderId, taken.trackingNumber);
    expect(reused.userErrors.map((e) => [e.code, e.field])).toEqual([['TRACKING_NUMBER_IN_USE', ['input', 'trackingNumber']]]);
    // Each carrier has its own format: a J&T number is no SPX number.
    const otherCarrier = await arrange(orderId, taken.trackingNumber, 'SPX');
    expect(otherCarrier.userErrors.map((e) => [e.code, e.field])).toEqual([['INVALID_TRACKING_NUMBER', ['input', 'trackingNumber']]]);
    const spx = await arrange(orderId, newTracking('SPX'), 'SPX');
    expect(spx.order).toMatchObject({ status: 'AWAITING_COLLECTION', shipment: { carrier: 'SPX' } });
  });

  it('arranges shipments in bulk, each item succeeding or failing on its own', async () => {
    const orders = [await orderIn('AWAITING_SHIPMENT'), await orderIn('AWAITING_SHIPMENT'), await orderIn('AWAITING_SHIPMENT')];
    const [first, second, third] = [newTracking(), newTracking(), newTracking('ANTERAJA')];
    const { arrangeShipments } = await shop.owner.client.data(ArrangeShipmentsDocument, {
      input: {
        shipments: [
          { orderId: orders[0]!.orderId, carrierCode: 'JNT', trackingNumber: first },
          { orderId: orders[1]!.orderId, carrierCode: 'KILAT', trackingNumber: second },
          { orderId: orders[2]!.orderId, carrierCode: 'ANTERAJA', trackingNumber: third },
        ],
      },
    });
    expect(arrangeShipments.userErrors).toEqual([]);
    expect(arrangeShipments.results!.map((r) => [r.orderId, r.order?.status ?? null, r.userErrors.map((e) => [e.code, e.field])])).toEqual([
      [orders[0]!.orderId, 'AWAITING_COLLECTION', []],
      [orders[1]!.orderId, null, [['UNKNOWN_CARRIER', ['input', 'shipments', '1', 'carrierCode']]]],
      [orders[2]!.orderId, 'AWAITING_COLLECTION', []],
    ]);
    expect(arrangeShipments.results![2]!.order!.shipment).toEqual({ carrier: 'ANTERAJA', trackingNumber: third });
    expect((await viewOrder(shop.owner, orders[1]!.orderId))!.status).toBe('AWAITING_SHIPMENT');

    const empty = await shop.owner.client.data(ArrangeShipmentsDocument, { input: { shipments: [] } });
    expect(empty.arrangeShipments).toMatchObject({ results: null, userErrors: [{ code: 'INVALID_INPUT', field: ['input', 'shipments'] }] });
  });

  it('lets the seller cancel before pickup with a reason, returning the stock', async () => {
    const before = await stockOf(product.id);
    const order = await placeOrder(siti, { quantity: 3 });
    expect((await confirm(order.id)).userErrors).toEqual([]);
    expect(await stockOf(product.id)).toBe(before - 3);

    const noReason = await shop.owner.client.data(CancelOrderAsSellerDocument, { input: { orderId: order.id, reason: '  ' } });
    expect(noReason.cancelOrderAsSeller.userErrors.map((e) => [e.code, e.field])).toEqual([['INVALID_INPUT', ['input', 'reason']]]);

    const { cancelOrderAsSeller } = await shop.owner.client.data(CancelOrderAsSellerDocument, { input: { orderId: order.id, reason: 'Stok habis di gudang' } });
    expect(cancelOrderAsSeller.userErrors).toEqual([]);
    expect(cancelOrderAsSeller.order).toMatchObject({ status: 'CANCELLED', cancelReason: 'Stok habis di gudang', availableActions: [] });
    expect(cancelOrderAsSeller.order!.timeline.at(-1)).toEqual({ fromStatus: 'AWAITING_SHIPMENT', toStatus: 'CANCELLED', actor: 'SELLER', reason: 'Stok habis di gudang' });
    expect(await stockOf(product.id)).toBe(before);

    const again = await shop.owner.client.data(CancelOrderAsSellerDocument, { input: { orderId: order.id, reason: 'lagi' } });
    expect(errorCodes(again.cancelOrderAsSeller)).toEqual(['INVALID_TRANSITION']);
    expect(await stockOf(product.id)).toBe(before);

    const collecting = await orderIn('AWAITING_COLLECTION');
    const afterArrange = await shop.owner.client.data(CancelOrderAsSellerDocument, { input: { orderId: collecting.orderId, reason: 'Alamat tidak terjangkau' } });
    expect(afterArrange.cancelOrderAsSeller.order).toMatchObject({ status: 'CANCELLED', shipment: { status: 'CANCELLED' } });
    expect(await stockOf(product.id)).toBe(before);
    // The carrier can no longer pick up a cancelled parcel.
    expect(errorCodes(await recorded(collecting.trackingNumber, 'PICKED_UP'))).toEqual(['INVALID_TRANSITION']);
  });

  it('cancels the order of a lost parcel without returning its stock', async () => {
    const before = await stockOf(product.id);
    const { orderId, trackingNumber } = await orderIn('IN_TRANSIT');
    const lost = await recorded(trackingNumber, 'LOST', { description: 'Paket hilang di hub Cakung' });
    expect(lost.userErrors).toEqual([]);
    expect(lost.shipment!.status).toBe('LOST');
    const order = await viewOrder(siti, orderId);
    expect(order).toMatchObject({ status: 'CANCELLED', cancelReason: 'Lost by the carrier: Paket hilang di hub Cakung', availableActions: [] });
    expect(order!.timeline.at(-1)).toMatchObject({ fromStatus: 'IN_TRANSIT', toStatus: 'CANCELLED', actor: 'CARRIER' });
    expect(await stockOf(product.id)).toBe(before - 1);
  });

  it('filters the shop order center by tab, status, order number, buyer name and date, and counts each tab', async () => {
    const counted = await openShop(server, 'Toko Hitung', 'toko-hitung');
    const item = await createProduct(counted, 'CNT-1');
    const center = (viewer: Actor, variables: Omit<ShopOrderCenterQueryVariables, 'shopId'> = {}) =>
      viewer.client.data(ShopOrderCenterDocument, { shopId: counted.shopId, first: 50, ...variables }).then((r) => r.shop!);

    const sitiOnHold = await placeOrder(siti, { variantId: item.variantId });
    const sitiConfirmed = await placeOrder(siti, { variantId: item.variantId });
    expect((await confirm(sitiConfirmed.id, counted.owner)).userErrors).toEqual([]);
    const andiCancelled = await placeOrder(andi, { variantId: item.variantId });
    expect((await andi.client.data(CancelOrderDocument, { input: { orderId: andiCancelled.id, reason: 'Salah pilih warna' } })).cancelOrder.userErrors).toEqual([]);
    server.clock.advance(60_000);
    const since = server.clock.now().toISOString();
    server.clock.advance(60_000);
    const andiUnpaid = await placeOrder(andi, { variantId: item.variantId, paymentMethod: 'E_WALLET' });

    const all = await center(counted.owner);
    expect(all.orders!.edges.map((e) => e.node.id)).toEqual([andiUnpaid.id, andiCancelled.id, sitiConfirmed.id, sitiOnHold.id]);
    expect(all.orderCounts).toEqual({ all: 4, unpaid: 1, toShip: 2, shipped: 0, delivered: 0, completed: 0, cancelled: 1 });

    expect((await center(counted.owner, { tab: 'TO_SHIP' })).orders!.edges.map((e) => e.node.id)).toEqual([sitiConfirmed.id, sitiOnHold.id]);
    expect((await center(counted.owner, { status: 'ON_HOLD' })).orders!.edges.map((e) => e.node.id)).toEqual([sitiOnHold.id]);
    expect((await center(counted.owner, { tab: 'TO_SHIP', status: 'CANCELLED' })).orders!.totalCount).toBe(0);
    const byNumber = await center(counted.owner, { query: sitiConfirmed.orderNumber.slice(-6).toLowerCase() });
    expect(byNumber.orders!.edges.map((e) => e.node.id)).toEqual([sitiConfirmed.id]);
    const byName = await center(counted.owner, { query: 'andi WIJ' });
    expect(byName.orders!.edges.map((e) => e.node.id)).toEqual([andiUnpaid.id, andiCancelled.id]);
    expect((await center(counted.owner, { query: 'nobody' })).orders!.totalCount).toBe(0);
    expect((await center(counted.owner, { createdAfter: since })).orders!.edges.map((e) => e.node.id)).toEqual([andiUnpaid.id]);

    const firstPage = await center(counted.owner, { first: 3 });
    expect(firstPage.orders!.pageInfo.hasNextPage).toBe(true);
    const secondPage = await center(counted.owner, { first: 3, after: firstPage.orders!.pageInfo.endCursor });
    expect(secondPage.orders!.edges.map((e) => e.node.id)).toEqual([sitiOnHold.id]);

    for (const outsider of [shop.owner, siti]) {
      const hidden = await center(outsider);
      expect([hidden.orders, hidden.orderCounts]).toEqual([null, null]);
    }
    expect((await center(admin)).orderCounts!.all).toBe(4);
  });

  it('moves cash-on-delivery orders straight to AWAITING_SHIPMENT when the shop auto-confirms', async () => {
    const auto = await openShop(server, 'Toko Otomatis', 'toko-otomatis');
    const item = await createProduct(auto, 'AUTO-1');
    const { shop: current } = await auto.owner.client.data(ShopByIdDocument, { id: auto.shopId });
    const { updateShopSettings } = await auto.owner.client.data(UpdateShopSettingsDocument, {
      input: { shopId: auto.shopId, expectedVersion: current!.version, autoConfirmOrders: true },
    });
    expect(updateShopSettings.shop!.autoConfirmOrders).toBe(true);

    const order = await placeOrder(siti, { variantId: item.variantId });
    expect(order.status).toBe('AWAITING_SHIPMENT');
    expect(order.timeline.map((t) => [t.fromStatus, t.toStatus, t.actor])).toEqual([
      [null, 'ON_HOLD', 'BUYER'],
      ['ON_HOLD', 'AWAITING_SHIPMENT', 'SYSTEM'],
    ]);
    // Orders waiting for payment are left to the payment confirmation.
    expect((await placeOrder(siti, { variantId: item.variantId, paymentMethod: 'E_WALLET' })).status).toBe('UNPAID');
    // Shops without the setting keep the seller's confirmation.
    expect((await placeOrder(siti)).status).toBe('ON_HOLD');
  });

  it('offers each viewer the actions that fit the order and its status', async () => {
    const actions = async (viewer: Actor, orderId: string) => (await viewOrder(viewer, orderId))?.availableActions ?? null;
    const expectActions = async (orderId: string, expected: { buyer: string[]; seller: string[] }) => {
      expect(await actions(siti, orderId)).toEqual(expected.buyer);
      expect(await actions(shop.owner, orderId)).toEqual(expected.seller);
      expect(await actions(admin, orderId)).toEqual([]);
      expect(await actions(andi, orderId)).toBeNull(); // a stranger does not see the order at all
    };

    const unpaid = await placeOrder(siti, { paymentMethod: 'E_WALLET' });
    await expectActions(unpaid.id, { buyer: ['PAY', 'CANCEL'], seller: [] });

    const onHold = await orderIn('ON_HOLD');
    await expectActions(onHold.orderId, { buyer: ['CANCEL'], seller: ['CONFIRM'] });

    expect((await confirm(onHold.orderId)).userErrors).toEqual([]);
    await expectActions(onHold.orderId, { buyer: ['REQUEST_CANCELLATION'], seller: ['ARRANGE_SHIPMENT', 'CANCEL_AS_SELLER'] });

    const trackingNumber = newTracking();
    expect((await arrange(onHold.orderId, trackingNumber)).userErrors).toEqual([]);
    await expectActions(onHold.orderId, { buyer: [], seller: ['CANCEL_AS_SELLER'] });

    await recorded(trackingNumber, 'PICKED_UP');
    await expectActions(onHold.orderId, { buyer: [], seller: [] });

    await recorded(trackingNumber, 'DELIVERED');
    await expectActions(onHold.orderId, { buyer: ['CONFIRM_RECEIPT', 'REVIEW', 'REQUEST_RETURN'], seller: [] });

    await siti.client.data(ConfirmReceiptDocument, { input: { orderId: onHold.orderId } });
    await expectActions(onHold.orderId, { buyer: ['REVIEW'], seller: [] });

    // After the free-cancellation window the buyer can no longer cancel an ON_HOLD order.
    const late = await orderIn('ON_HOLD');
    server.clock.advance(61 * 60_000);
    await expectActions(late.orderId, { buyer: [], seller: ['CONFIRM'] });
  });

  it('lets the buyer review a line once its order is delivered, and only once', async () => {
    const { orderId, trackingNumber } = await orderIn('IN_TRANSIT');
    const [line] = (await viewOrder(siti, orderId))!.lines;
    const review = (viewer: Actor) => viewer.client.data(AddProductReviewDocument, { input: { orderLineId: line!.id, rating: 5, text: 'Bahannya adem, pengiriman cepat.' } }).then((r) => r.addProductReview);

    expect(errorCodes(await review(siti))).toEqual(['REVIEW_NOT_ELIGIBLE']);
    await recorded(trackingNumber, 'DELIVERED');

    expect(errorCodes(await review(andi))).toEqual(['REVIEW_NOT_ELIGIBLE']);
    const first = await review(siti);
    expect(first.userErrors).toEqual([]);
    expect(first.review).toMatchObject({ rating: 5, product: { id: product.id } });
    const second = await review(siti);
    expect(second.userErrors.map((e) => [e.code, e.field])).toEqual([['ALREADY_REVIEWED', ['input', 'orderLineId']]]);
  });
});
