/**
 * A model-based property test of the order lifecycle (fast-check `commands`): random sequences of buyer, seller,
 * carrier, payment-provider and clock steps, each run in its own shop with its own buyers and product. After every
 * step the invariants hold (test/support/order-invariants.ts), and every answer is what the order offered: a step
 * listed in the acting party's `availableActions` succeeds, any other is refused with a typed user error (never a
 * GraphQL error), and a stranger gets NOT_FOUND.
 *
 * Reproduce a failure with the seed fast-check prints: `LIFECYCLE_SEED=<seed> npx vitest run … lifecycle`;
 * `LIFECYCLE_RUNS` sets the number of runs (20 by default).
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCategories, createProduct, createShop, createUser } from '../../seeds/factories';
import { Category } from '../../src/catalog/category.entity';
import { ProductVariant } from '../../src/catalog/product.entity';
import { backgroundJobs } from '../../src/features';
import { allowedActors, OrderActor } from '../../src/orders/order-status';
import { OrderStatus } from '../../src/orders/order.entity';
import { signWebhook } from '../../src/orders/payment-webhook';
import { OPEN_RETURN_STATUSES, ReturnStatus } from '../../src/orders/return.entity';
import { VoucherBuyerUsage } from '../../src/orders/voucher.entity';
import { fromGlobalId, toGlobalId } from '../../src/shared/ids';
import { Role } from '../../src/shared/viewer';
import {
  ArrangeShipmentDocument,
  BuyerOrderActionsDocument,
  CancelOrderAsSellerDocument,
  CancelOrderDocument,
  ConfirmOrderDocument,
  ConfirmReceiptDocument,
  ConfirmReturnReceivedDocument,
  CreateVoucherDocument,
  LogInDocument,
  PayOrderDocument,
  PlaceOrderDocument,
  RecordShipmentEventDocument,
  RequestCancellationDocument,
  RequestReturnDocument,
  RespondToCancellationDocument,
  RespondToReturnDocument,
  ShipReturnDocument,
  ShopInvariantsDocument,
  SimulatePaymentDocument,
  WithdrawCancellationRequestDocument,
  WithdrawReturnDocument,
  type OrderAction,
  type PaymentMethod,
  type RequestReturnInput,
  type ShipmentEventType,
} from '../generated/graphql';
import { createStaffUser, signUpBuyer, type Actor } from '../support/actors';
import type { GraphQLClient, GraphQLResponse } from '../support/client';
import { jakartaAddress } from '../support/fixtures';
import { holdsStock, INVARIANT_QUERY_COST, orderProblems, stockProblems, voucherProblems, type InvariantOrder } from '../support/order-invariants';
import { describeStore, startTestServer, type TestServer } from '../support/server';
import { trackingNumberFor } from '../support/tracking';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const RUNS = Number(process.env['LIFECYCLE_RUNS'] ?? 20);
const SEED = process.env['LIFECYCLE_SEED'] ? Number(process.env['LIFECYCLE_SEED']) : undefined;
/** Random steps after the first one to three orders: at most 25 in all. */
const MAX_STEPS = 22;
const PASSWORD = 'kedai-test-123';
/** Two colours of one hijab, in minor units; the voucher needs a Rp100.000 subtotal. */
const VARIANTS = [
  { colour: 'Hitam', price: 50_000_00 },
  { colour: 'Putih', price: 120_000_00 },
] as const;
const VOUCHER_MINIMUM = 100_000_00;

interface WorldParams {
  readonly stock: readonly number[];
  readonly autoConfirm: boolean;
  readonly voucherLimit: number;
  readonly perBuyerLimit: number;
}

/** What the API showed after the last step. */
interface Snapshot {
  /** The shop's orders as its seller sees them (`availableActions` are the seller's). */
  readonly orders: ReadonlyMap<string, InvariantOrder>;
  /** Each order's `availableActions` as its buyer sees them. */
  readonly buyerActions: ReadonlyMap<string, readonly OrderAction[]>;
  readonly variants: readonly { sku: string; stock: number }[];
  readonly soldCount: number;
  readonly vouchers: readonly { code: string; usedCount: number; usageLimit: number; perBuyerLimit: number }[];
  /** Voucher uses held by each buyer, from the database (the API shows them only as `remainingForViewer`). */
  readonly buyerUses: readonly number[];
}

/** One run's shop, people and the orders placed so far: the real system of the model run. */
interface World {
  readonly server: TestServer;
  readonly run: number;
  readonly shopId: string;
  readonly productId: string;
  readonly variants: readonly { id: string; sku: string; price: number }[];
  readonly initialStock: ReadonlyMap<string, number>;
  readonly seller: Actor;
  readonly buyers: readonly [Actor, Actor];
  readonly carrier: Actor;
  readonly voucher: { readonly id: number; readonly code: string; readonly validUntil: Date };
  readonly orders: { id: string; buyer: 0 | 1 }[];
  readonly payments: string[];
  trackingNumbers: number;
  state: Snapshot;
}

