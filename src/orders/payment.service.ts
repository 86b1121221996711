/**
 * Paying orders through the built-in simulated provider, applying its confirmed outcomes, and refunds.
 * The webhook transport (signature, replay window, HTTP) lives in `payment-webhook.ts`; this file only applies a
 * verified event, in one transaction with the order change and its outbox events.
 */
import { createHash, randomBytes } from 'node:crypto';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { recordEvent } from '../events/outbox';
import { Topic } from '../events/topics';
import type { Clock } from '../shared/clock';
import type { AppServices, Context } from '../shared/context';
import { idempotent } from '../shared/idempotency';
import { selectRows, updateRows } from '../shared/sql';
import { failWith } from '../shared/user-error';
import { buyersOrder } from './buyers-order';
import { OrderActor, writeStatus, type StatusServices } from './order-status';
import { Order, OrderStatus, PaymentMethod, PaymentStatus } from './order.entity';
import type { PayOrderInput } from './payment.inputs';
import { Payment, PaymentAttemptStatus, PaymentWebhookEvent, Refund } from './payment.entity';
import type { PaymentInstructions } from './payment.payloads';
import { applyAutoConfirm } from './fulfilment.auto-confirm';
import type { ReturnRequest } from './return.entity';

/** User error codes owned by payments. */
export const paymentErrorCodes = {
  ORDER_NOT_PAYABLE: 'The order is not waiting for payment (already paid, cancelled, or cash on delivery).',
  PAYMENT_EXPIRED: 'The order\'s payment deadline (`paymentDueAt`) has passed.',
  NO_PENDING_PAYMENT: 'The order has no pending payment; call `payOrder` first.',
} as const;
type PaymentErrorCode = keyof typeof paymentErrorCodes;
const code = (c: PaymentErrorCode) => c;

/** Outbox event types written here (status changes go through `writeStatus`). */
export const PaymentEventType = {
  PAYMENT_FAILED: 'PAYMENT_FAILED',
  REFUNDED: 'REFUNDED',
} as const;

export interface PayOrderResult {
  readonly payment: Payment;
  readonly order: Order;
  readonly replayed: boolean;
}

/**
 * Starts paying an UNPAID order. While a payment is pending, a new call (with any key) returns that payment
 * instead of opening a second one; after a FAILED one, it opens a new attempt. Idempotent by `idempotencyKey`.
 */
export async function payOrder(ctx: Context, input: PayOrderInput): Promise<PayOrderResult> {
  const order = await buyersOrder(ctx, input.orderId);
  const { result, replayed } = await idempotent(ctx, order.buyer.id, {
    operation: 'payOrder',
    key: input.idempotencyKey,
    input: { orderId: order.id },
    run: (em) => startPayment(em, ctx.clock, order.id),
    toJson: (payment) => ({ paymentId: payment.id }),
    fromJson: (json: { paymentId: number }, em) => em.findOneOrFail(Payment, json.paymentId),
  });
  return { payment: result, order: await result.order.loadOrFail(), replayed };
}

/** Opens a PENDING payment of the UNPAID order (or returns the one pending), in `em`; the demo seed's unpaid orders come from here too. */
export async function startPayment(em: EntityManager, clock: Clock, orderId: number): Promise<Payment> {
  const order = await em.findOneOrFail(Order, orderId);
  const field = ['input', 'orderId'];
  if (order.status !== OrderStatus.UNPAID || order.paymentMethod === PaymentMethod.COD) {
    failWith(code('ORDER_NOT_PAYABLE'), `The order is ${order.status} and is not waiting for payment.`, field);
  }
  const now = clock.now();
  if (order.paymentDueAt && order.paymentDueAt <= now) {
    failWith(code('PAYMENT_EXPIRED'), 'The time to pay this order has passed.', field);
  }
  const pending = await em.findOne(Payment, { order: order.id, status: PaymentAttemptStatus.PENDING });
  if (pending) return pending;
  const payment = em.create(Payment, {
    order,
    amount: order.total,
    method: order.paymentMethod,
    status: PaymentAttemptStatus.PENDING,
    providerReference: `pay_${randomBytes(12).toString('hex')}`,
    pendingOrderId: order.id,
    createdAt: now,
    updatedAt: now,
  });
  // The id goes into the idempotency record. A concurrent payOrder that opened a payment first makes this flush
  // fail on `pendingOrderId`; `idempotent` then retries, and the retry returns that payment.
  await em.flush();
  return payment;
}

