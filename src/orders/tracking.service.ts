/** Public parcel tracking (`trackShipment`, no log-in) and the carrier list (`carriers`). */
import type { Context } from '../shared/context';
import { rateLimited } from '../shared/errors';
import { CARRIERS, carrierOf, estimatedDelivery, trackingUrl } from './carrier.registry';
import { Shipment, ShipmentEventType, ShipmentStatus } from './fulfilment.entity';
import { eventsByShipment } from './fulfilment.loaders';
import { EVENT_LABEL } from './fulfilment.tracking.service';
import { PublicTracking, PublicTrackingEvent } from './tracking.payloads';

const ON_THE_WAY: ReadonlySet<ShipmentStatus> = new Set([ShipmentStatus.AWAITING_PICKUP, ShipmentStatus.IN_TRANSIT, ShipmentStatus.OUT_FOR_DELIVERY, ShipmentStatus.DELIVERY_FAILED]);

/** The expected delivery time of a parcel still on its way; null once its journey ended. */
export function shipmentEstimate(shipment: Shipment): Date | null {
  return ON_THE_WAY.has(shipment.status) ? estimatedDelivery(shipment.carrierCode, shipment) : null;
}

/** Events at a carrier's own premises (pickup point, hubs): their location names a hub or city, not a home. */
const HUB_EVENTS: ReadonlySet<ShipmentEventType> = new Set([ShipmentEventType.PICKED_UP, ShipmentEventType.IN_TRANSIT, ShipmentEventType.ARRIVED_AT_HUB]);

/** The most of a location public tracking shows. */
export const PUBLIC_LOCATION_MAX = 40;

/**
 * An event's location as public tracking shows it: only for pickups and hub scans, and only the text before the first
 * comma, at most {@link PUBLIC_LOCATION_MAX} characters ("Cakung hub, Jl. Raya Bekasi" → "Cakung hub"). Null for
 * steps near the receiver (out for delivery, a failed attempt, delivery, return, loss), whose free-text location may
 * be the receiver's address.
 */
export function publicLocation(type: ShipmentEventType, location: string | null | undefined): string | null {
  if (!location || !HUB_EVENTS.has(type)) return null;
  const place = location.split(',')[0]!.trim().slice(0, PUBLIC_LOCATION_MAX).trim();
  return place === '' ? null : place;
}

/**
 * `trackShipment`: a parcel by carrier and tracking number, for anyone, limited per client address
 * (`TRACKING_RATE_LIMIT_PER_MINUTE`, RATE_LIMITED beyond it). An unknown carrier or number reads as null, like any
 * parcel one may not see. Only carrier facts leave: status, standard step descriptions, hub locations
 * ({@link publicLocation}), times.
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
    events: events.map((e) => Object.assign(new PublicTrackingEvent(), { type: e.type, location: publicLocation(e.type, e.location), description: EVENT_LABEL[e.type], occurredAt: e.occurredAt })),
  });
}
