import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProductVariant } from '../../src/catalog/product.entity';
import { loadConfig } from '../../src/config';
import { decodeIdOf } from '../../src/shared/ids';
import { Role } from '../../src/shared/viewer';
import { signWebhook } from '../../src/shared/webhook-signature';
import {
  CarriersDocument,
  ConfirmOrderDocument,
  InboxDocument,
  PayOrderDocument,
  PlaceQuickOrderDocument,
  ShippingArrangeDocument,
  ShippingOrderDocument,
  ShippingOrderUpdatedDocument,
  ShippingRecordEventDocument,
  SimulatePaymentDocument,
  TrackShipmentDocument,
  type PaymentMethod,
  type ShipmentEventType,
  type ShippingOrderUpdatedSubscription,
} from '../generated/graphql';
import { buyerWithAddress, liveSubscriptions, sellingShop, type SellingShop } from '../events/order-fixtures';
import { createStaffUser, type Actor } from '../support/actors';
import { codes } from '../support/client';
import { describeStore, startTestServer, type TestServer } from '../support/server';
import { seedCategories } from '../support/shops';
import { trackingNumberFor } from '../support/tracking';
import type { Subscription } from '../support/ws';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** SPX signs with its own secret in this suite; every other carrier with the shared one. */
const SPX_SECRET = 'spx-own-carrier-webhook-secret-for-the-tests';

type WebhookAnswer = { status: number; body: { error?: { code: string; message: string }; received?: boolean; duplicate?: boolean; status?: string } };

/** A shop, a buyer with an address, and helpers to take an order to AWAITING_COLLECTION and report on its parcel. */
async function shippingWorld(server: TestServer, handle: string) {
  const categories = await seedCategories(server);
  const shop = await sellingShop(server, categories['hijab']!, `Toko ${handle}`, handle);
  const siti = await buyerWithAddress(server, 'Siti Rahma');
  let counter = 0;

  const placeOrder = async (paymentMethod: PaymentMethod = 'COD', buyer: Actor = siti) => {
    const { placeOrder: placed } = await buyer.client.data(PlaceQuickOrderDocument, {
      input: { lines: [{ variantId: shop.variantId, quantity: 1 }], paymentMethod, idempotencyKey: `ship-${randomUUID()}` },
    });
    expect(placed.userErrors).toEqual([]);
    const orderId = placed.order!.id;
    if (paymentMethod !== 'COD') {
      await buyer.client.data(PayOrderDocument, { input: { orderId, idempotencyKey: `pay-${randomUUID()}` } });
      await buyer.client.data(SimulatePaymentDocument, { input: { orderId, outcome: 'SUCCEEDED' } });
    }
    expect((await shop.owner.client.data(ConfirmOrderDocument, { input: { orderId } })).confirmOrder.userErrors).toEqual([]);
    return orderId;
  };
  const arrange = (orderId: string, carrierCode: string, trackingNumber: string, seller: SellingShop = shop) =>
    seller.owner.client.data(ShippingArrangeDocument, { input: { orderId, carrierCode, trackingNumber } }).then((r) => r.arrangeShipment);
  /** An order in AWAITING_COLLECTION with a new parcel of `carrier`. */
  const collecting = async (carrier = 'JNT', paymentMethod: PaymentMethod = 'COD') => {
    const orderId = await placeOrder(paymentMethod);
    const trackingNumber = trackingNumberFor(carrier, 1000 * handle.length + (counter += 1));
    expect((await arrange(orderId, carrier, trackingNumber)).userErrors).toEqual([]);
    return { orderId, trackingNumber, carrier };
  };
  const orderOf = async (id: string, viewer: Actor = siti) => (await viewer.client.data(ShippingOrderDocument, { id })).order!;
  const inboxKinds = async (viewer: Actor = siti) => {
    await server.relay.drain();
    const { viewer: me } = await viewer.client.data(InboxDocument, { first: 50 });
    return me!.inbox!.edges.map((e) => e.node).reverse();
  };
  return { shop, siti, placeOrder, arrange, collecting, orderOf, inboxKinds };
}

