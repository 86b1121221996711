/** Carrier reports (pickup, delivery, loss) moving an order through IN_TRANSIT to DELIVERED or CANCELLED. */
import type { EntityManager } from '@mikro-orm/core';
import type { Context } from '../shared/context';
import { failWith } from '../shared/user-error';
import { InputChecker } from '../shared/validation';
import { Shipment, ShipmentEvent, ShipmentEventType, ShipmentStatus } from './fulfilment.entity';
import type { RecordShipmentEventInput } from './fulfilment.inputs';
import { inUnitOfWork, parseCarrier } from './fulfilment.service';
import { holdsPayment } from './order.service';
import { cancelAs, OrderActor, writeStatus, type StatusServices } from './order-status';
import { OrderStatus, type Order } from './order.entity';
import { collectCashOnDelivery, refundInFull } from './payment.service';

/** How far in the future a carrier's `occurredAt` may be (clock skew). @default 5 minutes */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Records a carrier event and moves the order: PICKED_UP → IN_TRANSIT, DELIVERED → DELIVERED, LOST → CANCELLED
 * (stock is not returned: the goods are gone). An event type already recorded for the shipment is a retry: it
 * changes nothing and answers `duplicate: true`.
 */
export async function recordShipmentEvent(ctx: Context, input: RecordShipmentEventInput): Promise<{ shipment: Shipment; duplicate: boolean }> {
  const check = new InputChecker();
  const carrierCode = parseCarrier(check, 'carrierCode', input.carrierCode);
  const trackingNumber = input.trackingNumber.trim().toUpperCase();
  const description = check.optionalText('description', input.description, 500, 'Description');
  if (input.occurredAt.getTime() > ctx.clock.now().getTime() + MAX_CLOCK_SKEW_MS) check.fail('occurredAt', 'INVALID_INPUT', 'The event cannot be in the future.');
  check.assert();

  const shipment = await ctx.em.findOne(Shipment, { carrierCode: carrierCode!, trackingNumber }, { populate: ['order'] });
  if (!shipment) failWith('NOT_FOUND', `No shipment ${carrierCode} ${trackingNumber}.`, ['input', 'trackingNumber']);
  if ((await ctx.em.count(ShipmentEvent, { shipment, type: input.type })) > 0) return { shipment, duplicate: true };

  await inUnitOfWork(ctx.em, ['input', 'type'], (em) => applyShipmentEvent(em, ctx, shipment, { type: input.type, occurredAt: input.occurredAt, description }));
  return { shipment, duplicate: false };
}

/** One carrier report, as checked by {@link recordShipmentEvent}. */
export interface CarrierReport {
  readonly type: ShipmentEventType;
  readonly occurredAt: Date;
  readonly description: string | null;
}

/**
 * Applies a new carrier report in the caller's unit of work: the shipment and its order move (INVALID_TRANSITION
 * when the order cannot), the report is stored, a delivery starts the after-sale deadlines and collects cash on
 * delivery, and a lost parcel of a paid order is refunded in full. The shipment's order must be loaded.
 */
export async function applyShipmentEvent(em: EntityManager, services: StatusServices, shipment: Shipment, report: CarrierReport): Promise<void> {
  const order = shipment.order.getEntity();
  const paid = holdsPayment(order);
  applyEvent(shipment, report.type, report.occurredAt, report.description, (to, reason) =>
    to === OrderStatus.CANCELLED
      ? cancelAs(em, services, order, OrderActor.CARRIER, reason ?? 'Lost by the carrier')
      : writeStatus(em, services, order, to, OrderActor.CARRIER, reason),
  );
  em.create(ShipmentEvent, { shipment, type: report.type, occurredAt: report.occurredAt, description: report.description, recordedAt: services.clock.now() });
  if (report.type === ShipmentEventType.DELIVERED) {
    startAfterSale(services, order);
    collectCashOnDelivery(em, services.clock, order);
  }
  // A lost parcel of a paid order: the money goes back in the same transaction.
  if (report.type === ShipmentEventType.LOST && paid) await refundInFull(em, services, order, order.cancelReason ?? 'Lost by the carrier');
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

function applyEvent(
  shipment: Shipment,
  type: ShipmentEventType,
  at: Date,
  description: string | null,
  moveTo: (to: OrderStatus, reason: string | null) => void,
): void {
  switch (type) {
    case ShipmentEventType.PICKED_UP:
      moveTo(OrderStatus.IN_TRANSIT, null);
      shipment.status = ShipmentStatus.IN_TRANSIT;
      shipment.pickedUpAt = at;
      return;
    case ShipmentEventType.DELIVERED:
      moveTo(OrderStatus.DELIVERED, null);
      shipment.status = ShipmentStatus.DELIVERED;
      shipment.deliveredAt = at;
      return;
    case ShipmentEventType.LOST: {
      const reason = description ? `Lost by the carrier: ${description}`.slice(0, 200) : 'Lost by the carrier';
      moveTo(OrderStatus.CANCELLED, reason);
      shipment.status = ShipmentStatus.LOST;
      return;
    }
  }
}