/** What the simulated provider tells the buyer to do; null once the payment is no longer pending. */
export function paymentInstructions(payment: Payment, order: Order): PaymentInstructions | null {
  if (payment.status !== PaymentAttemptStatus.PENDING) return null;
  const digits = BigInt(`0x${createHash('sha256').update(payment.providerReference).digest('hex').slice(0, 16)}`).toString().padStart(11, '0').slice(-11);
  const amount = payment.amount;
  return {
    method: payment.method,
    virtualAccountNumber: payment.method === PaymentMethod.BANK_TRANSFER ? `88908${digits}` : null,
    bankName: payment.method === PaymentMethod.BANK_TRANSFER ? 'Kedai Virtual Account (simulated)' : null,
    deeplinkUrl: payment.method === PaymentMethod.E_WALLET ? `kedaipay://pay?reference=${payment.providerReference}&amount=${amount}` : null,
    redirectUrl: payment.method === PaymentMethod.CARD ? `https://pay.kedai.test/card/${payment.providerReference}` : null,
    expiresAt: order.paymentDueAt ?? null,
  };
}

/** The provider's word on one payment, after the webhook's signature and replay window were checked. */
export interface ProviderEvent {
  readonly eventId: string;
  readonly providerReference: string;
  readonly status: PaymentAttemptStatus.SUCCEEDED | PaymentAttemptStatus.FAILED;
  readonly occurredAt: Date;
}

export type ProviderEventOutcome = 'APPLIED' | 'DUPLICATE' | 'UNKNOWN_PAYMENT';

/**
 * Applies a provider event once per `eventId`, in one transaction: the event row (its unique index makes a
 * concurrent redelivery fail here and answer DUPLICATE), the payment, the order, refunds and outbox events.
 * A concurrent order change (e.g. a cancellation) surfaces as an OptimisticLockError: nothing is kept, and the
 * provider's retry applies the event to the new state.
 */
export async function applyProviderEvent(app: AppServices, event: ProviderEvent): Promise<ProviderEventOutcome> {
  const em = app.orm.em.fork();
  if (!(await em.findOne(Payment, { providerReference: event.providerReference }, { fields: ['id'] }))) return 'UNKNOWN_PAYMENT';
  if (await em.findOne(PaymentWebhookEvent, { eventId: event.eventId }, { fields: ['id'] })) return 'DUPLICATE';
  try {
    await em.transactional(async (tx) => {
      const now = app.clock.now();
      tx.create(PaymentWebhookEvent, { eventId: event.eventId, providerReference: event.providerReference, status: event.status, occurredAt: event.occurredAt, receivedAt: now });
      await tx.flush();
      const payment = await tx.findOneOrFail(Payment, { providerReference: event.providerReference }, { populate: ['order'] });
      const order = payment.order.getEntity();
      if (event.status === PaymentAttemptStatus.SUCCEEDED) await paymentSucceeded(tx, app, order, payment, now);
      else paymentFailed(tx, app.clock, order, payment, now);
    });
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) return 'DUPLICATE';
    throw error;
  }
  return 'APPLIED';
}

/**
 * The provider confirmed `payment`: an UNPAID order moves to ON_HOLD (PAID, free cancellation until
 * `cancelFreeUntil`); money arriving for a cancelled or already paid order goes back. In the caller's transaction.
 */