/** What the fast-check model knows: enough to say which steps have something to act on. */
interface Model {
  orders: number;
  payments: number;
}

let runs = 0;

async function logIn(server: TestServer, email: string): Promise<Actor> {
  const { logIn: session } = await server.client.data(LogInDocument, { input: { email, password: PASSWORD } });
  return { token: session.token!, id: session.viewer!.id, email, client: server.client.as(session.token!) };
}

/** A fresh approved shop selling one two-colour hijab, with a voucher, two buyers and a carrier. */
async function newWorld(server: TestServer, categoryId: number, params: WorldParams): Promise<World> {
  const run = (runs += 1);
  const now = server.clock.now();
  const em = server.app.orm.em.fork();
  const email = `siklus.${run}@example.com`;
  const owner = await createUser(em, { name: `Penjual Siklus ${run}`, email, password: PASSWORD }, server.config.passwordHashCost, now);
  const shop = createShop(em, owner, { name: `Toko Siklus ${run}`, handle: `toko-siklus-${run}`, city: 'Bandung', province: 'Jawa Barat', postalCode: '40115', approved: true }, now);
  shop.autoConfirmOrders = params.autoConfirm;
  const product = createProduct(
    em,
    shop,
    em.getReference(Category, categoryId),
    {
      title: `Hijab Voal Siklus ${run}`,
      description: 'Hijab voal lembut, tidak menerawang, mudah dibentuk.',
      imageUrls: ['https://cdn.example.com/siklus.jpg'],
      variants: VARIANTS.map((v, i) => ({ sku: `SKL-${run}-${i}`, options: [{ name: 'Warna', value: v.colour }], price: v.price, stock: params.stock[i]! })),
    },
    now,
  );
  await em.flush();
  const variants = (await em.find(ProductVariant, { product }, { orderBy: { position: 'ASC' } })).map((v) => ({ id: toGlobalId('ProductVariant', v.id), sku: v.sku, price: v.price }));
  const [seller, siti, andi, carrier] = await Promise.all([logIn(server, email), signUpBuyer(server, 'Siti'), signUpBuyer(server, 'Andi'), createStaffUser(server, Role.CARRIER, 'Kurir')]);
  const shopId = toGlobalId('Shop', shop.id);
  const validUntil = new Date(now.getTime() + 60 * DAY);
  const { createVoucher } = await seller.client.data(CreateVoucherDocument, {
    input: { shopId, code: `SIKLUS${run}`, type: 'PERCENT', percentOff: 10, minimumSpend: String(VOUCHER_MINIMUM / 100), usageLimit: params.voucherLimit, perBuyerLimit: params.perBuyerLimit, validUntil: validUntil.toISOString() },
  });
  expect(createVoucher.userErrors).toEqual([]);
  const world: World = {
    server,
    run,
    shopId,
    productId: toGlobalId('Product', product.id),
    variants,
    initialStock: new Map(variants.map((v, i) => [v.sku, params.stock[i]!])),
    seller,
    buyers: [siti, andi],
    carrier,
    voucher: { id: fromGlobalId(createVoucher.voucher!.id)!.id, code: createVoucher.voucher!.code, validUntil },
    orders: [],
    payments: [],
    trackingNumbers: 0,
    state: { orders: new Map(), buyerActions: new Map(), variants: [], soldCount: 0, vouchers: [], buyerUses: [0, 0] },
  };
  await refresh(world);
  return world;
}

async function refresh(w: World): Promise<void> {
  const { shop, product } = await w.seller.client.data(ShopInvariantsDocument, { shopId: w.shopId, productId: w.productId });
  const views = await Promise.all(w.buyers.map((b) => b.client.data(BuyerOrderActionsDocument)));
  const usage = await w.server.app.orm.em.fork().find(VoucherBuyerUsage, { voucher: w.voucher.id });
  const buyerIds = w.buyers.map((b) => fromGlobalId(b.id)!.id);
  w.state = {
    orders: new Map(shop!.orders!.edges.map((e) => [e.node.id, e.node])),
    buyerActions: new Map(views.flatMap((v) => v.viewer!.orders.edges.map((e) => [e.node.id, e.node.availableActions] as const))),
    variants: product!.variants,
    soldCount: product!.soldCount,
    vouchers: shop!.vouchers!.edges.map((e) => e.node),
    buyerUses: buyerIds.map((id) => usage.find((u) => u.buyer.id === id)?.usedCount ?? 0),
  };
}

