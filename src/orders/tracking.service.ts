/** Public parcel tracking (`trackShipment`, no log-in) and the carrier list (`carriers`). */
import type { Context } from '../shared/context';
import { rateLimited } from '../shared/errors';
import { CARRIERS, carrierOf, estimatedDelivery, trackingUrl } from './carrier.registry';
import { Shipment, ShipmentStatus } from './fulfilment.entity';
import { eventsByShipment } from './fulfilment.loaders';
import { EVENT_LABEL } from './fulfilment.tracking.service';
import { PublicTracking, PublicTrackingEvent } from './tracking.payloads';

const ON_THE_WAY: ReadonlySet<ShipmentStatus> = new Set([ShipmentStatus.AWAITING_PICKUP, ShipmentStatus.IN_TRANSIT, ShipmentStatus.OUT_FOR_DELIVERY, ShipmentStatus.DELIVERY_FAILED]);

/** The expected delivery time of a parcel still on its way; null once its journey ended. */
export function shipmentEstimate(shipment: Shipment): Date | null {
  return ON_THE_WAY.has(shipment.status) ? estimatedDelivery(shipment.carrierCode, shipment) : null;
}

/**
 * `trackShipment`: a parcel by carrier and tracking number, for anyone, limited per client address
 * (`TRACKING_RATE_LIMIT_PER_MINUTE`, RATE_LIMITED beyond it). An unknown carrier or number reads as null, like any
 * parcel one may not see. Only carrier facts leave: status, standard step descriptions, locations, times.
 */
export async function trackShipment(ctx: Context, carrierCode: string, trackingNumber: string): Promise<PublicTracking | null> {
  const limit = await ctx.app.rateLimiter.hit(`track:${ctx.clientAddress}`, ctx.config.shipping.trackingRateLimitPerMinute, 60);
  if (!limit.allowed) throw rateLimited(limit.retryAfterSeconds);
  const carrier = carrierOf(carrierCode);
  const number = trackingNumber.trim().toUpperCase();
  if (!carrier || number.length === 0 || number.length > 30) return null;
  const shipment = await ctx.em.findOne(Shipment, { carrierCode: carrier.code, trackingNumber: number });
  if (!shipment) return null;
  const events = await ctx.loaders.get(eventsByShipment).load(shipment.id);
  return Object.assign(new PublicTracking(), {
    carrier: CARRIERS[shipment.carrierCode],
    trackingNumber: shipment.trackingNumber,
    status: shipment.status,
    trackingUrl: trackingUrl(shipment.carrierCode, shipment.trackingNumber),
    estimatedDeliveryAt: shipmentEstimate(shipment),
    events: events.map((e) => Object.assign(new PublicTrackingEvent(), { type: e.type, location: e.location ?? null, description: EVENT_LABEL[e.type], occurredAt: e.occurredAt })),
  });
}
