/**
 * The payment provider's webhook, `POST /webhooks/payments`, Stripe-style: the header
 * `x-kedai-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` is checked against the raw
 * bytes (timing-safe), and a timestamp further than {@link WEBHOOK_TOLERANCE_SECONDS} from the app clock is
 * refused, so a captured delivery cannot be replayed later. Failures answer `{ error: { code, message } }`.
 * Outside production, `simulatePayment` builds the same signed delivery and hands it to the same handler.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { AppServices, Context } from '../shared/context';
import { forbidden } from '../shared/errors';
import { buyersOrder } from './buyers-order';
import { Order } from './order.entity';
import { Payment, PaymentAttemptStatus } from './payment.entity';
import type { SimulatePaymentInput } from './payment.inputs';
import { applyProviderEvent, pendingPaymentOf, type ProviderEvent } from './payment.service';

/** Where the provider delivers. */
export const PAYMENT_WEBHOOK_PATH = '/webhooks/payments';
/** The signature header. */
export const SIGNATURE_HEADER = 'x-kedai-signature';
/** Largest accepted |now − t|. @default 300 // 5 minutes */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export interface WebhookResponse {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

const fail = (status: number, code: string, message: string): WebhookResponse => ({ status, body: { error: { code, message } } });

/** `t=<seconds>,v1=<hex>` for `body`, as the provider (and the simulator) sends it. */
export function signWebhook(secret: string, body: string | Buffer, timestampSeconds: number): string {
  const signature = createHmac('sha256', secret).update(`${timestampSeconds}.`).update(body).digest('hex');
  return `t=${timestampSeconds},v1=${signature}`;
}

function parseSignatureHeader(header: string | undefined): { timestamp: number; signatures: string[] } | null {
  if (!header || header.length > 1000) return null;
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && value && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && value && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase());
  }
  return timestamp === null || signatures.length === 0 ? null : { timestamp, signatures };
}

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
  const parsed = parseSignatureHeader(signatureHeader);
  if (!parsed) return fail(401, 'INVALID_SIGNATURE', `The ${SIGNATURE_HEADER} header is missing or malformed.`);
  const expected = Buffer.from(signWebhook(app.config.paymentWebhookSecret, rawBody, parsed.timestamp).split('v1=')[1]!, 'hex');
  const valid = parsed.signatures.some((s) => timingSafeEqual(Buffer.from(s, 'hex'), expected));
  if (!valid) return fail(401, 'INVALID_SIGNATURE', 'The signature does not match the body.');
  const nowSeconds = Math.floor(app.clock.now().getTime() / 1000);
  if (Math.abs(nowSeconds - parsed.timestamp) > WEBHOOK_TOLERANCE_SECONDS) {
    return fail(400, 'TIMESTAMP_OUT_OF_TOLERANCE', `The signature timestamp is more than ${WEBHOOK_TOLERANCE_SECONDS} seconds from now.`);
  }
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