function checkInvariants(w: World): void {
  const orders = [...w.state.orders.values()];
  const held = orders.filter(holdsStock);
  const problems = [
    ...orders.flatMap(orderProblems),
    ...stockProblems(w.state.variants, w.initialStock, orders),
    ...voucherProblems(w.state.vouchers, orders),
  ];
  const heldUnits = held.reduce((sum, o) => sum + o.lines.reduce((n, l) => n + l.quantity, 0), 0);
  if (w.state.soldCount !== heldUnits) problems.push(`soldCount ${w.state.soldCount}, ${heldUnits} units held`);
  w.buyers.forEach((_, i) => {
    const mine = held.filter((o) => o.voucherCode === w.voucher.code && w.orders.find((r) => r.id === o.id)?.buyer === i).length;
    if (w.state.buyerUses[i] !== mine) problems.push(`buyer ${i} holds ${w.state.buyerUses[i]} voucher uses in the database, ${mine} by their orders`);
  });
  if (orders.length !== w.orders.length) problems.push(`the seller sees ${orders.length} orders, ${w.orders.length} were placed`);
  // Thrown in full: fast-check reports the message with the counterexample.
  if (problems.length > 0) throw new Error(`invariants broken:\n${problems.join('\n')}`);
}

type Payload = { readonly userErrors: readonly { readonly code: string }[] };
/** 'success', or the user error codes a refusal may carry. */
type Expected = 'success' | readonly string[];

/** The answer is a payload, never a GraphQL error: a success when expected, else a refusal with an expected code. */
function expectAnswer<R>(label: string, response: GraphQLResponse<R>, payloadOf: (data: R) => Payload, expected: Expected): Payload {
  expect(response.errors, label).toBeUndefined();
  expect(response.status, label).toBe(200);
  const codes = [...new Set(payloadOf(response.data!).userErrors.map((e) => e.code))];
  if (expected === 'success') expect(codes, label).toEqual([]);
  else {
    expect(codes.length, `${label}: expected a refusal with ${expected.join(' or ')}`).toBeGreaterThan(0);
    for (const code of codes) expect(expected, label).toContain(code);
  }
  return payloadOf(response.data!);
}

/** A deterministic choice among `n` from a step's random `variant` (`salt` separates the choices of one step). */
const choose = (variant: number, salt: number, n: number) => (Math.imul(variant ^ Math.imul(salt + 1, 0x9e3779b9), 0x85ebca6b) >>> 0) % n;

/** A step on one of the run's orders: `pick` names it, `variant` drives the step's choices, a stranger must get NOT_FOUND. */
interface OrderStep {
  readonly pick: number;
  readonly variant: number;
  readonly stranger: boolean;
}

type Party = 'BUYER' | 'SELLER';

interface Target {
  readonly order: InvariantOrder;
  readonly client: GraphQLClient;
  readonly expected: (offeredBy: OrderAction, refusals: readonly string[]) => Expected;
}

/** The order a step names and who acts on it: its buyer or the seller, or a stranger (the other buyer, or a buyer for a seller step). */
function target(w: World, s: OrderStep, party: Party): Target {
  const ref = w.orders[s.pick % w.orders.length]!;
  const order = w.state.orders.get(ref.id)!;
  const actor = party === 'BUYER' ? w.buyers[s.stranger ? 1 - ref.buyer : ref.buyer]! : s.stranger ? w.buyers[ref.buyer]! : w.seller;
  const offered = party === 'BUYER' ? (w.state.buyerActions.get(ref.id) ?? []) : order.availableActions;
  return {
    order,
    client: actor.client,
    expected: (offeredBy, refusals) => (s.stranger ? ['NOT_FOUND'] : offered.includes(offeredBy) ? 'success' : refusals),
  };
}

const label = (what: string, t: Target, s: OrderStep) => `${what} on a ${t.order.status} order${s.stranger ? ' by a stranger' : ''}`;

interface PlaceOrderStep {
  readonly buyer: 0 | 1;
  readonly lines: readonly { readonly variant: number; readonly quantity: number }[];
  readonly method: PaymentMethod;
  readonly voucher: boolean;
}

/** What checkout answers, in the order it checks: stock first, then the voucher's dates, minimum, buyer's and total uses. */
function checkoutAnswer(w: World, p: PlaceOrderStep): Expected {
  const stock = new Map(w.state.variants.map((v) => [v.sku, v.stock]));
  if (p.lines.some((l) => l.quantity > stock.get(w.variants[l.variant]!.sku)!)) return ['OUT_OF_STOCK'];
  if (!p.voucher) return 'success';
  const voucher = w.state.vouchers[0]!;
  if (w.server.clock.now() >= w.voucher.validUntil) return ['VOUCHER_EXPIRED'];
  if (p.lines.reduce((sum, l) => sum + w.variants[l.variant]!.price * l.quantity, 0) < VOUCHER_MINIMUM) return ['VOUCHER_MINIMUM_NOT_MET'];
  if (w.state.buyerUses[p.buyer]! >= voucher.perBuyerLimit) return ['VOUCHER_LIMIT_REACHED'];
  if (voucher.usedCount >= voucher.usageLimit) return ['VOUCHER_USED_UP'];
  return 'success';
}

