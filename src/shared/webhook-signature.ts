/**
 * Stripe-style webhook signatures, shared by every signed webhook (payments, carriers): the header
 * `x-kedai-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` is checked against the raw bytes
 * (timing-safe), and a timestamp further than {@link WEBHOOK_TOLERANCE_SECONDS} from the app clock is refused, so a
 * captured delivery cannot be replayed later.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The signature header. */
export const SIGNATURE_HEADER = 'x-kedai-signature';
/** Largest accepted |now − t|. @default 300 // 5 minutes */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** What a webhook answers: an HTTP status and a JSON body (`{ error: { code, message } }` on failure). */
export interface WebhookResponse {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export const webhookFailure = (status: number, code: string, message: string): WebhookResponse => ({ status, body: { error: { code, message } } });

/** `t=<seconds>,v1=<hex>` for `body`, as the sender (and the simulators) send it. */
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

/**
 * Checks a delivery's signature with `secret`: null when it is good, otherwise the failure to answer (401 for a
 * missing or wrong signature, 400 for a stale timestamp).
 */
export function verifyWebhookSignature(secret: string, rawBody: Buffer, header: string | undefined, now: Date): WebhookResponse | null {
  const parsed = parseSignatureHeader(header);
  if (!parsed) return webhookFailure(401, 'INVALID_SIGNATURE', `The ${SIGNATURE_HEADER} header is missing or malformed.`);
  const expected = Buffer.from(signWebhook(secret, rawBody, parsed.timestamp).split('v1=')[1]!, 'hex');
  if (!parsed.signatures.some((s) => timingSafeEqual(Buffer.from(s, 'hex'), expected))) return webhookFailure(401, 'INVALID_SIGNATURE', 'The signature does not match the body.');
  if (Math.abs(Math.floor(now.getTime() / 1000) - parsed.timestamp) > WEBHOOK_TOLERANCE_SECONDS) {
    return webhookFailure(400, 'TIMESTAMP_OUT_OF_TOLERANCE', `The signature timestamp is more than ${WEBHOOK_TOLERANCE_SECONDS} seconds from now.`);
  }
  return null;
}