export async function paymentSucceeded(em: EntityManager, app: StatusServices, order: Order, payment: Payment, now: Date): Promise<void> {
  if (payment.status === PaymentAttemptStatus.SUCCEEDED) return; // another event already confirmed it
  // A FAILED payment the provider later confirms is money received all the same: never lose it.
  payment.status = PaymentAttemptStatus.SUCCEEDED;
  payment.pendingOrderId = null;
  payment.updatedAt = now;
  if (order.status === OrderStatus.UNPAID) {
    writeStatus(em, app, order, OrderStatus.ON_HOLD, OrderActor.PAYMENT);
    order.paymentStatus = PaymentStatus.PAID;
    order.paidAt = now;
    order.cancelFreeUntil = new Date(now.getTime() + app.config.orders.freeCancelMinutes * 60_000);
    await applyAutoConfirm(em, app, order);
    return;
  }
  await em.flush(); // the refund reads the payment's committed state
  if (order.status === OrderStatus.CANCELLED) {
    // Paid after it was cancelled (e.g. expired): keep the record and send all of it back.
    order.paidAt ??= now;
    await refundInFull(em, app, order, 'The order was cancelled before the payment arrived');
  } else {
    // Paid twice: this payment goes back; the order keeps its first one.
    const amount = await refundFromPayment(em, app.clock, order, payment, Number.POSITIVE_INFINITY, 'The order was already paid', {});
    if (amount > 0) recordRefunded(em, app.clock, order, amount, 'The order was already paid');
  }
}

function paymentFailed(em: EntityManager, clock: Clock, order: Order, payment: Payment, now: Date): void {
  if (payment.status !== PaymentAttemptStatus.PENDING) return; // a confirmed payment is not undone by a late failure
  payment.status = PaymentAttemptStatus.FAILED;
  payment.pendingOrderId = null;
  payment.updatedAt = now;
  const payload = { orderId: order.id, buyerId: order.buyer.id, paymentId: payment.id, amount: payment.amount };
  for (const topic of [Topic.order(order.id), Topic.user(order.buyer.id)]) {
    recordEvent(em, clock, { topic, type: PaymentEventType.PAYMENT_FAILED, payload });
  }
}

/** What a refund settles, when it is more than the order itself (e.g. a return request: one refund per payment). */
export interface RefundFor {
  readonly returnRequest?: ReturnRequest;
}

/**
 * Sends back everything still unrefunded of the order's succeeded payments and marks it REFUNDED, in the caller's
 * transaction. Each payment's refunded sum only rises through a conditional UPDATE that keeps it ≤ its amount,
 * so concurrent refunds can never send back more than was paid. Call it after the payments' changes are flushed.
 */
export async function refundInFull(em: EntityManager, ctx: { readonly clock: Clock }, order: Order, reason: string): Promise<number> {
  const refunded = await refundUpTo(em, ctx.clock, order, Number.POSITIVE_INFINITY, reason, {});
  order.paymentStatus = PaymentStatus.REFUNDED;
  order.updatedAt = ctx.clock.now();
  return refunded;
}

/**
 * Sends back `amount` (minor units) of what the order paid, oldest payment first, in the caller's transaction, and
 * sets `paymentStatus` to PARTIALLY_REFUNDED, or REFUNDED once everything paid went back. Never more than was paid:
 * the same conditional UPDATE as {@link refundInFull} caps it, so the result is what actually went back.
 * With `settles.returnRequest`, a unique key on (return request, payment) refuses a second refund of the same request.
 */
export async function refundPartial(em: EntityManager, ctx: { readonly clock: Clock }, order: Order, amount: number, reason: string, settles: RefundFor = {}): Promise<number> {
  if (!Number.isSafeInteger(amount) || amount <= 0) throw new Error(`refund amount must be a positive integer (got ${amount})`);
  const refunded = await refundUpTo(em, ctx.clock, order, amount, reason, settles);
  const [totals] = await selectRows(
    em,
    "select coalesce(sum(amount), 0) as paid, coalesce(sum(refunded_amount), 0) as refunded from payment where order_id = ? and status = 'SUCCEEDED'",
    [order.id],
  );
  order.paymentStatus = Number(totals!['refunded']) >= Number(totals!['paid']) ? PaymentStatus.REFUNDED : PaymentStatus.PARTIALLY_REFUNDED;
  order.updatedAt = ctx.clock.now();
  return refunded;
}

