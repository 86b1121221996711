/**
 * The carriers' webhook, `POST /webhooks/carriers/:code` (code: JNE, JNT, SICEPAT, ANTERAJA, POS, SPX), signed like
 * the payment webhook (`x-kedai-signature`, shared/webhook-signature.ts) with the carrier's secret
 * (`CARRIER_WEBHOOK_SECRET_<CODE>`, else `CARRIER_WEBHOOK_SECRET`). Body:
 * `{ eventId, trackingNumber, type, occurredAt, location?, description? }`. Events go through the same
 * {@link ingestCarrierEvent} as `recordShipmentEvent` and the demo carrier.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import type { AppServices } from '../shared/context';
import { UserErrorsException } from '../shared/user-error';
import { SIGNATURE_HEADER, verifyWebhookSignature, webhookFailure as fail, type WebhookResponse } from '../shared/webhook-signature';
import { carrierOf } from './carrier.registry';
import { CarrierCode, ShipmentEventType } from './fulfilment.entity';
import { CARRIER_EVENT_ID, ingestCarrierEvent, MAX_CLOCK_SKEW_MS, type CarrierReport } from './fulfilment.tracking.service';

/** Where carriers deliver; `:code` is the carrier code. */
export const CARRIER_WEBHOOK_PATH = '/webhooks/carriers/:code';

/** The secret a carrier signs with: its own, or the shared one. */
export function carrierWebhookSecret(app: Pick<AppServices, 'config'>, carrier: CarrierCode): string {
  const { carrierWebhookSecrets, carrierWebhookSecret: shared } = app.config.shipping;
  return carrierWebhookSecrets[carrier] ?? shared;
}

interface CarrierDelivery extends CarrierReport {
  readonly trackingNumber: string;
}

/** Control characters other than tab and newline (NUL and the like cannot be stored, and no carrier text needs them). */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B-\u001F\u007F]/;

/**
 * An RFC 3339 time with a four-digit year, e.g. `2026-11-22T05:10:00Z` or `2026-11-22T12:10:00.250+07:00`; no
 * expanded years (`+275760-…`), which the databases cannot store, and no other formats `Date` happens to read.
 */
const RFC3339 = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

const optionalText = (value: unknown, max: number): string | null | undefined => {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.length > max || CONTROL_CHARACTER.test(value)) return undefined;
  return value.trim() === '' ? null : value.trim();
};

function parseDelivery(raw: Buffer): CarrierDelivery | null {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return null;
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const { eventId, trackingNumber, type, occurredAt, location, description } = body as Record<string, unknown>;
  if (typeof eventId !== 'string' || !CARRIER_EVENT_ID.test(eventId)) return null;
  if (typeof trackingNumber !== 'string' || trackingNumber.trim().length < 1 || trackingNumber.length > 30) return null;
  if (typeof type !== 'string' || !(Object.values(ShipmentEventType) as string[]).includes(type)) return null;
  const when = typeof occurredAt === 'string' && RFC3339.test(occurredAt) ? new Date(occurredAt) : null;
  if (!when || Number.isNaN(when.getTime())) return null;
  const where = optionalText(location, 100);
  const note = optionalText(description, 500);
  if (where === undefined || note === undefined) return null;
  return { eventId, trackingNumber: trackingNumber.trim().toUpperCase(), type: type as ShipmentEventType, occurredAt: when, location: where, description: note };
}

const EXPECTED_BODY = `Expected { eventId, trackingNumber, type: ${Object.values(ShipmentEventType).join(' | ')}, occurredAt (RFC 3339 time such as 2026-11-22T05:10:00Z, not in the future nor before the shipment was arranged), location?, description? (no control characters but tab and newline) }.`;

/**
 * Verifies and applies one delivery. 200 when applied or already applied (`duplicate: true`); 404 UNKNOWN_CARRIER
 * for a code that is no carrier; 401 for a missing or wrong signature; 400 for a stale timestamp, a malformed body
 * or an event before the shipment was arranged; 404 TRACKING_NUMBER_NOT_FOUND for a parcel the carrier has no
 * shipment for; 409 INVALID_TRANSITION when the order cannot take the event (e.g. returned to the seller before
 * pickup, delivered after a return) or changed at the same moment.
 */
export async function handleCarrierWebhook(app: AppServices, code: string, rawBody: Buffer, signatureHeader: string | undefined): Promise<WebhookResponse> {
  const carrier = carrierOf(code);
  if (!carrier) return fail(404, 'UNKNOWN_CARRIER', `No carrier "${code}"; the \`carriers\` query lists them.`);
  const refused = verifyWebhookSignature(carrierWebhookSecret(app, carrier.code), rawBody, signatureHeader, app.clock.now());
  if (refused) return refused;
  const delivery = parseDelivery(rawBody);
  if (!delivery || delivery.occurredAt.getTime() > app.clock.now().getTime() + MAX_CLOCK_SKEW_MS) return fail(400, 'INVALID_PAYLOAD', EXPECTED_BODY);
  try {
    const result = await ingestCarrierEvent(app.orm.em.fork(), app, carrier.code, delivery.trackingNumber, delivery);
    if (result.outcome === 'UNKNOWN_SHIPMENT') return fail(404, 'TRACKING_NUMBER_NOT_FOUND', `No ${carrier.name} shipment has tracking number ${delivery.trackingNumber}.`);
    if (result.outcome === 'BEFORE_ARRANGED') return fail(400, 'INVALID_PAYLOAD', `occurredAt is before the shipment was arranged (${result.arrangedAt.toISOString()}). ${EXPECTED_BODY}`);
    return { status: 200, body: { received: true, duplicate: result.outcome === 'DUPLICATE', status: result.shipment.status } };
  } catch (error) {
    if (error instanceof UserErrorsException) {
      const first = error.userErrors[0]!;
      return fail(409, first.code, first.message);
    }
    throw error;
  }
}

/** The express router for the webhook; mount it before any JSON body parser, since it needs the raw bytes. */
export function carrierWebhookRouter(app: AppServices): express.Router {
  if (app.config.shipping.carrierWebhookSecretIsDefault) {
    app.logger.warn('CARRIER_WEBHOOK_SECRET is not set: using the development secret. Set it before going to production.');
  }
  const router = express.Router();
  router.post(CARRIER_WEBHOOK_PATH, express.raw({ type: 'application/json', limit: app.config.limits.maxBodyBytes }), async (req: Request, res: Response) => {
    if (!Buffer.isBuffer(req.body)) {
      res.status(415).json({ error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the event as application/json.' } });
      return;
    }
    const { status, body } = await handleCarrierWebhook(app, String(req.params['code']), req.body, req.get(SIGNATURE_HEADER));
    res.status(status).json(body);
  });
  // Failures on this route (body too large or unreadable, bugs) keep the webhook's error shape.
  router.use(CARRIER_WEBHOOK_PATH, (error: { status?: number }, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const status = typeof error.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) {
      app.logger.error({ err: error }, 'carrier webhook failed');
      res.status(500).json({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' } });
      return;
    }
    const tooLarge = status === 413;
    res.status(status).json({ error: { code: tooLarge ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST', message: tooLarge ? 'The body is too large.' : 'The body could not be read.' } });
  });
  return router;
}
