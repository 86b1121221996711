/**
 * The payment provider's webhook, `POST /webhooks/payments`, signed Stripe-style (`x-kedai-signature`, see
 * shared/webhook-signature.ts). Failures answer `{ error: { code, message } }`.
 * Outside production, `simulatePayment` builds the same signed delivery and hands it to the same handler.
 */
import { randomBytes } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { AppServices, Context } from '../shared/context';
import { forbidden } from '../shared/errors';
import { SIGNATURE_HEADER, signWebhook, verifyWebhookSignature, webhookFailure, type WebhookResponse } from '../shared/webhook-signature';
import { buyersOrder } from './buyers-order';
import { Order } from './order.entity';
import { Payment, PaymentAttemptStatus } from './payment.entity';
import type { SimulatePaymentInput } from './payment.inputs';
import { applyProviderEvent, pendingPaymentOf, type ProviderEvent } from './payment.service';

/** Where the provider delivers. */
export const PAYMENT_WEBHOOK_PATH = '/webhooks/payments';
export { SIGNATURE_HEADER, signWebhook, WEBHOOK_TOLERANCE_SECONDS, type WebhookResponse } from '../shared/webhook-signature';

const fail = webhookFailure;

function parseEvent(raw: Buffer): ProviderEvent | null {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return null;
  }
  if (!body || typeof body !== 'object') return null;
  const { eventId, providerReference, status, occurredAt } = body as Record<string, unknown>;
  if (typeof eventId !== 'string' || !/^[A-Za-z0-9_.:-]{1,100}$/.test(eventId)) return null;
  if (typeof providerReference !== 'string' || providerReference.length < 1 || providerReference.length > 64) return null;
  if (status !== PaymentAttemptStatus.SUCCEEDED && status !== PaymentAttemptStatus.FAILED) return null;
  const when = typeof occurredAt === 'string' ? new Date(occurredAt) : null;
  if (!when || Number.isNaN(when.getTime())) return null;
  return { eventId, providerReference, status, occurredAt: when };
}

/**
 * Verifies and applies one delivery. 200 when applied or already applied (a redelivery changes nothing);
 * 401 for a missing or wrong signature, 400 for a stale timestamp or a malformed body, 404 for an unknown
 * payment, 409 when the order changed at the same moment (the provider retries).
 */
export async function handlePaymentWebhook(app: AppServices, rawBody: Buffer, signatureHeader: string | undefined): Promise<WebhookResponse> {
  const refused = verifyWebhookSignature(app.config.paymentWebhookSecret, rawBody, signatureHeader, app.clock.now());
  if (refused) return refused;
  const event = parseEvent(rawBody);
  if (!event) return fail(400, 'INVALID_PAYLOAD', 'Expected { eventId, providerReference, status: SUCCEEDED | FAILED, occurredAt }.');
  let outcome;
  try {
    outcome = await applyProviderEvent(app, event);
  } catch (error) {
    if ((error as Error).name === 'OptimisticLockError') return fail(409, 'CONFLICT', 'The order changed at the same moment; retry.');
    throw error;
  }
  if (outcome === 'UNKNOWN_PAYMENT') return fail(404, 'PAYMENT_NOT_FOUND', 'No payment has this providerReference.');
  return { status: 200, body: { received: true, duplicate: outcome === 'DUPLICATE' } };
}

/** The express router for the webhook; mount it before any JSON body parser, since it needs the raw bytes. */
export function paymentWebhookRouter(app: AppServices): express.Router {
  if (app.config.paymentWebhookSecretIsDefault) {
    app.logger.warn('PAYMENT_WEBHOOK_SECRET is not set: using the development secret. Set it before going to production.');
  }
  const router = express.Router();
  router.post(PAYMENT_WEBHOOK_PATH, express.raw({ type: 'application/json', limit: app.config.limits.maxBodyBytes }), async (req: Request, res: Response) => {
    if (!Buffer.isBuffer(req.body)) {
      res.status(415).json({ error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the event as application/json.' } });
      return;
    }
    const { status, body } = await handlePaymentWebhook(app, req.body, req.get(SIGNATURE_HEADER));
    res.status(status).json(body);
  });
  // Failures on this route (body too large or unreadable, bugs) keep the webhook's error shape.
  router.use(PAYMENT_WEBHOOK_PATH, (error: { status?: number }, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const status = typeof error.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) {
      app.logger.error({ err: error }, 'payment webhook failed');
      res.status(500).json({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' } });
      return;
    }
    const tooLarge = status === 413;
    res.status(status).json({ error: { code: tooLarge ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST', message: tooLarge ? 'The body is too large.' : 'The body could not be read.' } });
  });
  return router;
}

/**
 * Outside production: reports `outcome` for the order's pending payment by signing a webhook delivery with the
 * configured secret and handing it to {@link handlePaymentWebhook} directly (no network). FORBIDDEN in production.
 */
export async function simulatePayment(ctx: Context, input: SimulatePaymentInput): Promise<{ payment: Payment; order: Order }> {
  if (ctx.config.nodeEnv === 'production') throw forbidden('The payment simulator is not available in production.');
  const order = await buyersOrder(ctx, input.orderId);
  const payment = await pendingPaymentOf(ctx.em, order);
  const now = ctx.clock.now();
  const body = JSON.stringify({
    eventId: `evt_sim_${randomBytes(12).toString('hex')}`,
    providerReference: payment.providerReference,
    status: input.outcome,
    occurredAt: now.toISOString(),
  });
  const header = signWebhook(ctx.config.paymentWebhookSecret, body, Math.floor(now.getTime() / 1000));
  const response = await handlePaymentWebhook(ctx.app, Buffer.from(body), header);
  if (response.status !== 200) throw new Error(`simulated webhook answered ${response.status}: ${JSON.stringify(response.body)}`);
  // The handler worked on its own EntityManager: read the new state afresh.
  ctx.em.clear();
  return {
    payment: await ctx.em.findOneOrFail(Payment, payment.id),
    order: await ctx.em.findOneOrFail(Order, order.id),
  };
}