async function placeOrder(w: World, p: PlaceOrderStep): Promise<void> {
  const expected = checkoutAnswer(w, p);
  const response = await w.buyers[p.buyer]!.client.request(PlaceOrderDocument, {
    input: {
      lines: p.lines.map((l) => ({ variantId: w.variants[l.variant]!.id, quantity: l.quantity })),
      paymentMethod: p.method,
      shippingAddress: jakartaAddress,
      voucherCode: p.voucher ? w.voucher.code : null,
      idempotencyKey: `lifecycle-${randomUUID()}`,
    },
  });
  expectAnswer('placeOrder', response, (d) => d.placeOrder, expected);
  const order = response.data!.placeOrder.order;
  if (order) w.orders.push({ id: order.id, buyer: p.buyer });
}

/** Delivers a signed provider event at the server's clock; the webhook must take it. */
async function deliverPaymentEvent(w: World, providerReference: string, status: 'SUCCEEDED' | 'FAILED'): Promise<void> {
  const now = w.server.clock.now();
  const body = JSON.stringify({ eventId: `evt_${randomUUID()}`, providerReference, status, occurredAt: now.toISOString() });
  const signature = signWebhook(w.server.config.paymentWebhookSecret, body, Math.floor(now.getTime() / 1000));
  const response = await fetch(w.server.url.replace(/\/graphql$/, '/webhooks/payments'), { method: 'POST', headers: { 'content-type': 'application/json', 'x-kedai-signature': signature }, body });
  expect(response.status, `payment webhook ${status}: ${await response.text()}`).toBe(200);
}

/** payOrder, then the provider's answer: through the signed webhook or the simulator, mostly a success. */
async function pay(w: World, s: OrderStep): Promise<void> {
  const t = target(w, s, 'BUYER');
  const response = await t.client.request(PayOrderDocument, { input: { orderId: t.order.id, idempotencyKey: `pay-${randomUUID()}` } });
  expectAnswer(label('payOrder', t, s), response, (d) => d.payOrder, t.expected('PAY', ['ORDER_NOT_PAYABLE']));
  const payment = response.data!.payOrder.payment;
  if (!payment) return;
  if (!w.payments.includes(payment.providerReference)) w.payments.push(payment.providerReference);
  const outcome = choose(s.variant, 1, 4) === 0 ? 'FAILED' : 'SUCCEEDED';
  if (choose(s.variant, 2, 2) === 0) return deliverPaymentEvent(w, payment.providerReference, outcome);
  const simulated = await t.client.request(SimulatePaymentDocument, { input: { orderId: t.order.id, outcome } });
  expectAnswer('simulatePayment', simulated, (d) => d.simulatePayment, 'success');
}

/** The provider reports on any payment seen in this run, late or again: a confirmation after a failure or a cancellation, a double payment. */
async function latePaymentEvent(w: World, p: { payment: number; succeeded: boolean }): Promise<void> {
  await deliverPaymentEvent(w, w.payments[p.payment % w.payments.length]!, p.succeeded ? 'SUCCEEDED' : 'FAILED');
}

async function cancel(w: World, s: OrderStep): Promise<void> {
  const t = target(w, s, 'BUYER');
  const response = await t.client.request(CancelOrderDocument, { input: { orderId: t.order.id, reason: 'Salah pilih warna' } });
  expectAnswer(label('cancelOrder', t, s), response, (d) => d.cancelOrder, t.expected('CANCEL', ['INVALID_TRANSITION']));
}

async function requestCancellation(w: World, s: OrderStep): Promise<void> {
  const t = target(w, s, 'BUYER');
  const reason = (['CHANGED_MIND', 'FOUND_CHEAPER', 'SELLER_TOO_SLOW'] as const)[choose(s.variant, 1, 3)]!;
  const response = await t.client.request(RequestCancellationDocument, { input: { orderId: t.order.id, reason } });
  const refusals = ['INVALID_TRANSITION', 'CANCELLATION_ALREADY_REQUESTED', 'CANCELLATION_ALREADY_REJECTED'];
  expectAnswer(label('requestCancellation', t, s), response, (d) => d.requestCancellation, t.expected('REQUEST_CANCELLATION', refusals));
}

/** The newest cancellation request of the order: the one a withdrawal or an answer names. */
const newestCancellationRequest = (order: InvariantOrder) => order.cancellationRequests[0]?.id ?? null;

async function withdrawCancellation(w: World, s: OrderStep): Promise<void> {
  const t = target(w, s, 'BUYER');
  const requestId = newestCancellationRequest(t.order);
  if (!requestId) return;
  const response = await t.client.request(WithdrawCancellationRequestDocument, { input: { requestId } });
  expectAnswer(label('withdrawCancellationRequest', t, s), response, (d) => d.withdrawCancellationRequest, t.expected('WITHDRAW_CANCELLATION_REQUEST', ['INVALID_TRANSITION']));
}