describeStore('shipping: carriers, tracking events, the carrier webhook, public tracking', () => {
  let server: TestServer;
  let world: Awaited<ReturnType<typeof shippingWorld>>;
  let carrierAccount: Actor;

  beforeAll(async () => {
    server = await startTestServer({ config: { shipping: { carrierWebhookSecrets: { SPX: SPX_SECRET }, trackingRateLimitPerMinute: 40 } } });
    world = await shippingWorld(server, 'kirim');
    carrierAccount = await createStaffUser(server, Role.CARRIER, 'Kurir');
  });
  afterAll(() => server?.stop());

  const webhookUrl = (carrier: string) => server.url.replace(/\/graphql$/, `/webhooks/carriers/${carrier}`);
  let eventCounter = 0;

  /** Delivers a carrier event over HTTP, signed with the carrier's secret at the server's clock unless told otherwise. */
  const deliver = async (
    carrier: string,
    event: { trackingNumber: string; type: ShipmentEventType | string; occurredAt?: Date; location?: string | null; description?: string | null; eventId?: string },
    options: { secret?: string; signature?: string | null; rawBody?: string } = {},
  ): Promise<WebhookAnswer> => {
    const { occurredAt, ...rest } = event;
    const body = options.rawBody ?? JSON.stringify({ eventId: `evt-${(eventCounter += 1)}`, occurredAt: (occurredAt ?? server.clock.now()).toISOString(), ...rest });
    const secret = options.secret ?? (carrier.toUpperCase() === 'SPX' ? SPX_SECRET : server.config.shipping.carrierWebhookSecret);
    const signature = options.signature === undefined ? signWebhook(secret, body, Math.floor(server.clock.now().getTime() / 1000)) : options.signature;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (signature !== null) headers['x-kedai-signature'] = signature;
    const response = await fetch(webhookUrl(carrier), { method: 'POST', headers, body });
    return { status: response.status, body: (await response.json()) as WebhookAnswer['body'] };
  };
  const delivered = async (carrier: string, event: Parameters<typeof deliver>[1]) => {
    const answer = await deliver(carrier, event);
    expect(answer, JSON.stringify(answer.body)).toMatchObject({ status: 200, body: { received: true } });
    return answer.body;
  };
  const takeUpdates = async (sub: Subscription<ShippingOrderUpdatedSubscription>, n: number) => {
    const updates = [];
    for (let i = 0; i < n; i += 1) {
      const result = await sub.next(10_000);
      if (!result.data) throw new Error(`expected an update, got ${JSON.stringify(result.errors)}`);
      updates.push(result.data.orderUpdated);
    }
    return updates;
  };

  it('lists the carriers with their tracking-number formats, and checks each carrier\'s format when arranging', async () => {
    const { carriers } = await server.client.data(CarriersDocument, {});
    expect(carriers.map((c) => c.code)).toEqual(['JNE', 'JNT', 'SICEPAT', 'ANTERAJA', 'POS', 'SPX']);
    expect(carriers.find((c) => c.code === 'JNT')).toMatchObject({ name: 'J&T Express', trackingUrlTemplate: expect.stringContaining('{trackingNumber}') });
    for (const carrier of carriers) expect(carrier.typicalDeliveryDays).toBeGreaterThan(0);

    const orderId = await world.placeOrder();
    // Every carrier refuses another carrier's example, naming its own format.
    for (const carrier of carriers) {
      const other = carriers.find((c) => c.code !== carrier.code)!;
      const refused = await world.arrange(orderId, carrier.code, other.trackingNumberExample);
      expect(refused.userErrors.map((e) => [e.code, e.field])).toEqual([['INVALID_TRACKING_NUMBER', ['input', 'trackingNumber']]]);
      expect(refused.userErrors[0]!.message).toContain(carrier.trackingNumberExample);
    }
    for (const bad of ['JP123', 'JP00000000012', 'JX0000000001', 'JP-000000001']) {
      expect((await world.arrange(orderId, 'JNT', bad)).userErrors.map((e) => e.code)).toEqual(['INVALID_TRACKING_NUMBER']);
    }
    // Each carrier takes its own example, and the shipment links to the carrier's tracking page.
    for (const carrier of carriers) {
      const target = carrier.code === 'JNT' ? orderId : await world.placeOrder();
      const arranged = await world.arrange(target, carrier.code.toLowerCase(), carrier.trackingNumberExample.toLowerCase());
      expect(arranged.userErrors).toEqual([]);
      expect(arranged.order!.shipment).toMatchObject({
        carrier: carrier.code,
        carrierName: carrier.name,
        trackingNumber: carrier.trackingNumberExample,
        trackingUrl: carrier.trackingUrlTemplate.replace('{trackingNumber}', carrier.trackingNumberExample),
        status: 'AWAITING_PICKUP',
        estimatedDeliveryAt: new Date(server.clock.now().getTime() + carrier.typicalDeliveryDays * DAY).toISOString(),
      });
    }
    // J&T numbers are "JP" and 10 digits.
    expect((await world.arrange(await world.placeOrder(), 'JNT', 'JP0000000001')).userErrors).toEqual([]);
  });

  it("follows an order from arranged shipment to delivery by signed carrier webhooks alone, with the buyer's orderUpdated and inbox", async () => {
    const { orderId, trackingNumber } = await world.collecting('JNT');
    await server.relay.drain();
    const base = server.app.pubsub.activeSubscriptions;
    const ws = await server.ws({ token: world.siti.token });
    const sub = ws.subscribe(ShippingOrderUpdatedDocument, { orderId });
    await liveSubscriptions(server, base + 1);

    const pickedUpAt = server.clock.now();
    const steps: [ShipmentEventType, string, string | null][] = [
      ['PICKED_UP', 'Jakarta Timur', 'Paket diambil kurir'],
      ['ARRIVED_AT_HUB', 'Cakung hub', null],
      ['IN_TRANSIT', 'Cakung hub', 'Menuju Bandung'],
      ['ARRIVED_AT_HUB', 'Bandung hub', null],
      ['OUT_FOR_DELIVERY', 'Bandung', null],
      ['DELIVERY_FAILED', 'Bandung', 'Penerima tidak di tempat'],
      ['OUT_FOR_DELIVERY', 'Bandung', null],
      ['DELIVERED', 'Bandung', 'Diterima oleh Siti Rahma'],
    ];
    for (const [i, [type, location, description]] of steps.entries()) {
      await delivered('JNT', { trackingNumber, type, location, description });
      if (type === 'OUT_FOR_DELIVERY' && i === 4) {
        expect((await world.orderOf(orderId)).shipment).toMatchObject({
          status: 'OUT_FOR_DELIVERY',
          pickedUpAt: pickedUpAt.toISOString(),
          // J&T's typical 3 days, counted from the pickup.
          estimatedDeliveryAt: new Date(pickedUpAt.getTime() + 3 * DAY).toISOString(),
        });
      }
      server.clock.advance(2 * 60 * MINUTE);
    }

    const order = await world.orderOf(orderId);
    expect(order.status).toBe('DELIVERED');
    expect(order.shipment).toMatchObject({ status: 'DELIVERED', estimatedDeliveryAt: null });
    expect(order.shipment!.events.map((e) => [e.type, e.location])).toEqual(steps.map(([type, location]) => [type, location]));

    const updates = await takeUpdates(sub, steps.length);
    expect(updates.map((u) => [u.kind, u.toStatus, u.trackingEvent])).toEqual([
      ['STATUS_CHANGED', 'IN_TRANSIT', null],
      ['TRACKING_UPDATED', 'IN_TRANSIT', 'ARRIVED_AT_HUB'],
      ['TRACKING_UPDATED', 'IN_TRANSIT', 'IN_TRANSIT'],
      ['TRACKING_UPDATED', 'IN_TRANSIT', 'ARRIVED_AT_HUB'],
      ['TRACKING_UPDATED', 'IN_TRANSIT', 'OUT_FOR_DELIVERY'],
      ['TRACKING_UPDATED', 'IN_TRANSIT', 'DELIVERY_FAILED'],
      ['TRACKING_UPDATED', 'IN_TRANSIT', 'OUT_FOR_DELIVERY'],
      ['STATUS_CHANGED', 'DELIVERED', null],
    ]);
    expect(updates.every((u) => u.actor === 'CARRIER')).toBe(true);
    expect(updates[5]!.reason).toContain('Penerima tidak di tempat');
    ws.close();

    const inbox = (await world.inboxKinds()).filter((n) => n.order?.id === orderId);
    expect(inbox.map((n) => [n.kind, n.title])).toEqual([
      ['ORDER_CREATED', 'Store update: order created'],
      ['ORDER_SHIPPED', 'Order shipped'],
      ['OUT_FOR_DELIVERY', 'Out for delivery'],
      ['DELIVERY_FAILED', 'Delivery failed'],
      ['OUT_FOR_DELIVERY', 'Out for delivery'],
      ['ORDER_DELIVERED', 'Order delivered'],
    ]);
    expect(inbox[2]!.body).toContain('J&T Express');
    expect(inbox[3]!.body).toContain('Reason: Penerima tidak di tempat.');
  });

  it('takes the same events through recordShipmentEvent, ignoring a repeated carrier event id', async () => {
    const { orderId, trackingNumber } = await world.collecting('SICEPAT');
    const record = (type: ShipmentEventType, eventId: string | null, location: string | null = 'Surabaya hub') =>
      carrierAccount.client
        .data(ShippingRecordEventDocument, { input: { carrierCode: 'sicepat', trackingNumber, type, occurredAt: server.clock.now().toISOString(), location, eventId } })
        .then((r) => r.recordShipmentEvent);

    expect(await record('PICKED_UP', 'sc-1')).toMatchObject({ duplicate: false, userErrors: [], shipment: { status: 'IN_TRANSIT' } });
    server.clock.advance(MINUTE);
    expect(await record('ARRIVED_AT_HUB', 'sc-2')).toMatchObject({ duplicate: false, shipment: { status: 'IN_TRANSIT' } });
    // The same event id again, even with other content, changes nothing.
    expect(await record('ARRIVED_AT_HUB', 'sc-2', 'Somewhere else')).toMatchObject({ duplicate: true, userErrors: [] });
    expect(await record('OUT_FOR_DELIVERY', 'sc-2')).toMatchObject({ duplicate: true, shipment: { status: 'IN_TRANSIT' } });
    // …and so does the webhook with that id.
    expect((await deliver('SICEPAT', { trackingNumber, type: 'OUT_FOR_DELIVERY', eventId: 'sc-2' })).body).toMatchObject({ received: true, duplicate: true });
    // A second hub is another event; without an id, the same type, time and location is a retry.
    server.clock.advance(MINUTE);
    expect(await record('ARRIVED_AT_HUB', null, 'Sidoarjo hub')).toMatchObject({ duplicate: false });
    expect(await record('ARRIVED_AT_HUB', null, 'Sidoarjo hub')).toMatchObject({ duplicate: true });
    // A second pickup, whatever its id, is a retry.
    expect(await record('PICKED_UP', 'sc-9')).toMatchObject({ duplicate: true });
    // Event ids are unique per carrier: another carrier may use the same one.
    const other = await world.collecting('ANTERAJA');
    expect((await deliver('ANTERAJA', { trackingNumber: other.trackingNumber, type: 'PICKED_UP', eventId: 'sc-1' })).body).toMatchObject({ duplicate: false });

    const bad = await carrierAccount.client.data(ShippingRecordEventDocument, {
      input: { carrierCode: 'SICEPAT', trackingNumber, type: 'IN_TRANSIT', occurredAt: server.clock.now().toISOString(), eventId: 'not an id!' },
    });
    expect(bad.recordShipmentEvent.userErrors.map((e) => [e.code, e.field])).toEqual([['INVALID_INPUT', ['input', 'eventId']]]);

    server.clock.advance(MINUTE);
    expect(await record('DELIVERED', 'sc-3')).toMatchObject({ duplicate: false, shipment: { status: 'DELIVERED' } });
    const order = await world.orderOf(orderId);
    expect(order.status).toBe('DELIVERED');
    expect(order.shipment!.events.map((e) => [e.type, e.location])).toEqual([
      ['PICKED_UP', 'Surabaya hub'],
      ['ARRIVED_AT_HUB', 'Surabaya hub'],
      ['ARRIVED_AT_HUB', 'Sidoarjo hub'],
      ['DELIVERED', 'Surabaya hub'],
    ]);
  });

  it('places out-of-order events by their time and never moves the order backwards', async () => {
    const { orderId, trackingNumber } = await world.collecting('JNE');
    const t0 = server.clock.now();
    const at = (minutes: number) => new Date(t0.getTime() + minutes * MINUTE);
    server.clock.advance(5 * 60 * MINUTE);

    // The first report to arrive is a scan: the carrier has the parcel, so the order is on its way.
    await delivered('JNE', { trackingNumber, type: 'OUT_FOR_DELIVERY', occurredAt: at(180), location: 'Depok' });
    expect(await world.orderOf(orderId)).toMatchObject({ status: 'IN_TRANSIT', shipment: { status: 'OUT_FOR_DELIVERY' } });
    // An older hub scan arriving late is recorded in its place but does not set the parcel back.
    await delivered('JNE', { trackingNumber, type: 'ARRIVED_AT_HUB', occurredAt: at(60), location: 'Cakung hub' });
    expect((await world.orderOf(orderId)).shipment).toMatchObject({ status: 'OUT_FOR_DELIVERY' });
    await delivered('JNE', { trackingNumber, type: 'DELIVERED', occurredAt: at(240), location: 'Depok' });
    // The pickup report comes last: recorded, nothing moves back.
    const late = await delivered('JNE', { trackingNumber, type: 'PICKED_UP', occurredAt: at(0), location: 'Jakarta Selatan' });
    expect(late).toMatchObject({ duplicate: false, status: 'DELIVERED' });

    const order = await world.orderOf(orderId);
    expect(order.status).toBe('DELIVERED');
    expect(order.shipment).toMatchObject({ status: 'DELIVERED', pickedUpAt: at(0).toISOString(), deliveredAt: at(240).toISOString() });
    expect(order.shipment!.events.map((e) => [e.type, e.occurredAt])).toEqual([
      ['PICKED_UP', at(0).toISOString()],
      ['ARRIVED_AT_HUB', at(60).toISOString()],
      ['OUT_FOR_DELIVERY', at(180).toISOString()],
      ['DELIVERED', at(240).toISOString()],
    ]);
    expect(order.timeline.at(-1)).toMatchObject({ kind: 'TRACKING_UPDATED', actor: 'CARRIER', toStatus: 'DELIVERED' });
    expect(order.timeline.filter((e) => e.kind === 'STATUS_CHANGED').map((e) => e.toStatus)).toEqual(['AWAITING_SHIPMENT', 'AWAITING_COLLECTION', 'IN_TRANSIT', 'DELIVERED']);
  });

  it('keeps a delivered parcel delivered when an earlier scan is reported at the same moment, and stores a retry once', async () => {
    for (let round = 0; round < 6; round += 1) {
      const { orderId, trackingNumber } = await world.collecting('JNT');
      await delivered('JNT', { trackingNumber, type: 'PICKED_UP', location: 'Jakarta Timur' });
      server.clock.advance(60 * MINUTE);
      const now = server.clock.now();
      const scan = (minutesBefore: number) => () =>
        deliver('JNT', { trackingNumber, type: 'OUT_FOR_DELIVERY', occurredAt: new Date(now.getTime() - minutesBefore * MINUTE), location: 'Bandung' });
      const delivery = () => deliver('JNT', { trackingNumber, type: 'DELIVERED', occurredAt: now, location: 'Bandung' });
      // The delivery is sent first, second or third among earlier out-for-delivery scans.
      const reports = [scan(30), scan(20), scan(10)];
      reports.splice(round % 3, 0, delivery);
      const answers = await Promise.all(reports.map((send) => send()));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
      const order = await world.orderOf(orderId);
      expect(order.status).toBe('DELIVERED');
      expect(order.shipment).toMatchObject({ status: 'DELIVERED', deliveredAt: now.toISOString() });
      expect(order.shipment!.events.map((e) => e.type)).toEqual(['PICKED_UP', 'OUT_FOR_DELIVERY', 'OUT_FOR_DELIVERY', 'OUT_FOR_DELIVERY', 'DELIVERED']);
    }
    // The same scan without an event id, sent twice at once: one is stored, the other is a retry.
    const { orderId, trackingNumber } = await world.collecting('SICEPAT');
    const occurredAt = server.clock.now().toISOString();
    const record = () =>
      carrierAccount.client
        .data(ShippingRecordEventDocument, { input: { carrierCode: 'SICEPAT', trackingNumber, type: 'ARRIVED_AT_HUB', occurredAt, location: 'Surabaya hub', eventId: null } })
        .then((r) => r.recordShipmentEvent);
    const both = await Promise.all([record(), record(), record()]);
    expect(both.map((r) => r.userErrors)).toEqual([[], [], []]);
    expect(both.map((r) => r.duplicate).sort()).toEqual([false, true, true]);
    expect((await world.orderOf(orderId)).shipment!.events.map((e) => e.type)).toEqual(['ARRIVED_AT_HUB']);

    // One carrier event id on two parcels at once: event ids are unique per carrier, so the second is a duplicate.
    const [a, b] = [await world.collecting('SICEPAT'), await world.collecting('SICEPAT')];
    const eventId = `shared-${randomUUID()}`;
    const pickups = await Promise.all(
      [a, b].map((parcel) =>
        carrierAccount.client
          .data(ShippingRecordEventDocument, { input: { carrierCode: 'SICEPAT', trackingNumber: parcel.trackingNumber, type: 'PICKED_UP', occurredAt, eventId } })
          .then((r) => r.recordShipmentEvent),
      ),
    );
    expect(pickups.map((r) => r.userErrors)).toEqual([[], []]);
    expect(pickups.map((r) => r.duplicate).sort()).toEqual([false, true]);
    expect(pickups.every((r) => r.shipment !== null)).toBe(true);
  });

  it('takes a delivery or loss reported before any pickup or scan, and places the late pickup by its time', async () => {
    const { orderId, trackingNumber } = await world.collecting('JNE');
    const t0 = server.clock.now();
    const at = (minutes: number) => new Date(t0.getTime() + minutes * MINUTE);
    server.clock.advance(5 * 60 * MINUTE);
    expect(await delivered('JNE', { trackingNumber, type: 'DELIVERED', occurredAt: at(240), location: 'Depok' })).toMatchObject({ duplicate: false, status: 'DELIVERED' });
    let order = await world.orderOf(orderId);
    expect(order).toMatchObject({ status: 'DELIVERED', shipment: { status: 'DELIVERED', pickedUpAt: at(240).toISOString(), deliveredAt: at(240).toISOString() } });
    const changes = order.timeline.filter((e) => e.kind === 'STATUS_CHANGED');
    expect(changes.map((e) => [e.toStatus, e.actor])).toEqual([
      ['AWAITING_SHIPMENT', 'SELLER'],
      ['AWAITING_COLLECTION', 'SELLER'],
      ['IN_TRANSIT', 'CARRIER'],
      ['DELIVERED', 'CARRIER'],
    ]);
    // The pickup report arrives last: put in its place, the carrier's pickup time wins, nothing moves.
    expect(await delivered('JNE', { trackingNumber, type: 'PICKED_UP', occurredAt: at(0), location: 'Jakarta Selatan' })).toMatchObject({ duplicate: false, status: 'DELIVERED' });
    order = await world.orderOf(orderId);
    expect(order).toMatchObject({ status: 'DELIVERED', shipment: { status: 'DELIVERED', pickedUpAt: at(0).toISOString() } });
    expect(order.shipment!.events.map((e) => [e.type, e.occurredAt])).toEqual([
      ['PICKED_UP', at(0).toISOString()],
      ['DELIVERED', at(240).toISOString()],
    ]);
    expect(order.timeline.filter((e) => e.kind === 'STATUS_CHANGED')).toHaveLength(4);

    // Lost before any scan: on its way, then cancelled and refunded.
    const lost = await world.collecting('JNE', 'E_WALLET');
    expect(await delivered('JNE', { trackingNumber: lost.trackingNumber, type: 'LOST', description: 'Paket hilang' })).toMatchObject({ status: 'LOST' });
    const lostOrder = await world.orderOf(lost.orderId);
    expect(lostOrder).toMatchObject({ status: 'CANCELLED', paymentStatus: 'REFUNDED', shipment: { status: 'LOST' } });
    expect(lostOrder.timeline.filter((e) => e.kind === 'STATUS_CHANGED').map((e) => e.toStatus)).toEqual(['ON_HOLD', 'AWAITING_SHIPMENT', 'AWAITING_COLLECTION', 'IN_TRANSIT', 'CANCELLED']);

    // recordShipmentEvent refuses an event from before the shipment was arranged, on input.occurredAt.
    const early = await world.collecting('JNE');
    const { recordShipmentEvent } = await carrierAccount.client.data(ShippingRecordEventDocument, {
      input: { carrierCode: 'JNE', trackingNumber: early.trackingNumber, type: 'PICKED_UP', occurredAt: '1970-01-01T00:00:00.000Z', eventId: null },
    });
    expect(recordShipmentEvent.userErrors.map((e) => [e.code, e.field])).toEqual([['INVALID_INPUT', ['input', 'occurredAt']]]);
    expect((await world.orderOf(early.orderId)).shipment).toMatchObject({ status: 'AWAITING_PICKUP', pickedUpAt: null, events: [] });
  });

  it('refuses unknown parcels and carriers, bad signatures, malformed bodies and impossible moves with JSON errors', async () => {
    const { orderId, trackingNumber } = await world.collecting('SPX');
    const refused = async (answer: Promise<WebhookAnswer>) => {
      const { status, body } = await answer;
      return [status, body.error?.code];
    };
    expect(await refused(deliver('SPX', { trackingNumber: trackingNumberFor('SPX', 999_999), type: 'PICKED_UP' }))).toEqual([404, 'TRACKING_NUMBER_NOT_FOUND']);
    // The parcel is SPX's: J&T knows no such number.
    expect(await refused(deliver('JNT', { trackingNumber, type: 'PICKED_UP' }))).toEqual([404, 'TRACKING_NUMBER_NOT_FOUND']);
    expect(await refused(deliver('KILAT', { trackingNumber, type: 'PICKED_UP' }))).toEqual([404, 'UNKNOWN_CARRIER']);
    // SPX signs with its own secret: the shared one does not do.
    expect(await refused(deliver('SPX', { trackingNumber, type: 'PICKED_UP' }, { secret: server.config.shipping.carrierWebhookSecret }))).toEqual([401, 'INVALID_SIGNATURE']);
    expect(await refused(deliver('SPX', { trackingNumber, type: 'PICKED_UP' }, { signature: null }))).toEqual([401, 'INVALID_SIGNATURE']);
    expect(await refused(deliver('SPX', { trackingNumber, type: 'PICKED_UP' }, { signature: `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` }))).toEqual([401, 'INVALID_SIGNATURE']);
    for (const rawBody of ['not json', '[]', JSON.stringify({ trackingNumber, type: 'PICKED_UP', occurredAt: new Date().toISOString() })]) {
      expect(await refused(deliver('SPX', { trackingNumber, type: 'PICKED_UP' }, { rawBody }))).toEqual([400, 'INVALID_PAYLOAD']);
    }
    expect(await refused(deliver('SPX', { trackingNumber, type: 'TELEPORTED' }))).toEqual([400, 'INVALID_PAYLOAD']);
    expect(await refused(deliver('SPX', { trackingNumber, type: 'PICKED_UP', occurredAt: new Date(server.clock.now().getTime() + DAY) }))).toEqual([400, 'INVALID_PAYLOAD']);
    // Returned to the seller before it was picked up: the order cannot take it.
    expect(await refused(deliver('SPX', { trackingNumber, type: 'RETURNED_TO_SENDER' }))).toEqual([409, 'INVALID_TRANSITION']);
    // Times: RFC 3339 with a four-digit year only, and not before the shipment was arranged.
    const at = (occurredAt: string) => refused(deliver('SPX', { trackingNumber, type: 'PICKED_UP' }, { rawBody: JSON.stringify({ eventId: `t-${randomUUID()}`, trackingNumber, type: 'PICKED_UP', occurredAt }) }));
    for (const occurredAt of ['-271821-04-20T00:00:00Z', '+275760-09-13T00:00:00Z', '+002026-11-22T05:00:00Z', '2026-11-22', '2026-11-22 05:00:00Z', 'Sun Nov 22 2026', '1970-01-01T00:00:00Z']) {
      expect(await at(occurredAt), occurredAt).toEqual([400, 'INVALID_PAYLOAD']);
    }
    expect(await at(new Date(server.clock.now().getTime() - DAY).toISOString())).toEqual([400, 'INVALID_PAYLOAD']);
    // Control characters other than tab and newline in the carrier's text.
    expect(await refused(deliver('SPX', { trackingNumber, type: 'PICKED_UP', location: 'Cakung\u0000hub' }))).toEqual([400, 'INVALID_PAYLOAD']);
    expect(await refused(deliver('SPX', { trackingNumber, type: 'PICKED_UP', description: 'Paket\u0007diambil' }))).toEqual([400, 'INVALID_PAYLOAD']);
    expect(await refused(deliver('SPX', { trackingNumber, type: 'PICKED_UP', description: 'Paket\r\ndiambil' }))).toEqual([400, 'INVALID_PAYLOAD']);
    const order = await world.orderOf(orderId);
    expect(order).toMatchObject({ status: 'AWAITING_COLLECTION', shipment: { status: 'AWAITING_PICKUP', events: [] } });
  });

  it('cancels and refunds the order of a parcel returned to the seller, and puts the stock back', async () => {
    const stock = async () => (await server.app.orm.em.fork().findOneOrFail(ProductVariant, decodeIdOf('ProductVariant', world.shop.variantId)!)).stock;
    const before = await stock();
    const { orderId, trackingNumber } = await world.collecting('POS', 'E_WALLET');
    expect(await stock()).toBe(before - 1);
    await delivered('POS', { trackingNumber, type: 'PICKED_UP' });
    await delivered('POS', { trackingNumber, type: 'DELIVERY_FAILED', description: 'Alamat tidak ditemukan' });
    await delivered('POS', { trackingNumber, type: 'RETURNED_TO_SENDER', description: 'Alamat tidak ditemukan' });
    const order = await world.orderOf(orderId);
    expect(order).toMatchObject({
      status: 'CANCELLED',
      paymentStatus: 'REFUNDED',
      cancelReason: 'Returned to the seller by the carrier: Alamat tidak ditemukan',
      shipment: { status: 'RETURNED', estimatedDeliveryAt: null },
    });
    expect(await stock()).toBe(before);
    // A delivery reported after the return is contradictory: refused.
    expect((await deliver('POS', { trackingNumber, type: 'DELIVERED' })).status).toBe(409);
    const titles = (await world.inboxKinds()).filter((n) => n.order?.id === orderId).map((n) => n.title);
    expect(titles).toEqual(expect.arrayContaining(['Delivery failed', 'Order cancelled', 'Refund issued']));
  });

  it('tracks a parcel publicly by carrier and number, without any personal data', async () => {
    const { orderId, trackingNumber } = await world.collecting('ANTERAJA');
    await delivered('ANTERAJA', { trackingNumber, type: 'PICKED_UP', location: 'Jakarta Timur, Jl. Kenanga 12' });
    server.clock.advance(60 * MINUTE);
    await delivered('ANTERAJA', { trackingNumber, type: 'ARRIVED_AT_HUB', location: 'Gudang Sortir Cakung Jakarta Timur Nomor Empat Puluh Dua' });
    server.clock.advance(60 * MINUTE);
    await delivered('ANTERAJA', { trackingNumber, type: 'OUT_FOR_DELIVERY', location: 'Rumah penerima Jl Kenanga 12' });
    server.clock.advance(60 * MINUTE);
    await delivered('ANTERAJA', { trackingNumber, type: 'DELIVERY_FAILED', location: 'Cakung hub', description: 'Siti Rahma tidak di rumah, telp 0812' });
    const order = await world.orderOf(orderId);

    const { trackShipment } = await server.client.data(TrackShipmentDocument, { carrierCode: 'anteraja', trackingNumber: trackingNumber.toLowerCase() });
    expect(trackShipment).toMatchObject({
      carrier: { code: 'ANTERAJA', name: 'AnterAja' },
      trackingNumber,
      status: 'DELIVERY_FAILED',
      trackingUrl: `https://anteraja.id/tracking/${trackingNumber}`,
      estimatedDeliveryAt: order.shipment!.estimatedDeliveryAt,
    });
    // Locations only for pickups and hub scans, cut at the first comma and to 40 characters; none near the receiver.
    expect(trackShipment!.events.map((e) => [e.type, e.description, e.location])).toEqual([
      ['PICKED_UP', 'Picked up by the courier', 'Jakarta Timur'],
      ['ARRIVED_AT_HUB', 'Arrived at sorting hub', 'Gudang Sortir Cakung Jakarta Timur Nomor'],
      ['OUT_FOR_DELIVERY', 'Out for delivery', null],
      ['DELIVERY_FAILED', 'Delivery failed', null],
    ]);
    const text = JSON.stringify(trackShipment);
    for (const personal of ['Siti', 'Rahma', '0812', 'Kemang', 'Mampang', '12730', 'Kenanga', 'Rumah', orderId, world.shop.shopId]) expect(text).not.toContain(personal);
    expect(text).not.toMatch(/orderNumber|recipient|phone|address/i);

    expect((await server.client.data(TrackShipmentDocument, { carrierCode: 'ANTERAJA', trackingNumber: trackingNumberFor('ANTERAJA', 424_242) })).trackShipment).toBeNull();
    expect((await server.client.data(TrackShipmentDocument, { carrierCode: 'KILAT', trackingNumber })).trackShipment).toBeNull();
  });

  it('limits public tracking per client address', async () => {
    let limited: unknown[] = [];
    for (let i = 0; i < 45 && limited.length === 0; i += 1) {
      const response = await server.client.request(TrackShipmentDocument, { carrierCode: 'JNE', trackingNumber: 'CGK0000000000' });
      limited = codes(response.errors);
    }
    expect(limited).toEqual(['RATE_LIMITED']);
  });
});

