/**
 * Paying orders through the built-in simulated provider, applying its confirmed outcomes, and refunds.
 * The webhook transport (signature, replay window, HTTP) lives in `payment-webhook.ts`; this file only applies a
 * verified event, in one transaction with the order change and its outbox events.
 */
import { createHash, randomBytes } from 'node:crypto';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { requireViewerUser } from '../accounts/account.service';
import { recordEvent } from '../events/outbox';
import { Topic } from '../events/topics';
import type { Clock } from '../shared/clock';
import type { AppServices, Context } from '../shared/context';
import { decodeIdOf } from '../shared/ids';
import { idempotent } from '../shared/idempotency';
import { selectRows, updateRows } from '../shared/sql';
import { failWith } from '../shared/user-error';
import { OrderActor, writeStatus } from './order-status';
import { Order, OrderStatus, PaymentMethod, PaymentStatus } from './order.entity';
import type { PayOrderInput } from './payment.inputs';
import { Payment, PaymentAttemptStatus, PaymentWebhookEvent, Refund } from './payment.entity';
import type { PaymentInstructions } from './payment.payloads';
import { applyAutoConfirm } from './fulfilment.auto-confirm';

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

/** The order of the viewer as buyer, or the user error NOT_FOUND. */
export async function buyersOrderForPayment(ctx: Context, globalId: string): Promise<Order> {
  const buyer = await requireViewerUser(ctx);
  const id = decodeIdOf('Order', globalId);
  const order = id === null ? null : await ctx.em.findOne(Order, { id, buyer: buyer.id });
  if (!order) failWith('NOT_FOUND', 'No such order.', ['input', 'orderId']);
  return order;
}

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
  const order = await buyersOrderForPayment(ctx, input.orderId);
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

async function startPayment(em: EntityManager, clock: Clock, orderId: number): Promise<Payment> {
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

async function paymentSucceeded(em: EntityManager, app: AppServices, order: Order, payment: Payment, now: Date): Promise<void> {
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
    const amount = await refundRemainder(em, app.clock, order, payment, 'The order was already paid');
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

/**
 * Sends back everything still unrefunded of the order's succeeded payments and marks it REFUNDED, in the caller's
 * transaction. Each payment's refunded sum only rises through a conditional UPDATE that keeps it ≤ its amount,
 * so concurrent refunds can never send back more than was paid. Call it after the payments' changes are flushed.
 */
export async function refundInFull(em: EntityManager, ctx: { readonly clock: Clock }, order: Order, reason: string): Promise<number> {
  const payments = await em.find(Payment, { order: order.id, status: PaymentAttemptStatus.SUCCEEDED }, { orderBy: { id: 'ASC' } });
  if (payments.length === 0) throw new Error(`order ${order.id} is ${order.paymentStatus} but has no succeeded payment to refund`);
  let refunded = 0;
  for (const payment of payments) refunded += await refundRemainder(em, ctx.clock, order, payment, reason);
  order.paymentStatus = PaymentStatus.REFUNDED;
  order.updatedAt = ctx.clock.now();
  if (refunded > 0) recordRefunded(em, ctx.clock, order, refunded, reason);
  return refunded;
}


/** Refunds what is left of one payment; returns the amount (0 when nothing was left). */
async function refundRemainder(em: EntityManager, clock: Clock, order: Order, payment: Payment, reason: string): Promise<number> {
  const [row] = await selectRows(em, 'select amount, refunded_amount from payment where id = ?', [payment.id]);
  const remaining = Number(row!['amount']) - Number(row!['refunded_amount']);
  if (remaining <= 0) return 0;
  const taken = await updateRows(em, 'update payment set refunded_amount = refunded_amount + ? where id = ? and refunded_amount + ? <= amount', [remaining, payment.id, remaining]);
  if (taken === 0) throw new Error(`payment ${payment.id} was refunded concurrently`);
  em.create(Refund, { order, payment, amount: remaining, reason: reason.slice(0, 500), createdAt: clock.now() });
  return remaining;
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