async function respondToCancellation(w: World, s: OrderStep): Promise<void> {
  const t = target(w, s, 'SELLER');
  const requestId = newestCancellationRequest(t.order);
  if (!requestId) return;
  const approve = choose(s.variant, 1, 2) === 0;
  const response = await t.client.request(RespondToCancellationDocument, { input: { requestId, approve, reason: approve ? null : 'Pesanan sudah dikemas' } });
  expectAnswer(label('respondToCancellation', t, s), response, (d) => d.respondToCancellation, t.expected('RESPOND_TO_CANCELLATION', ['INVALID_TRANSITION']));
}

async function confirm(w: World, s: OrderStep): Promise<void> {
  const t = target(w, s, 'SELLER');
  const response = await t.client.request(ConfirmOrderDocument, { input: { orderId: t.order.id } });
  expectAnswer(label('confirmOrder', t, s), response, (d) => d.confirmOrder, t.expected('CONFIRM', ['INVALID_TRANSITION']));
}

async function arrangeShipment(w: World, s: OrderStep): Promise<void> {
  const t = target(w, s, 'SELLER');
  const trackingNumber = trackingNumberFor('JNE', w.run * 100_000 + (w.trackingNumbers += 1));
  const response = await t.client.request(ArrangeShipmentDocument, { input: { orderId: t.order.id, carrierCode: 'JNE', trackingNumber } });
  expectAnswer(label('arrangeShipment', t, s), response, (d) => d.arrangeShipment, t.expected('ARRANGE_SHIPMENT', ['INVALID_TRANSITION', 'CANCELLATION_PENDING']));
}

async function cancelAsSeller(w: World, s: OrderStep): Promise<void> {
  const t = target(w, s, 'SELLER');
  const response = await t.client.request(CancelOrderAsSellerDocument, { input: { orderId: t.order.id, reason: 'Stok di gudang rusak' } });
  expectAnswer(label('cancelOrderAsSeller', t, s), response, (d) => d.cancelOrderAsSeller, t.expected('CANCEL_AS_SELLER', ['INVALID_TRANSITION']));
}

/** The carrier events the property drives (the others are covered by test/orders/shipping.test.ts). */
const CARRIER_MOVES: Readonly<Partial<Record<ShipmentEventType, OrderStatus>>> = { PICKED_UP: OrderStatus.IN_TRANSIT, DELIVERED: OrderStatus.DELIVERED, LOST: OrderStatus.CANCELLED };

/**
 * A carrier report on the order's parcel (an unknown tracking number when it has none): a type reported before is
 * a duplicate that changes nothing; otherwise it succeeds exactly when the table lets the carrier make its move
 * (a delivery or loss before any pickup: from IN_TRANSIT, which the report implies).
 */
async function carrierEvent(w: World, s: OrderStep & { type: ShipmentEventType }): Promise<void> {
  const { order } = target(w, s, 'SELLER');
  const trackingNumber = order.shipment?.trackingNumber ?? 'NOSUCHPARCEL1';
  const response = await w.carrier.client.request(RecordShipmentEventDocument, {
    input: { carrierCode: 'JNE', trackingNumber, type: s.type, occurredAt: w.server.clock.now().toISOString(), description: s.type === 'LOST' ? 'Hilang di hub' : null },
  });
  const duplicate = order.shipment?.events.some((e) => e.type === s.type) ?? false;
  const carrierMay = (from: OrderStatus) => allowedActors(from, CARRIER_MOVES[s.type]!).includes(OrderActor.CARRIER);
  // A delivery or loss reported before any pickup first records the pickup it implies (the order goes IN_TRANSIT).
  const impliesPickup = order.status === OrderStatus.AWAITING_COLLECTION && s.type !== 'PICKED_UP';
  const moves = carrierMay(order.status as OrderStatus) || (impliesPickup && carrierMay(OrderStatus.IN_TRANSIT));
  // A pickup after the order moved on (its delivery or loss came first) is a late report, placed by its time.
  const latePickup = s.type === 'PICKED_UP' && order.shipment?.status !== 'CANCELLED';
  const expected: Expected = !order.shipment ? ['NOT_FOUND'] : duplicate || moves || latePickup ? 'success' : ['INVALID_TRANSITION'];
  expectAnswer(`carrier ${s.type} on a ${order.status} order`, response, (d) => d.recordShipmentEvent, expected);
  if (expected === 'success') expect(response.data!.recordShipmentEvent.duplicate).toBe(duplicate);
}

async function confirmReceipt(w: World, s: OrderStep): Promise<void> {
  const t = target(w, s, 'BUYER');
  const response = await t.client.request(ConfirmReceiptDocument, { input: { orderId: t.order.id } });
  expectAnswer(label('confirmReceipt', t, s), response, (d) => d.confirmReceipt, t.expected('CONFIRM_RECEIPT', ['INVALID_TRANSITION', 'RETURN_OPEN']));
}

