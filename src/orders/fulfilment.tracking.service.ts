/**
 * Carrier events on a parcel (pickup, hub scans, out for delivery, failed attempts, delivery, return to sender,
 * loss) and how they move the order. One entry point, {@link ingestCarrierEvent}, serves the carrier webhook, the
 * `recordShipmentEvent` mutation and the demo carrier alike.
 */
import { LockMode, UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { Context } from '../shared/context';
import { failWith } from '../shared/user-error';
import { InputChecker } from '../shared/validation';
import { parseCarrier } from './carrier.registry';
import { CarrierCode, Shipment, ShipmentEvent, ShipmentEventType, ShipmentStatus } from './fulfilment.entity';
import type { RecordShipmentEventInput } from './fulfilment.inputs';
import { inUnitOfWork } from './fulfilment.service';
import { cancelAndSettle, holdsPayment } from './order.service';
import { appendTimeline, cancelAs, OrderActor, writeStatus, type StatusServices } from './order-status';
import { OrderEventKind, OrderStatus, type Order } from './order.entity';
import { collectCashOnDelivery, refundInFull } from './payment.service';

/** How far in the future a carrier's `occurredAt` may be (clock skew). @default 5 minutes */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** A carrier's own event id: 1–100 letters, digits and `_.:-`. */
export const CARRIER_EVENT_ID = /^[A-Za-z0-9_.:-]{1,100}$/;

const T = ShipmentEventType;

/** Events a parcel has at most once: a second one, whatever its event id, is a retry. */
const ONCE: ReadonlySet<ShipmentEventType> = new Set([T.PICKED_UP, T.DELIVERED, T.RETURNED_TO_SENDER, T.LOST]);

/** Events that end the parcel's journey (they move the order to DELIVERED or CANCELLED). */
const FINAL_EVENTS: ReadonlySet<ShipmentEventType> = new Set([T.DELIVERED, T.RETURNED_TO_SENDER, T.LOST]);

/** Shipment statuses no later event changes. */
const FINAL_STATUSES: ReadonlySet<ShipmentStatus> = new Set([ShipmentStatus.DELIVERED, ShipmentStatus.RETURNED, ShipmentStatus.LOST, ShipmentStatus.CANCELLED]);

/** Where each event leaves the parcel. */
const STATUS_AFTER: Readonly<Record<ShipmentEventType, ShipmentStatus>> = {
  [T.PICKED_UP]: ShipmentStatus.IN_TRANSIT,
  [T.IN_TRANSIT]: ShipmentStatus.IN_TRANSIT,
  [T.ARRIVED_AT_HUB]: ShipmentStatus.IN_TRANSIT,
  [T.OUT_FOR_DELIVERY]: ShipmentStatus.OUT_FOR_DELIVERY,
  [T.DELIVERY_FAILED]: ShipmentStatus.DELIVERY_FAILED,
  [T.DELIVERED]: ShipmentStatus.DELIVERED,
  [T.RETURNED_TO_SENDER]: ShipmentStatus.RETURNED,
  [T.LOST]: ShipmentStatus.LOST,
};

/** Each event in words, for timelines and public tracking (never the carrier's free text, which may name people). */
export const EVENT_LABEL: Readonly<Record<ShipmentEventType, string>> = {
  [T.PICKED_UP]: 'Picked up by the courier',
  [T.IN_TRANSIT]: 'In transit',
  [T.ARRIVED_AT_HUB]: 'Arrived at sorting hub',
  [T.OUT_FOR_DELIVERY]: 'Out for delivery',
  [T.DELIVERED]: 'Delivered',
  [T.DELIVERY_FAILED]: 'Delivery failed',
  [T.RETURNED_TO_SENDER]: 'Returned to sender',
  [T.LOST]: 'Lost',
};

/** One carrier report, checked. */
export interface CarrierReport {
  readonly type: ShipmentEventType;
  readonly occurredAt: Date;
  readonly description: string | null;
  /** A hub or city. */
  readonly location?: string | null;
  /** The carrier's own id of the event; the same id twice is one event. */
  readonly eventId?: string | null;
}

export type IngestResult =
  | { readonly outcome: 'APPLIED' | 'DUPLICATE'; readonly shipment: Shipment }
  | { readonly outcome: 'UNKNOWN_SHIPMENT' }
  /** The event is older than the shipment itself (its arrangement, less {@link MAX_CLOCK_SKEW_MS}). */
  | { readonly outcome: 'BEFORE_ARRANGED'; readonly arrangedAt: Date };

/**
 * Records a carrier report on the parcel `carrierCode` `trackingNumber`, in its own transaction on `em`, and moves
 * the order. A retry changes nothing and answers DUPLICATE: the same carrier event id again, a second one-time event
 * (pickup, delivery, return, loss), or, without an event id, the same type, time and location again. Reports on one
 * parcel take turns: the transaction locks the shipment's row and decides on a fresh copy of it, so two reports sent
 * together neither set a delivered parcel back nor both record the same retry. An order that cannot move fails with
 * INVALID_TRANSITION (user errors point at `field`); an event from before the shipment was arranged answers
 * BEFORE_ARRANGED.
 */
export async function ingestCarrierEvent(
  em: EntityManager,
  services: StatusServices,
  carrierCode: CarrierCode,
  trackingNumber: string,
  report: CarrierReport,
  field: readonly string[] = ['input', 'type'],
): Promise<IngestResult> {
  const found = await em.findOne(Shipment, { carrierCode, trackingNumber });
  if (!found) return { outcome: 'UNKNOWN_SHIPMENT' };
  if (report.occurredAt.getTime() < found.arrangedAt.getTime() - MAX_CLOCK_SKEW_MS) return { outcome: 'BEFORE_ARRANGED', arrangedAt: found.arrangedAt };
  try {
    return await inUnitOfWork(em, field, async (tx): Promise<IngestResult> => {
      // One report per parcel at a time (PostgreSQL: the row lock; SQLite: its single writer), decided on a fresh copy.
      await (tx as SqlEntityManager).createQueryBuilder(Shipment).select('id').where({ id: found.id }).setLockMode(LockMode.PESSIMISTIC_WRITE).execute();
      const shipment = await tx.findOneOrFail(Shipment, found.id, { populate: ['order'], refresh: true });
      await tx.refresh(shipment.order.getEntity());
      if (await isRetry(tx, shipment, report)) return { outcome: 'DUPLICATE', shipment };
      await applyShipmentEvent(tx, services, shipment, report);
      return { outcome: 'APPLIED', shipment };
    });
  } catch (error) {
    // The same event id committed by a concurrent delivery (or another instance's demo carrier) a moment earlier.
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    // Read in a fork: the caller's unit of work (a request's, from recordShipmentEvent) keeps what it holds.
    return { outcome: 'DUPLICATE', shipment: await em.fork().findOneOrFail(Shipment, found.id, { populate: ['order'] }) };
  }
}

async function isRetry(em: EntityManager, shipment: Shipment, report: CarrierReport): Promise<boolean> {
  if (report.eventId && (await em.count(ShipmentEvent, { carrierCode: shipment.carrierCode, carrierEventId: report.eventId })) > 0) return true;
  if (ONCE.has(report.type)) return (await em.count(ShipmentEvent, { shipment, type: report.type })) > 0;
  if (report.eventId) return false;
  return (await em.count(ShipmentEvent, { shipment, type: report.type, occurredAt: report.occurredAt, location: report.location ?? null })) > 0;
}

/** `recordShipmentEvent`: a carrier account reports an event (the same rules as the carrier webhook). */
export async function recordShipmentEvent(ctx: Context, input: RecordShipmentEventInput): Promise<{ shipment: Shipment; duplicate: boolean }> {
  const check = new InputChecker();
  const carrierCode = parseCarrier(check, 'carrierCode', input.carrierCode);
  const trackingNumber = input.trackingNumber.trim().toUpperCase();
  const description = check.optionalText('description', input.description, 500, 'Description');
  const location = check.optionalText('location', input.location, 100, 'Location');
  const eventId = check.optionalText('eventId', input.eventId, 100, 'Event id');
  if (eventId !== null) check.matches('eventId', eventId, CARRIER_EVENT_ID, 'An event id has 1–100 letters, digits and _ . : -');
  if (input.occurredAt.getTime() > ctx.clock.now().getTime() + MAX_CLOCK_SKEW_MS) check.fail('occurredAt', 'INVALID_INPUT', 'The event cannot be in the future.');
  check.assert();

  const result = await ingestCarrierEvent(ctx.em, ctx, carrierCode!, trackingNumber, { type: input.type, occurredAt: input.occurredAt, description, location, eventId });
  if (result.outcome === 'UNKNOWN_SHIPMENT') failWith('NOT_FOUND', `No shipment ${carrierCode} ${trackingNumber}.`, ['input', 'trackingNumber']);
  if (result.outcome === 'BEFORE_ARRANGED') failWith('INVALID_INPUT', `The event cannot be before the shipment was arranged (${result.arrangedAt.toISOString()}).`, ['input', 'occurredAt']);
  return { shipment: result.shipment, duplicate: result.outcome === 'DUPLICATE' };
}

/**
 * Applies a new carrier report in the caller's unit of work. The order moves forward only: the first pickup or scan
 * takes it from AWAITING_COLLECTION to IN_TRANSIT; a delivery or loss reported before any pickup or scan first
 * records that implied move (the carrier had the parcel; its pickup time is the event's until a pickup report comes),
 * then DELIVERED to DELIVERED (starting the after-sale deadlines and
 * collecting cash on delivery), LOST to CANCELLED (a paid order is refunded; the goods are gone, so no stock comes
 * back) and RETURNED_TO_SENDER to CANCELLED (the goods are back with the seller: stock returns, a paid order is
 * refunded). A report that moves nothing (a hub scan, out for delivery, a failed attempt, a late pickup after
 * delivery) is recorded and put on the timeline as TRACKING_UPDATED. The shipment's status follows the newest event
 * by the carrier's time, so an older event arriving late does not set it back. The shipment's order must be loaded.
 */
export async function applyShipmentEvent(em: EntityManager, services: StatusServices, shipment: Shipment, report: CarrierReport): Promise<void> {
  const order = shipment.order.getEntity();
  if (shipment.status === ShipmentStatus.CANCELLED) {
    failWith('INVALID_TRANSITION', `The shipment was cancelled before pickup; the order is ${order.status}.`);
  }
  const moved = await moveOrder(em, services, order, report);
  updateShipment(shipment, report);
  const location = report.location ?? null;
  em.create(ShipmentEvent, {
    shipment,
    carrierCode: shipment.carrierCode,
    carrierEventId: report.eventId ?? null,
    type: report.type,
    location,
    occurredAt: report.occurredAt,
    description: report.description,
    recordedAt: services.clock.now(),
  });
  if (!moved) {
    const reason = `${EVENT_LABEL[report.type]}${location ? ` at ${location}` : ''}${report.description ? `: ${report.description}` : ''}`.slice(0, 500);
    appendTimeline(em, services.clock, order, {
      kind: OrderEventKind.TRACKING_UPDATED,
      actor: OrderActor.CARRIER,
      reason,
      extra: { trackingEvent: report.type, location, carrier: shipment.carrierCode, description: report.description },
    });
  }
}

/** Moves the order as the report requires; false when it stays where it is. */
async function moveOrder(em: EntityManager, services: StatusServices, order: Order, report: CarrierReport): Promise<boolean> {
  const note = report.description ? `: ${report.description}` : '';
  if ((report.type === T.DELIVERED || report.type === T.LOST) && order.status === OrderStatus.AWAITING_COLLECTION) {
    // Out of order: the pickup and scans are still on their way. The carrier had the parcel, so it was in transit.
    writeStatus(em, services, order, OrderStatus.IN_TRANSIT, OrderActor.CARRIER, `Implied by the carrier's report: ${EVENT_LABEL[report.type]}`);
  }
  switch (report.type) {
    case T.DELIVERED:
      writeStatus(em, services, order, OrderStatus.DELIVERED, OrderActor.CARRIER);
      startAfterSale(services, order);
      collectCashOnDelivery(em, services.clock, order);
      return true;
    case T.LOST: {
      const paid = holdsPayment(order);
      const reason = `Lost by the carrier${note}`.slice(0, 200);
      cancelAs(em, services, order, OrderActor.CARRIER, reason);
      // A lost parcel of a paid order: the money goes back in the same transaction.
      if (paid) await refundInFull(em, services, order, reason);
      return true;
    }
    case T.RETURNED_TO_SENDER:
      if (order.status !== OrderStatus.IN_TRANSIT) failWith('INVALID_TRANSITION', `The order cannot go from ${order.status} to CANCELLED (as carrier).`);
      await cancelAndSettle(em, services, order, OrderActor.CARRIER, `Returned to the seller by the carrier${note}`.slice(0, 200));
      return true;
    default:
      // Pickup and scans: the carrier has the parcel. Only the first of them moves the order.
      if (order.status !== OrderStatus.AWAITING_COLLECTION) return false;
      writeStatus(em, services, order, OrderStatus.IN_TRANSIT, OrderActor.CARRIER, report.type === T.PICKED_UP ? null : `First carrier scan: ${EVENT_LABEL[report.type]}`);
      return true;
  }
}

function updateShipment(shipment: Shipment, report: CarrierReport): void {
  const at = report.occurredAt;
  const newest = shipment.lastEventAt == null || at.getTime() >= shipment.lastEventAt.getTime();
  if (FINAL_EVENTS.has(report.type) || (newest && !FINAL_STATUSES.has(shipment.status))) shipment.status = STATUS_AFTER[report.type];
  if (newest) shipment.lastEventAt = at;
  // The carrier's own pickup time wins over one implied by an earlier scan.
  if (report.type === T.PICKED_UP) shipment.pickedUpAt = at;
  else if (shipment.pickedUpAt == null && report.type !== T.RETURNED_TO_SENDER) shipment.pickedUpAt = at;
  if (report.type === T.DELIVERED) shipment.deliveredAt = at;
}

/**
 * A delivered order's after-sale deadlines: it completes by itself at `autoCompleteAt` and takes return requests
 * until `returnableUntil`. Both count from when Kedai Live records the delivery, so a late carrier report never
 * shortens the buyer's window.
 */
function startAfterSale(services: StatusServices, order: Order): void {
  const now = services.clock.now().getTime();
  const day = 24 * 60 * 60_000;
  order.autoCompleteAt = new Date(now + services.config.orders.autoCompleteDays * day);
  order.returnableUntil = new Date(now + services.config.orders.returnWindowDays * day);
}
