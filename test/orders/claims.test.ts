import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Claim } from '../../src/claims/claim.entity';
import { decodeIdOf } from '../../src/shared/ids';
import { formatRupiah, parseMoney } from '../../src/shared/money';
import { Role } from '../../src/shared/viewer';
import {
  AddAddressDocument,
  ArrangeShipmentDocument,
  CancelOrderDocument,
  ClaimNodeDocument,
  ClaimNodesDocument,
  ClaimOrderDocument,
  ClaimOrderLinesDocument,
  ClaimsQueueDocument,
  ConfirmOrderDocument,
  ConfirmReceiptDocument,
  FileClaimDocument,
  InboxDocument,
  OrderUpdatedDocument,
  PayOrderDocument,
  PlaceOrderDocument,
  RecordShipmentEventDocument,
  RequestReturnDocument,
  ResolveClaimDocument,
  ResolveTwoClaimsDocument,
  RespondToReturnDocument,
  ShopClaimsDocument,
  ShopOrderEventsDocument,
  SimulatePaymentDocument,
  ViewerClaimsDocument,
  type FileClaimInput,
  type ResolveClaimInput,
} from '../generated/graphql';
import { createStaffUser, signUpBuyer, type Actor } from '../support/actors';
import { codes } from '../support/client';
import { liveSubscriptions, takeUpdates } from '../events/order-fixtures';
import { jakartaAddress } from '../support/fixtures';
import { relaySettled } from '../support/relay';
import { describeStore, startTestServer, type TestServer } from '../support/server';
import { addShopStaff, listPlainProduct, openShop, seedCategories, type OpenShop } from '../support/shops';

const DAY = 24 * 60 * 60_000;
/** Sessions outlive the weeks these tests move the clock by. */
const LONG_SESSION = 365 * 24 * 3600;
const PHOTO = 'https://cdn.example.com/klaim/retak-1.jpg';
const DESCRIPTION = 'Kemasan penyok dan hijabnya sobek di bagian pinggir.';

type UserErrors = { userErrors: { code: string; field?: string[] | null }[] };
const errors = (payload: UserErrors) => payload.userErrors.map((e) => [e.code, e.field]);
const rupiah = (amount: string) => formatRupiah(parseMoney(amount)!);
const minor = (amount: string) => parseMoney(amount)!;
/** A decimal rupiah amount from minor units, as the API takes it ("50000.00"). */
const amountOf = (minorUnits: number) => (minorUnits / 100).toFixed(2);