/** What the order's succeeded payments still hold (paid less refunded), in minor units, read in the caller's transaction. */
export async function refundableOf(em: EntityManager, order: Order): Promise<number> {
  const [row] = await selectRows(em, "select coalesce(sum(amount - refunded_amount), 0) as left_over from payment where order_id = ? and status = 'SUCCEEDED'", [order.id]);
  return Number(row?.['left_over'] ?? 0);
}

/** Refunds up to `wanted` across the order's succeeded payments, oldest first; returns the amount and records the event. */
async function refundUpTo(em: EntityManager, clock: Clock, order: Order, wanted: number, reason: string, settles: RefundFor): Promise<number> {
  const payments = await em.find(Payment, { order: order.id, status: PaymentAttemptStatus.SUCCEEDED }, { orderBy: { id: 'ASC' } });
  if (payments.length === 0) throw new Error(`order ${order.id} is ${order.paymentStatus} but has no succeeded payment to refund`);
  let refunded = 0;
  for (const payment of payments) {
    if (refunded >= wanted) break;
    refunded += await refundFromPayment(em, clock, order, payment, wanted - refunded, reason, settles);
  }
  if (refunded > 0) recordRefunded(em, clock, order, refunded, reason);
  return refunded;
}

/** Takes up to `wanted` of what is left of one payment with a conditional UPDATE; returns the amount taken (0 when nothing was left). */
async function refundFromPayment(em: EntityManager, clock: Clock, order: Order, payment: Payment, wanted: number, reason: string, settles: RefundFor): Promise<number> {
  const [row] = await selectRows(em, 'select amount, refunded_amount from payment where id = ?', [payment.id]);
  const take = Math.min(wanted, Number(row!['amount']) - Number(row!['refunded_amount']));
  if (take <= 0) return 0;
  const taken = await updateRows(em, 'update payment set refunded_amount = refunded_amount + ? where id = ? and refunded_amount + ? <= amount', [take, payment.id, take]);
  if (taken === 0) throw new Error(`payment ${payment.id} was refunded concurrently`);
  em.create(Refund, { order, payment, amount: take, reason: reason.slice(0, 500), returnRequest: settles.returnRequest ?? null, createdAt: clock.now() });
  return take;
}

/**
 * Cash on delivery: the courier collected the order total at the door, so the delivery records it as a succeeded
 * payment and the order becomes PAID (a later return refunds from it like any other payment).
 */
export function collectCashOnDelivery(em: EntityManager, clock: Clock, order: Order): void {
  if (order.paymentMethod !== PaymentMethod.COD || order.paymentStatus !== PaymentStatus.UNPAID) return;
  const now = clock.now();
  em.create(Payment, {
    order,
    amount: order.total,
    method: PaymentMethod.COD,
    status: PaymentAttemptStatus.SUCCEEDED,
    providerReference: `cod_${randomBytes(12).toString('hex')}`,
    createdAt: now,
    updatedAt: now,
  });
  order.paymentStatus = PaymentStatus.PAID;
  order.paidAt = now;
}

function recordRefunded(em: EntityManager, clock: Clock, order: Order, amount: number, reason: string): void {
  const payload = { orderId: order.id, buyerId: order.buyer.id, amount, reason };
  for (const topic of [Topic.order(order.id), Topic.user(order.buyer.id)]) {
    recordEvent(em, clock, { topic, type: PaymentEventType.REFUNDED, payload });
  }
}

/** The latest pending payment of an order, for the simulator. */
export async function pendingPaymentOf(em: EntityManager, order: Order): Promise<Payment> {
  const payment = await em.findOne(Payment, { order: order.id, status: PaymentAttemptStatus.PENDING }, { orderBy: { id: 'DESC' } });
  if (!payment) failWith(code('NO_PENDING_PAYMENT'), 'The order has no pending payment; call payOrder first.', ['input', 'orderId']);
  return payment;
}