const RETURN_KINDS: readonly Pick<RequestReturnInput, 'type' | 'reason' | 'evidenceUrls'>[] = [
  { type: 'REFUND_ONLY', reason: 'DAMAGED', evidenceUrls: ['https://cdn.example.com/bukti/sobek.jpg'] },
  { type: 'REFUND_ONLY', reason: 'NOT_RECEIVED' },
  { type: 'RETURN_AND_REFUND', reason: 'CHANGED_MIND' },
];

/**
 * A return or refund request for some units of some lines, sometimes more than are left to return (units of
 * refunded requests are gone): RETURN_QUANTITY_EXCEEDED then, and only then.
 */
async function requestReturn(w: World, s: OrderStep): Promise<void> {
  const t = target(w, s, 'BUYER');
  const returned = new Map<string, number>();
  for (const request of t.order.returnRequests.filter((r) => r.status === ReturnStatus.REFUNDED)) {
    for (const line of request.lines) returned.set(line.orderLine.id, (returned.get(line.orderLine.id) ?? 0) + line.quantity);
  }
  const picked = t.order.lines.filter((_, i) => i === 0 || choose(s.variant, 10 + i, 2) === 0);
  const lines = picked.map((line, i) => ({ orderLineId: line.id, quantity: 1 + choose(s.variant, 20 + i, line.quantity + 1) }));
  const exceeded = lines.some((l) => l.quantity > t.order.lines.find((line) => line.id === l.orderLineId)!.quantity - (returned.get(l.orderLineId) ?? 0));
  const response = await t.client.request(RequestReturnDocument, { input: { orderId: t.order.id, lines, ...RETURN_KINDS[choose(s.variant, 1, RETURN_KINDS.length)]! } });
  let expected = t.expected('REQUEST_RETURN', ['INVALID_TRANSITION', 'RETURN_WINDOW_CLOSED', 'RETURN_OPEN']);
  if (expected === 'success' && exceeded) expected = ['RETURN_QUANTITY_EXCEEDED'];
  expectAnswer(label('requestReturn', t, s), response, (d) => d.requestReturn, expected);
}

/** The order's open return request, else its newest one: the one a return step names. */
function currentReturn(order: InvariantOrder): string | null {
  const open = order.returnRequests.find((r) => OPEN_RETURN_STATUSES.includes(r.status as ReturnStatus));
  return (open ?? order.returnRequests.at(-1))?.id ?? null;
}

async function respondToReturn(w: World, s: OrderStep): Promise<void> {
  const t = target(w, s, 'SELLER');
  const returnId = currentReturn(t.order);
  if (!returnId) return;
  const approve = choose(s.variant, 1, 3) > 0;
  const response = await t.client.request(RespondToReturnDocument, { input: { returnId, approve, reason: approve ? null : 'Foto tidak menunjukkan kerusakan' } });
  expectAnswer(label('respondToReturn', t, s), response, (d) => d.respondToReturn, t.expected('RESPOND_TO_RETURN', ['INVALID_TRANSITION']));
}

async function shipReturn(w: World, s: OrderStep): Promise<void> {
  const t = target(w, s, 'BUYER');
  const returnId = currentReturn(t.order);
  if (!returnId) return;
  const response = await t.client.request(ShipReturnDocument, { input: { returnId, carrierCode: 'JNT', trackingNumber: trackingNumberFor('JNT', w.run * 1000 + (s.pick % 1000)) } });
  expectAnswer(label('shipReturn', t, s), response, (d) => d.shipReturn, t.expected('SHIP_RETURN', ['INVALID_TRANSITION']));
}

async function confirmReturnReceived(w: World, s: OrderStep): Promise<void> {
  const t = target(w, s, 'SELLER');
  const returnId = currentReturn(t.order);
  if (!returnId) return;
  const response = await t.client.request(ConfirmReturnReceivedDocument, { input: { returnId } });
  expectAnswer(label('confirmReturnReceived', t, s), response, (d) => d.confirmReturnReceived, t.expected('CONFIRM_RETURN_RECEIVED', ['INVALID_TRANSITION']));
}

async function withdrawReturn(w: World, s: OrderStep): Promise<void> {
  const t = target(w, s, 'BUYER');
  const returnId = currentReturn(t.order);
  if (!returnId) return;
  const response = await t.client.request(WithdrawReturnDocument, { input: { returnId } });
  expectAnswer(label('withdrawReturn', t, s), response, (d) => d.withdrawReturn, t.expected('WITHDRAW_RETURN', ['INVALID_TRANSITION']));
}

/** Moves the clock, then runs every sweeper until none has anything left to do (a closed return lets an order complete on the next pass). */
async function advanceClock(w: World, ms: number): Promise<void> {
  w.server.clock.advance(ms);
  for (let pass = 0; pass < 10; pass += 1) {
    let moved = 0;
    for (const job of backgroundJobs) moved += await w.server.jobs.runNow(job.name);
    if (moved === 0) return;
  }
  throw new Error('the sweepers did not settle in 10 passes');
}