describe('the demo carrier setting', () => {
  it('is on in the embedded demo and off with a database URL, under test, or when turned off', () => {
    expect(loadConfig({}, {}).shipping.demoCarrier).toBe(true);
    expect(loadConfig({}, { DATABASE_URL: 'postgres://localhost/kedai' }).shipping.demoCarrier).toBe(false);
    expect(loadConfig({ nodeEnv: 'test' }, {}).shipping.demoCarrier).toBe(false);
    expect(loadConfig({}, { DEMO_CARRIER: 'off' }).shipping.demoCarrier).toBe(false);
    expect(loadConfig({}, { DATABASE_URL: 'postgres://localhost/kedai', DEMO_CARRIER: 'on', DEMO_CARRIER_STEP_SECONDS: '5' }).shipping).toMatchObject({ demoCarrier: true, demoCarrierStepSeconds: 5 });
  });
});

describeStore('the demo carrier', () => {
  let server: TestServer;
  afterAll(() => server?.stop());

  it('moves an arranged parcel through pickup, hubs and out for delivery to delivery, one step per interval', async () => {
    server = await startTestServer({ config: { shipping: { demoCarrier: true, demoCarrierStepSeconds: 60 } } });
    const world = await shippingWorld(server, 'demo');
    const { orderId } = await world.collecting('JNT');
    const pass = () => server.jobs.runNow('demo-carrier');

    expect(await pass()).toBe(0); // arranged just now: not due yet
    const seen: string[] = [];
    for (let step = 0; step < 6; step += 1) {
      server.clock.advance(60_000);
      expect(await pass()).toBe(1);
      seen.push((await world.orderOf(orderId)).shipment!.status);
    }
    expect(seen).toEqual(['IN_TRANSIT', 'IN_TRANSIT', 'IN_TRANSIT', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED']);
    server.clock.advance(60_000);
    expect(await pass()).toBe(0);

    const order = await world.orderOf(orderId);
    expect(order.status).toBe('DELIVERED');
    expect(order.shipment!.events.map((e) => e.type)).toEqual(['PICKED_UP', 'ARRIVED_AT_HUB', 'IN_TRANSIT', 'ARRIVED_AT_HUB', 'OUT_FOR_DELIVERY', 'DELIVERED']);
    expect(order.shipment!.events.every((e) => e.location !== null)).toBe(true);
    const titles = (await world.inboxKinds()).map((n) => n.title);
    expect(titles).toEqual(expect.arrayContaining(['Order shipped', 'Out for delivery', 'Order delivered']));
  });
});