describeStore('claims on delivered orders, resolved by Kedai Live staff', () => {
  let server: TestServer;
  let shop: OpenShop;
  let otherShop: OpenShop;
  let staff: Actor;
  let carrier: Actor;
  let admin: Actor;
  let admin2: Actor;
  let siti: Actor;
  let andi: Actor;
  let hijab: string;
  let gamis: string;
  let tracking = 0;

  const carrierEvent = async (trackingNumber: string, type: 'PICKED_UP' | 'DELIVERED') => {
    const { recordShipmentEvent } = await carrier.client.data(RecordShipmentEventDocument, {
      input: { carrierCode: 'JNT', trackingNumber, type, occurredAt: server.clock.now().toISOString() },
    });
    expect(recordShipmentEvent.userErrors).toEqual([]);
  };

  /** Places an order of 2 hijabs and 1 gamis and takes it as far as `until` through the API. */
  const order = async (options: { buyer?: Actor; cod?: boolean; until?: 'UNPAID' | 'AWAITING_SHIPMENT' | 'IN_TRANSIT' | 'DELIVERED' | 'COMPLETED' } = {}) => {
    const buyer = options.buyer ?? siti;
    const until = options.until ?? 'DELIVERED';
    const { placeOrder } = await buyer.client.data(PlaceOrderDocument, {
      input: {
        lines: [
          { variantId: hijab, quantity: 2 },
          { variantId: gamis, quantity: 1 },
        ],
        paymentMethod: options.cod ? 'COD' : 'E_WALLET',
        idempotencyKey: `claims-${randomUUID()}`,
      },
    });
    expect(placeOrder.userErrors).toEqual([]);
    const orderId = placeOrder.order!.id;
    if (until === 'UNPAID') return orderId;
    if (!options.cod) {
      await buyer.client.data(PayOrderDocument, { input: { orderId, idempotencyKey: `pay-${randomUUID()}` } });
      expect((await buyer.client.data(SimulatePaymentDocument, { input: { orderId, outcome: 'SUCCEEDED' } })).simulatePayment.userErrors).toEqual([]);
    }
    expect((await shop.owner.client.data(ConfirmOrderDocument, { input: { orderId } })).confirmOrder.userErrors).toEqual([]);
    if (until === 'AWAITING_SHIPMENT') return orderId;
    const trackingNumber = `JP${String((tracking += 1)).padStart(10, '0')}`;
    expect((await shop.owner.client.data(ArrangeShipmentDocument, { input: { orderId, carrierCode: 'JNT', trackingNumber } })).arrangeShipment.userErrors).toEqual([]);
    await carrierEvent(trackingNumber, 'PICKED_UP');
    if (until === 'IN_TRANSIT') return orderId;
    await carrierEvent(trackingNumber, 'DELIVERED');
    if (until === 'COMPLETED') expect((await buyer.client.data(ConfirmReceiptDocument, { input: { orderId } })).confirmReceipt.userErrors).toEqual([]);
    return orderId;
  };

  const file = async (orderId: string, input: Partial<FileClaimInput> = {}, buyer: Actor = siti) =>
    (await buyer.client.data(FileClaimDocument, { input: { orderId, type: 'DAMAGED', description: DESCRIPTION, evidenceUrls: [PHOTO], ...input } })).fileClaim;
  const resolve = async (claimId: string, input: Partial<ResolveClaimInput> = {}, by: Actor = admin) =>
    (await by.client.data(ResolveClaimDocument, { input: { claimId, decision: 'REFUND_FULL', ...input } })).resolveClaim;
  const orderOf = async (orderId: string, viewer: Actor = siti) => (await viewer.client.data(ClaimOrderDocument, { id: orderId })).order!;
  /** Files a DAMAGED claim that must succeed; returns its id. */
  const filed = async (orderId: string) => {
    const result = await file(orderId);
    expect(result.userErrors).toEqual([]);
    return result.claim!.id;
  };

  /** Waits until the relay has handled every committed event (so the inbox holds their notifications). */
  const settle = () => relaySettled(server);
  const inboxOf = async (actor: Actor) => (await actor.client.data(InboxDocument, { first: 100 })).viewer!.inbox.edges.map((e) => e.node);

  beforeAll(async () => {
    server = await startTestServer({ config: { jwtTtlSeconds: LONG_SESSION } });
    const categories = await seedCategories(server);
    shop = await openShop(server, 'Toko Klaim', 'toko-klaim');
    otherShop = await openShop(server, 'Toko Lain', 'toko-lain-klaim');
    [carrier, admin, admin2, siti, andi, staff] = await Promise.all([
      createStaffUser(server, Role.CARRIER, 'Kurir JNT'),
      createStaffUser(server, Role.ADMIN, 'Admin Satu'),
      createStaffUser(server, Role.ADMIN, 'Admin Dua'),
      signUpBuyer(server, 'Siti Rahma'),
      signUpBuyer(server, 'Andi Wijaya'),
      signUpBuyer(server, 'Rina Staff'),
    ]);
    // A second member of the shop (there is no invitation API yet): every member hears about claims.
    await addShopStaff(server, shop, staff);
    for (const buyer of [siti, andi]) await buyer.client.data(AddAddressDocument, { input: jakartaAddress });
    const product = async (sku: string, price: string, weightGrams: number) => (await listPlainProduct(shop, categories, sku, price, weightGrams)).variantId;
    hijab = await product('KLM-HJB', '45000', 100);
    gamis = await product('KLM-GMS', '120000', 300);
  });
  afterAll(() => server?.stop());

  it('files a claim on a delivered order: OPEN, on the timeline, seen by the buyer, the shop and the admin queue', async () => {
    const orderId = await order();
    const result = await file(orderId, { description: `  ${DESCRIPTION}  `, evidenceUrls: [PHOTO, 'https://cdn.example.com/klaim/retak-2.mp4'] });
    expect(result.userErrors).toEqual([]);
    expect(result.claim).toMatchObject({
      type: 'DAMAGED',
      status: 'OPEN',
      description: DESCRIPTION,
      evidenceUrls: [PHOTO, 'https://cdn.example.com/klaim/retak-2.mp4'],
      filedAt: server.clock.now().toISOString(),
      decision: null,
      refundAmount: null,
      resolutionReason: null,
      resolvedAt: null,
      order: { id: orderId },
    });
    const claimId = result.claim!.id;
    expect(result.order).toMatchObject({ status: 'DELIVERED', paymentStatus: 'PAID', claims: [{ id: claimId, status: 'OPEN' }] });
    expect(result.order!.timeline.at(-1)).toEqual({ kind: 'CLAIM_FILED', actor: 'BUYER', reason: 'Damaged item' });

    // The buyer's own list, the shop's read-only list, the admin queue, and node(id) for each of them.
    const mine = (await siti.client.data(ViewerClaimsDocument, { first: 10 })).viewer!.claims;
    expect(mine.edges.map((e) => e.node.id)).toContain(claimId);
    for (const member of [shop.owner, staff]) {
      const claims = (await member.client.data(ShopClaimsDocument, { shopId: shop.shopId, status: 'OPEN', first: 50 })).shop!.claims!;
      expect(claims.edges.map((e) => e.node.id)).toContain(claimId);
    }
    const queue = (await admin.client.data(ClaimsQueueDocument, { status: 'OPEN', first: 100 })).claims;
    expect(queue.edges.map((e) => e.node.id)).toContain(claimId);
    for (const viewer of [siti, shop.owner, staff, admin]) {
      expect((await viewer.client.data(ClaimNodeDocument, { id: claimId })).node).toMatchObject({ id: claimId, status: 'OPEN', order: { id: orderId } });
    }
  });

  it("hides a claim from other buyers and other shops, and keeps each list to its own claims", async () => {
    const orderId = await order();
    const claimId = await filed(orderId);
    for (const stranger of [andi, otherShop.owner]) {
      expect((await stranger.client.data(ClaimNodeDocument, { id: claimId })).node).toBeNull();
      expect((await stranger.client.data(ViewerClaimsDocument, { first: 100 })).viewer!.claims.edges.map((e) => e.node.id)).not.toContain(claimId);
    }
    // Another shop's owner sees no claims of this shop; this shop's list holds nothing of the other's.
    expect((await otherShop.owner.client.data(ShopClaimsDocument, { shopId: shop.shopId, first: 10 })).shop!.claims).toBeNull();
    expect((await andi.client.data(ShopClaimsDocument, { shopId: shop.shopId, first: 10 })).shop!.claims).toBeNull();
    expect((await otherShop.owner.client.data(ShopClaimsDocument, { shopId: otherShop.shopId, first: 10 })).shop!.claims!.totalCount).toBe(0);
    // Another buyer cannot file on the order: it is not theirs.
    expect(errors(await file(orderId, {}, andi))).toEqual([['NOT_FOUND', ['input', 'orderId']]]);
  });

  it('checks the description, the evidence URLs, and requires evidence for DAMAGED and WRONG_ITEM', async () => {
    const orderId = await order();
    expect(errors(await file(orderId, { description: 'Rusak' }))).toEqual([['INVALID_INPUT', ['input', 'description']]]);
    expect(errors(await file(orderId, { description: 'x'.repeat(1001) }))).toEqual([['INVALID_INPUT', ['input', 'description']]]);
    const six = Array.from({ length: 6 }, (_, i) => `https://cdn.example.com/klaim/${i}.jpg`);
    expect(errors(await file(orderId, { evidenceUrls: six }))).toEqual([['INVALID_INPUT', ['input', 'evidenceUrls']]]);
    expect(errors(await file(orderId, { evidenceUrls: [PHOTO, 'http://cdn.example.com/a.jpg', 'bukan-url'] }))).toEqual([
      ['INVALID_INPUT', ['input', 'evidenceUrls', '1']],
      ['INVALID_INPUT', ['input', 'evidenceUrls', '2']],
    ]);
    for (const type of ['DAMAGED', 'WRONG_ITEM'] as const) {
      expect(errors(await file(orderId, { type, evidenceUrls: [] }))).toEqual([['CLAIM_EVIDENCE_REQUIRED', ['input', 'evidenceUrls']]]);
    }
    expect((await orderOf(orderId)).claims).toEqual([]);
    // A parcel that never arrived leaves nothing to photograph: NOT_RECEIVED needs no evidence.
    const notReceived = await file(orderId, { type: 'NOT_RECEIVED', evidenceUrls: null, description: 'Status terkirim tapi paket tidak pernah sampai.' });
    expect(notReceived.userErrors).toEqual([]);
    expect(notReceived.claim).toMatchObject({ type: 'NOT_RECEIVED', evidenceUrls: [] });
    // The bounds themselves are allowed: 1000 characters and five URLs; 10 characters.
    const atBounds = await file(await order(), { type: 'WRONG_ITEM', description: 'x'.repeat(1000), evidenceUrls: six.slice(0, 5) });
    expect(atBounds.userErrors).toEqual([]);
    expect(atBounds.claim!.evidenceUrls).toHaveLength(5);
    expect((await file(await order(), { description: 'Barang rsk' })).userErrors).toEqual([]);
  });

  it('refuses claims on unpaid, cancelled and undelivered orders with typed errors', async () => {
    const unpaid = await order({ until: 'UNPAID' });
    expect(errors(await file(unpaid))).toEqual([['CLAIM_ORDER_UNPAID', ['input', 'orderId']]]);
    const cancelled = await order({ until: 'UNPAID' });
    expect((await siti.client.data(CancelOrderDocument, { input: { orderId: cancelled, reason: 'Salah pilih ukuran' } })).cancelOrder.userErrors).toEqual([]);
    expect(errors(await file(cancelled))).toEqual([['CLAIM_ORDER_CANCELLED', ['input', 'orderId']]]);
    for (const until of ['AWAITING_SHIPMENT', 'IN_TRANSIT'] as const) {
      expect(errors(await file(await order({ until })))).toEqual([['CLAIM_ORDER_NOT_DELIVERED', ['input', 'orderId']]]);
    }
    expect(errors(await file('T3JkZXI6OTk5OTk5'))).toEqual([['NOT_FOUND', ['input', 'orderId']]]);
    // Cash on delivery: unpaid on the way, paid (and claimable) once the courier collected it at the door.
    expect(errors(await file(await order({ cod: true, until: 'IN_TRANSIT' })))).toEqual([['CLAIM_ORDER_NOT_DELIVERED', ['input', 'orderId']]]);
    const cod = await file(await order({ cod: true }));
    expect(cod.userErrors).toEqual([]);
    expect(cod.order!.paymentStatus).toBe('PAID');
  });

  it('keeps one open claim per order, even when filed twice at once; another may follow once it is resolved', async () => {
    const orderId = await order();
    const both = await Promise.all([file(orderId), file(orderId, { type: 'WRONG_ITEM' })]);
    expect(both.map((r) => r.userErrors.length).sort()).toEqual([0, 1]);
    expect(both.flatMap(errors)).toEqual([['CLAIM_ALREADY_OPEN', ['input', 'orderId']]]);
    expect((await orderOf(orderId)).claims).toHaveLength(1);
    expect(errors(await file(orderId))).toEqual([['CLAIM_ALREADY_OPEN', ['input', 'orderId']]]);

    const first = both.find((r) => r.claim)!.claim!.id;
    expect((await resolve(first, { decision: 'REJECT', reason: 'Foto tidak menunjukkan kerusakan' })).userErrors).toEqual([]);
    const again = await file(orderId, { description: 'Ini foto yang lebih jelas dari kerusakannya.' });
    expect(again.userErrors).toEqual([]);
    expect(again.order!.claims.map((c) => c.status)).toEqual(['REJECTED', 'OPEN']);
  });

  it('takes claims on a COMPLETED order within the claim window of delivery, and refuses them after it', async () => {
    const completed = await order({ until: 'COMPLETED' });
    expect((await orderOf(completed)).status).toBe('COMPLETED');
    const withinWindow = await order();
    server.clock.advance(14 * DAY);
    const result = await file(completed);
    expect(result.userErrors).toEqual([]);
    expect(result.order!.status).toBe('COMPLETED');
    server.clock.advance(DAY); // 15 days after delivery: CLAIM_WINDOW_DAYS' default
    expect(errors(await file(withinWindow))).toEqual([['CLAIM_WINDOW_CLOSED', ['input', 'orderId']]]);
  });

  it('refunds part of the order, then (on a later claim) the rest, through the payment bookkeeping', async () => {
    const orderId = await order();
    const { total } = await orderOf(orderId);
    const first = await filed(orderId);
    const partial = await resolve(first, { decision: 'REFUND_PARTIAL', amount: '50000', reason: 'Satu hijab rusak' });
    expect(partial.userErrors).toEqual([]);
    expect(partial.claim).toMatchObject({
      status: 'REFUNDED',
      decision: 'REFUND_PARTIAL',
      refundAmount: { amount: '50000.00', currencyCode: 'IDR' },
      resolutionReason: 'Satu hijab rusak',
      resolvedAt: server.clock.now().toISOString(),
    });
    expect(partial.order).toMatchObject({ paymentStatus: 'PARTIALLY_REFUNDED', refunds: [{ amount: { amount: '50000.00' }, reason: 'Claim: Damaged item' }] });
    expect(partial.order!.timeline.at(-1)).toEqual({ kind: 'CLAIM_REFUNDED', actor: 'ADMIN', reason: 'Refunded Rp50.000: Satu hijab rusak' });

    const second = await filed(orderId);
    const full = await resolve(second, { decision: 'REFUND_FULL' });
    expect(full.userErrors).toEqual([]);
    const rest = amountOf(minor(total.amount) - 50_000_00);
    expect(full.claim).toMatchObject({ status: 'REFUNDED', decision: 'REFUND_FULL', refundAmount: { amount: rest }, resolutionReason: null });
    expect(full.order!.paymentStatus).toBe('REFUNDED');
    expect(full.order!.refunds.map((r) => r.amount.amount)).toEqual(['50000.00', rest]);
    // Everything went back: no further claim.
    expect(errors(await file(orderId))).toEqual([['CLAIM_ORDER_REFUNDED', ['input', 'orderId']]]);
  });

  it('caps a refund at what is still refundable, keeping back what an open return request will refund', async () => {
    const orderId = await order();
    const before = await orderOf(orderId);
    const total = minor(before.total.amount);
    const claimId = await filed(orderId);
    const tooMuch = await resolve(claimId, { decision: 'REFUND_PARTIAL', amount: amountOf(total + 1) });
    expect(errors(tooMuch)).toEqual([['CLAIM_REFUND_EXCEEDS_REFUNDABLE', ['input', 'amount']]]);
    expect(tooMuch.userErrors[0]!.message).toContain(rupiah(before.total.amount));
    const unchanged = await orderOf(orderId);
    expect(unchanged).toMatchObject({ paymentStatus: 'PAID', refunds: [], claims: [{ id: claimId, status: 'OPEN' }] });

    // A return of one hijab (Rp45.000) is open: the claim may refund only the rest.
    const line = (await siti.client.data(RequestReturnDocument, {
      input: { orderId, type: 'REFUND_ONLY', reason: 'DAMAGED', evidenceUrls: [PHOTO], lines: [{ orderLineId: await firstLineOf(orderId), quantity: 1 }] },
    })).requestReturn;
    expect(line.userErrors).toEqual([]);
    const reserved = minor(line.returnRequest!.refundAmount.amount);
    expect(errors(await resolve(claimId, { decision: 'REFUND_PARTIAL', amount: amountOf(total - reserved + 1) }))).toEqual([['CLAIM_REFUND_EXCEEDS_REFUNDABLE', ['input', 'amount']]]);
    const full = await resolve(claimId, { decision: 'REFUND_FULL' });
    expect(full.userErrors).toEqual([]);
    expect(full.claim!.refundAmount!.amount).toBe(amountOf(total - reserved));
    expect(full.order!.paymentStatus).toBe('PARTIALLY_REFUNDED');
  });

  it('refuses a claim while an open return request already refunds everything left of the order', async () => {
    const orderId = await order();
    const lines = (await siti.client.data(ClaimOrderLinesDocument, { id: orderId })).order!.lines;
    const { requestReturn } = await siti.client.data(RequestReturnDocument, {
      input: { orderId, type: 'REFUND_ONLY', reason: 'NOT_RECEIVED', lines: lines.map((l) => ({ orderLineId: l.id, quantity: l.quantity })) },
    });
    expect(requestReturn.userErrors).toEqual([]);
    expect(errors(await file(orderId, { type: 'NOT_RECEIVED' }))).toEqual([['CLAIM_RETURN_OPEN', ['input', 'orderId']]]);
  });

  it('refunds nothing once a return refunded everything meanwhile, but still lets the claim be rejected', async () => {
    const orderId = await order();
    const claimId = await filed(orderId);
    const lines = (await siti.client.data(ClaimOrderLinesDocument, { id: orderId })).order!.lines;
    const { requestReturn } = await siti.client.data(RequestReturnDocument, {
      input: { orderId, type: 'REFUND_ONLY', reason: 'DAMAGED', evidenceUrls: [PHOTO], lines: lines.map((l) => ({ orderLineId: l.id, quantity: l.quantity })) },
    });
    expect(requestReturn.userErrors).toEqual([]);
    const approved = await shop.owner.client.data(RespondToReturnDocument, { input: { returnId: requestReturn.returnRequest!.id, approve: true } });
    expect(approved.respondToReturn.order!.paymentStatus).toBe('REFUNDED');
    for (const decision of ['REFUND_FULL', 'REFUND_PARTIAL'] as const) {
      const result = await resolve(claimId, { decision, amount: decision === 'REFUND_PARTIAL' ? '1000' : null });
      expect(errors(result)).toEqual([['CLAIM_NOTHING_TO_REFUND', ['input', 'decision']]]);
    }
    const rejected = await resolve(claimId, { decision: 'REJECT', reason: 'Sudah dikembalikan lewat permintaan pengembalian dana.' });
    expect(rejected.userErrors).toEqual([]);
    expect(rejected.order!.refunds).toHaveLength(1);
  });

  it('quotes a later return at what a partial claim refund left, so the return states what it pays and the order never refunds more than was paid', async () => {
    const orderId = await order();
    const total = minor((await orderOf(orderId)).total.amount);
    const claimId = await filed(orderId);
    expect((await resolve(claimId, { decision: 'REFUND_PARTIAL', amount: '50000' })).userErrors).toEqual([]);

    const lines = (await siti.client.data(ClaimOrderLinesDocument, { id: orderId })).order!.lines;
    const { requestReturn } = await siti.client.data(RequestReturnDocument, {
      input: { orderId, type: 'REFUND_ONLY', reason: 'DAMAGED', evidenceUrls: [PHOTO], lines: lines.map((l) => ({ orderLineId: l.id, quantity: l.quantity })) },
    });
    expect(requestReturn.userErrors).toEqual([]);
    const left = amountOf(total - 50_000_00);
    expect(requestReturn.returnRequest!.refundAmount.amount).toBe(left);

    const { respondToReturn } = await shop.owner.client.data(RespondToReturnDocument, { input: { returnId: requestReturn.returnRequest!.id, approve: true } });
    expect(respondToReturn.userErrors).toEqual([]);
    expect(respondToReturn.returnRequest).toMatchObject({ status: 'REFUNDED', refundAmount: { amount: left } });
    expect(respondToReturn.order!.paymentStatus).toBe('REFUNDED');
    const refunds = respondToReturn.order!.refunds.map((r) => r.amount.amount);
    expect(refunds).toEqual(['50000.00', left]);
    expect(refunds.reduce((sum, a) => sum + minor(a), 0)).toBe(total);
    await settle();
    // The shop's inbox states the amount the return actually refunds.
    const requested = (await inboxOf(shop.owner)).filter((n) => n.kind === 'RETURN_REQUESTED');
    expect(requested.some((n) => n.body.includes(` of ${formatRupiah(total - 50_000_00)} `))).toBe(true);
  });

  it('caps a partial return at what a claim left refundable: the same item is not paid for twice', async () => {
    const orderId = await order();
    const total = minor((await orderOf(orderId)).total.amount);
    const claimId = await filed(orderId);
    expect((await resolve(claimId, { decision: 'REFUND_PARTIAL', amount: amountOf(total - 10_000_00) })).userErrors).toEqual([]);

    const { requestReturn } = await siti.client.data(RequestReturnDocument, {
      input: { orderId, type: 'REFUND_ONLY', reason: 'DAMAGED', evidenceUrls: [PHOTO], lines: [{ orderLineId: await firstLineOf(orderId), quantity: 1 }] },
    });
    expect(requestReturn.userErrors).toEqual([]);
    expect(requestReturn.returnRequest!.refundAmount.amount).toBe('10000.00');
    const { respondToReturn } = await shop.owner.client.data(RespondToReturnDocument, { input: { returnId: requestReturn.returnRequest!.id, approve: true } });
    expect(respondToReturn.returnRequest!.refundAmount.amount).toBe('10000.00');
    expect(respondToReturn.order!.refunds.reduce((sum, r) => sum + minor(r.amount.amount), 0)).toBe(total);
  });

  it('keeps a claim untouched when its resolution fails, even when a later mutation of the same document saves', async () => {
    const [failing, other] = [await filed(await order()), await filed(await order())];
    const both = await admin.client.data(ResolveTwoClaimsDocument, {
      first: { claimId: failing, decision: 'REFUND_PARTIAL', amount: '99999999', reason: 'Terlalu besar' },
      second: { claimId: other, decision: 'REJECT', reason: 'Paket diterima sesuai foto kurir.' },
    });
    expect(errors(both.first)).toEqual([['CLAIM_REFUND_EXCEEDS_REFUNDABLE', ['input', 'amount']]]);
    expect(both.second).toMatchObject({ claim: { id: other, status: 'REJECTED' }, userErrors: [] });

    const [stored] = (await admin.client.data(ClaimNodesDocument, { ids: [failing] })).nodes;
    expect(stored).toMatchObject({ id: failing, status: 'OPEN', decision: null });
    const row = await server.app.orm.em.fork().findOneOrFail(Claim, decodeIdOf('Claim', failing)!);
    expect([row.decision, row.resolutionReason, row.resolvedBy, row.refundAmount]).toEqual([null, null, null, null]);
    // It resolves normally afterwards.
    expect((await resolve(failing, { decision: 'REFUND_PARTIAL', amount: '1000' })).claim).toMatchObject({ status: 'REFUNDED', decision: 'REFUND_PARTIAL', resolutionReason: null });
  });

  it('fetches claims by id in as many queries for three as for one', async () => {
    /** The request's own queries: the outbox relay polls (in its own transactions) meanwhile. */
    const ownQueries = (statements: string[]) => statements.filter((q) => !/outbox_event|^\[query\] (begin|commit|rollback)/.test(q)).length;
    const ids = [await filed(await order()), await filed(await order()), await filed(await order())];
    await settle(); // the relay's work on the filings is not this query's
    for (const viewer of [admin, shop.owner, siti]) {
      await viewer.client.data(ClaimNodesDocument, { ids }); // warms the viewer's session and roles
      const one = await server.countQueries(() => viewer.client.data(ClaimNodesDocument, { ids: ids.slice(0, 1) }));
      const three = await server.countQueries(() => viewer.client.data(ClaimNodesDocument, { ids }));
      expect(three.result.nodes.map((n) => n?.id)).toEqual(ids);
      expect([viewer.id, ownQueries(three.statements)]).toEqual([viewer.id, ownQueries(one.statements)]);
    }
    expect((await andi.client.data(ClaimNodesDocument, { ids })).nodes).toEqual([null, null, null]);
  });

  it('checks a resolution: a reason to reject, a positive amount only for a partial refund, an open claim', async () => {
    const orderId = await order();
    const claimId = await filed(orderId);
    expect(errors(await resolve(claimId, { decision: 'REJECT' }))).toEqual([['INVALID_INPUT', ['input', 'reason']]]);
    expect(errors(await resolve(claimId, { decision: 'REJECT', reason: '   ' }))).toEqual([['INVALID_INPUT', ['input', 'reason']]]);
    expect(errors(await resolve(claimId, { decision: 'REFUND_PARTIAL' }))).toEqual([['INVALID_INPUT', ['input', 'amount']]]);
    for (const amount of ['0', '-5', 'lima ribu', '10.001']) {
      expect(errors(await resolve(claimId, { decision: 'REFUND_PARTIAL', amount }))).toEqual([['INVALID_INPUT', ['input', 'amount']]]);
    }
    expect(errors(await resolve(claimId, { decision: 'REFUND_FULL', amount: '1000' }))).toEqual([['INVALID_INPUT', ['input', 'amount']]]);
    expect(errors(await resolve('Q2xhaW06OTk5OTk5'))).toEqual([['NOT_FOUND', ['input', 'claimId']]]);

    const rejected = await resolve(claimId, { decision: 'REJECT', reason: 'Paket diterima sesuai foto kurir.' });
    expect(rejected.userErrors).toEqual([]);
    expect(rejected.claim).toMatchObject({ status: 'REJECTED', decision: 'REJECT', refundAmount: null, resolutionReason: 'Paket diterima sesuai foto kurir.' });
    expect(rejected.order).toMatchObject({ paymentStatus: 'PAID', refunds: [] });
    expect(rejected.order!.timeline.at(-1)).toEqual({ kind: 'CLAIM_REJECTED', actor: 'ADMIN', reason: 'Paket diterima sesuai foto kurir.' });
    expect(errors(await resolve(claimId, { decision: 'REFUND_FULL' }))).toEqual([['CLAIM_ALREADY_RESOLVED', ['input', 'claimId']]]);
    expect((await orderOf(orderId)).refunds).toEqual([]);
  });

  it('lets exactly one of two admins resolving the same claim at once win, with one refund', async () => {
    for (let round = 0; round < 3; round += 1) {
      const orderId = await order();
      const claimId = await filed(orderId);
      const [a, b] = await Promise.all([
        resolve(claimId, { decision: 'REFUND_PARTIAL', amount: '30000' }, admin),
        resolve(claimId, { decision: round === 2 ? 'REJECT' : 'REFUND_FULL', reason: 'Keputusan admin dua' }, admin2),
      ]);
      const winners = [a, b].filter((r) => r.userErrors.length === 0);
      expect(winners).toHaveLength(1);
      expect([a, b].flatMap(errors)).toEqual([['CLAIM_ALREADY_RESOLVED', ['input', 'claimId']]]);
      const after = await orderOf(orderId);
      const winner = winners[0]!.claim!;
      expect(after.claims).toEqual([{ id: claimId, status: winner.status }]);
      expect(after.refunds.map((r) => r.amount.amount)).toEqual(winner.refundAmount ? [winner.refundAmount.amount] : []);
      expect(after.timeline.filter((e) => e.kind.startsWith('CLAIM_'))).toHaveLength(2);
    }
  });

  it('lets only admins resolve claims and read the queue, oldest first', async () => {
    const orderId = await order();
    const claimId = await filed(orderId);
    for (const viewer of [siti, shop.owner, staff]) {
      const response = await viewer.client.request(ResolveClaimDocument, { input: { claimId, decision: 'REFUND_FULL' } });
      expect(codes(response.errors)).toEqual(['FORBIDDEN']);
      expect(codes((await viewer.client.request(ClaimsQueueDocument, { first: 10 })).errors)).toEqual(['FORBIDDEN']);
    }
    expect(codes((await server.client.request(ClaimsQueueDocument, { first: 10 })).errors)).toEqual(['UNAUTHENTICATED']);
    expect((await orderOf(orderId)).claims).toEqual([{ id: claimId, status: 'OPEN' }]);

    // The queue pages oldest first, and holds only OPEN claims when asked.
    const seen: { id: string; status: string; filedAt: string }[] = [];
    let after: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof queuePage>> = await queuePage(after);
      seen.push(...page.edges.map((e) => e.node));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen.every((c) => c.status === 'OPEN')).toBe(true);
    expect(seen.map((c) => c.filedAt)).toEqual([...seen.map((c) => c.filedAt)].sort());
    expect(seen.at(-1)!.id).toBe(claimId);
  });

  it('notifies the buyer and every shop member when a claim is filed, refunded and rejected', async () => {
    const refundedOrder = await order();
    const rejectedOrder = await order();
    const refunded = await filed(refundedOrder);
    const rejected = await filed(rejectedOrder);
    expect((await resolve(refunded, { decision: 'REFUND_PARTIAL', amount: '25000' })).userErrors).toEqual([]);
    expect((await resolve(rejected, { decision: 'REJECT', reason: 'Barang diterima dalam kondisi baik.' })).userErrors).toEqual([]);
    await settle();
    for (const [actor, audience] of [
      [siti, 'buyer'],
      [shop.owner, 'seller'],
      [staff, 'seller'],
    ] as const) {
      const items = await inboxOf(actor);
      const about = (orderId: string) => items.filter((n) => n.order?.id === orderId && n.kind.startsWith('CLAIM_')).map((n) => [n.kind, n.title, n.category]).reverse();
      expect(about(refundedOrder)).toEqual([
        ['CLAIM_FILED', 'Claim filed', 'RETURNS_REFUNDS'],
        ['CLAIM_RESOLVED', 'Claim resolved: refund Rp25.000', 'RETURNS_REFUNDS'],
      ]);
      expect(about(rejectedOrder)).toEqual([
        ['CLAIM_FILED', 'Claim filed', 'RETURNS_REFUNDS'],
        ['CLAIM_REJECTED', 'Claim rejected', 'RETURNS_REFUNDS'],
      ]);
      const rejection = items.find((n) => n.order?.id === rejectedOrder && n.kind === 'CLAIM_REJECTED')!;
      expect(rejection.body).toMatch(/^Claim rejected: Barang diterima dalam kondisi baik\. /);
      const refund = items.find((n) => n.order?.id === refundedOrder && n.kind === 'CLAIM_RESOLVED')!;
      expect(refund.body).toContain('Rp25.000');
      if (audience === 'buyer') expect(items.some((n) => n.order?.id === refundedOrder && n.kind === 'REFUND_ISSUED')).toBe(true);
    }
    // Other people hear nothing of it.
    for (const stranger of [andi, otherShop.owner]) {
      expect((await inboxOf(stranger)).filter((n) => n.kind.startsWith('CLAIM_'))).toEqual([]);
    }
  });

  it('pushes claim steps to orderUpdated and shopOrderEvents subscribers', async () => {
    const orderId = await order();
    await server.relay.drain();
    const base = server.app.pubsub.activeSubscriptions;
    const buyerWs = await server.ws({ token: siti.token });
    const sellerWs = await server.ws({ token: staff.token });
    const buyerSub = buyerWs.subscribe(OrderUpdatedDocument, { orderId });
    const feed = sellerWs.subscribe(ShopOrderEventsDocument, { shopId: shop.shopId });
    await liveSubscriptions(server, base + 2);

    const claimId = await filed(orderId);
    expect((await resolve(claimId, { decision: 'REFUND_PARTIAL', amount: '20000' })).userErrors).toEqual([]);
    const pushed = (updates: { kind: string; actor: string | null; reason: string | null; amount: { amount: string } | null }[]) =>
      updates.map((u) => [u.kind, u.actor, u.reason, u.amount?.amount ?? null]);
    expect(pushed(await takeUpdates(buyerSub, 'orderUpdated', 3))).toEqual([
      ['CLAIM_FILED', 'BUYER', 'Damaged item', null],
      ['REFUNDED', null, 'Claim: Damaged item', '20000.00'],
      ['CLAIM_REFUNDED', 'ADMIN', 'Refunded Rp20.000', null],
    ]);
    expect(pushed(await takeUpdates(feed, 'shopOrderEvents', 2))).toEqual([
      ['CLAIM_FILED', 'BUYER', 'Damaged item', null],
      ['CLAIM_REFUNDED', 'ADMIN', 'Refunded Rp20.000', null],
    ]);
    buyerSub.unsubscribe();
    feed.unsubscribe();
    await liveSubscriptions(server, base);
  });

  const queuePage = async (after: string | null) => (await admin.client.data(ClaimsQueueDocument, { status: 'OPEN', first: 2, after })).claims;
  const firstLineOf = async (orderId: string) => (await siti.client.data(ClaimOrderLinesDocument, { id: orderId })).order!.lines[0]!.id;
});