type OrderStepFn = (w: World, s: OrderStep) => Promise<void>;

/** The step each action in `availableActions` stands for (REVIEW belongs to the reviews feature). */
const stepFor: Partial<Record<OrderAction, OrderStepFn>> = {
  PAY: pay,
  CANCEL: cancel,
  CONFIRM: confirm,
  ARRANGE_SHIPMENT: arrangeShipment,
  CANCEL_AS_SELLER: cancelAsSeller,
  CONFIRM_RECEIPT: confirmReceipt,
  REQUEST_RETURN: requestReturn,
  WITHDRAW_RETURN: withdrawReturn,
  SHIP_RETURN: shipReturn,
  RESPOND_TO_RETURN: respondToReturn,
  CONFIRM_RETURN_RECEIVED: confirmReturnReceived,
  REQUEST_CANCELLATION: requestCancellation,
  WITHDRAW_CANCELLATION_REQUEST: withdrawCancellation,
  RESPOND_TO_CANCELLATION: respondToCancellation,
};

/** What may happen to an order next: the steps its buyer and its seller are offered, and the carrier's next report. */
function nextSteps(w: World, ref: World['orders'][number], variant: number): (OrderAction | ShipmentEventType)[] {
  const order = w.state.orders.get(ref.id)!;
  const offered = [...new Set([...(w.state.buyerActions.get(ref.id) ?? []), ...order.availableActions])].filter((a) => stepFor[a]);
  if (order.status === 'AWAITING_COLLECTION') return [...offered, 'PICKED_UP'];
  if (order.status === 'IN_TRANSIT') return [...offered, choose(variant, 3, 5) === 0 ? 'LOST' : 'DELIVERED'];
  return offered;
}

/** Steps that end an order or its return; `progress` takes them less often, so runs also reach delivery and returns. */
const ENDINGS: readonly (OrderAction | ShipmentEventType)[] = ['CANCEL', 'CANCEL_AS_SELLER', 'REQUEST_CANCELLATION', 'CONFIRM_RECEIPT', 'WITHDRAW_RETURN', 'LOST'];

/** How far along the lifecycle each status is. */
const STAGE: readonly string[] = ['UNPAID', 'ON_HOLD', 'AWAITING_SHIPMENT', 'AWAITING_COLLECTION', 'IN_TRANSIT', 'DELIVERED'];

/**
 * Takes one step an order offers, mostly one that moves it forward, so runs get deep into the lifecycle instead of
 * mostly trying steps the order refuses. Half the time the step is on the order furthest along, otherwise `pick`
 * chooses among the orders that offer any.
 */
async function progress(w: World, s: OrderStep): Promise<void> {
  const open = w.orders.map((ref, index) => ({ index, options: nextSteps(w, ref, s.variant), stage: STAGE.indexOf(w.state.orders.get(ref.id)!.status) })).filter((o) => o.options.length > 0);
  if (open.length === 0) return;
  const furthest = open.reduce((best, o) => (o.stage > best.stage ? o : best));
  const { index, options } = choose(s.variant, 6, 2) === 0 ? furthest : open[s.pick % open.length]!;
  const forward = options.filter((o) => !ENDINGS.includes(o));
  const among = forward.length > 0 && choose(s.variant, 5, 4) > 0 ? forward : options;
  const chosen = among[choose(s.variant, 4, among.length)]!;
  const step = { pick: index, variant: s.variant, stranger: false };
  const orderStepFn = stepFor[chosen as OrderAction];
  await (orderStepFn ? orderStepFn(w, step) : carrierEvent(w, { ...step, type: chosen as ShipmentEventType }));
}

class Step implements fc.AsyncCommand<Model, World> {
  constructor(
    private readonly name: string,
    private readonly needs: keyof Model | null,
    private readonly act: (w: World) => Promise<void>,
  ) {}

  check(model: Readonly<Model>): boolean {
    return this.needs === null || model[this.needs] > 0;
  }

  async run(model: Model, w: World): Promise<void> {
    await this.act(w);
    await refresh(w);
    checkInvariants(w);
    model.orders = w.orders.length;
    model.payments = w.payments.length;
  }

  toString(): string {
    return this.name;
  }
}

const orderStep: fc.Arbitrary<OrderStep> = fc.record({ pick: fc.nat(), variant: fc.nat(), stranger: fc.nat(9).map((n) => n === 0) });
const onOrder = (name: string, fn: OrderStepFn) => orderStep.map((s) => new Step(`${name}(${JSON.stringify(s)})`, 'orders', (w) => fn(w, s)));

const placeOrderStep = fc
  .record({
    buyer: fc.constantFrom<0 | 1>(0, 1),
    lines: fc.uniqueArray(fc.record({ variant: fc.nat(VARIANTS.length - 1), quantity: fc.integer({ min: 1, max: 4 }) }), { minLength: 1, maxLength: 2, selector: (l) => l.variant }),
    method: fc.constantFrom<PaymentMethod>('E_WALLET', 'BANK_TRANSFER', 'CARD', 'COD'),
    voucher: fc.boolean(),
  })
  .map((p) => new Step(`placeOrder(${JSON.stringify(p)})`, null, (w) => placeOrder(w, p)));

const clockStep = fc
  .oneof(
    { weight: 2, arbitrary: fc.integer({ min: 1, max: 180 }).map((n) => n * MINUTE) },
    { weight: 2, arbitrary: fc.integer({ min: 1, max: 72 }).map((n) => n * HOUR) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 8 }).map((n) => n * DAY) },
  )
  .map((ms) => new Step(`advanceClock(${ms / MINUTE} min) and sweep`, null, (w) => advanceClock(w, ms)));

const carrierStep = fc
  .tuple(orderStep, fc.constantFrom<ShipmentEventType>('PICKED_UP', 'DELIVERED', 'LOST'))
  .map(([s, type]) => new Step(`carrier ${type}(${JSON.stringify(s)})`, 'orders', (w) => carrierEvent(w, { ...s, type })));

const latePaymentStep = fc
  .record({ payment: fc.nat(), succeeded: fc.boolean() })
  .map((p) => new Step(`latePaymentEvent(${JSON.stringify(p)})`, 'payments', (w) => latePaymentEvent(w, p)));

/** Each kind of step, weighted so that runs place orders, move them along and let time pass more often than they try one given step. */
const step = fc.oneof(
  { weight: 4, arbitrary: placeOrderStep },
  { weight: 12, arbitrary: fc.record({ pick: fc.nat(), variant: fc.nat() }).map((s) => new Step(`progress(${JSON.stringify(s)})`, 'orders', (w) => progress(w, { ...s, stranger: false }))) },
  { weight: 3, arbitrary: clockStep },
  { weight: 1, arbitrary: latePaymentStep },
  { weight: 1, arbitrary: carrierStep },
  ...(
    [
      ['pay', pay],
      ['cancelOrder', cancel],
      ['requestCancellation', requestCancellation],
      ['withdrawCancellationRequest', withdrawCancellation],
      ['respondToCancellation', respondToCancellation],
      ['confirmOrder', confirm],
      ['arrangeShipment', arrangeShipment],
      ['cancelOrderAsSeller', cancelAsSeller],
      ['confirmReceipt', confirmReceipt],
      ['requestReturn', requestReturn],
      ['respondToReturn', respondToReturn],
      ['shipReturn', shipReturn],
      ['confirmReturnReceived', confirmReturnReceived],
      ['withdrawReturn', withdrawReturn],
    ] as const
  ).map(([name, fn]) => ({ weight: 1, arbitrary: onOrder(name, fn) })),
);

const worldParams: fc.Arbitrary<WorldParams> = fc
  .record({ stock: fc.tuple(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 2, max: 12 })), autoConfirm: fc.boolean(), voucherLimit: fc.integer({ min: 1, max: 4 }) })
  .chain((p) => fc.integer({ min: 1, max: Math.min(2, p.voucherLimit) }).map((perBuyerLimit) => ({ ...p, perBuyerLimit })));

describeStore('the order lifecycle under random buyer, seller, carrier, payment and clock steps', () => {
  let server: TestServer;
  let categoryId: number;

  beforeAll(async () => {
    // Sessions outlive the months a run may move the clock by; every run (and every shrinking replay) logs its
    // seller and carrier in; the invariant read asks for every order's details at once.
    server = await startTestServer({
      config: { jwtTtlSeconds: 365 * 24 * 3600, logInRateLimit: { perClient: 100_000 }, limits: { maxCost: INVARIANT_QUERY_COST } },
    });
    categoryId = (await createCategories(server.app.orm.em.fork())).get('hijab')!.id;
  });
  afterAll(() => server?.stop());

  it('keeps stock, money, timelines and voucher uses consistent, and answers every step as the order offered it', { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(worldParams, fc.array(placeOrderStep, { minLength: 1, maxLength: 3 }), fc.commands([step], { maxCommands: MAX_STEPS, size: 'max' }), async (params, first, commands) => {
        const world = await newWorld(server, categoryId, params);
        const model: Model = { orders: 0, payments: 0 };
        // Every run starts with orders to act on; the random steps follow.
        for (const placing of first) await placing.run(model, world);
        await fc.asyncModelRun(() => ({ model, real: world }), commands);
      }),
      // Shrinking replays against the server: give it a bound, and report the smallest failure found by then.
      { numRuns: RUNS, seed: SEED, interruptAfterTimeLimit: 240_000, markInterruptAsFailure: true },
    );
  });
});
