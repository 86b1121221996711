/**
 * The demo carrier (`DEMO_CARRIER=on`): every `DEMO_CARRIER_STEP_SECONDS` it moves each parcel on its way one step
 * along pickup → origin hub → in transit → destination hub → out for delivery → delivered, so the demo order
 * center changes by itself. Each step goes through {@link ingestCarrierEvent}, the code path of the carrier webhook,
 * with an event id made of the parcel and the step: several instances running it at once record each step once.
 */
import type { AppServices } from '../shared/context';
import type { BackgroundJob } from '../shared/jobs';
import { SWEEP_BATCH } from '../shared/sweep';
import { Shipment, ShipmentEvent, ShipmentEventType, ShipmentStatus } from './fulfilment.entity';
import { ingestCarrierEvent } from './fulfilment.tracking.service';
import { OrderStatus } from './order.entity';

/** Sorting hubs the demo parcels pass through. */
const HUBS = ['Jakarta Timur (Cakung) hub', 'Bandung hub', 'Surabaya hub', 'Semarang hub', 'Medan hub', 'Makassar hub', 'Denpasar hub', 'Tangerang hub'] as const;

const T = ShipmentEventType;

/** The demo journey: the n-th event a parcel has is the n-th step here. */
const JOURNEY: readonly { type: ShipmentEventType; where: 'origin' | 'destination'; description: string }[] = [
  { type: T.PICKED_UP, where: 'origin', description: 'Paket diambil oleh kurir' },
  { type: T.ARRIVED_AT_HUB, where: 'origin', description: 'Paket tiba di gudang sortir' },
  { type: T.IN_TRANSIT, where: 'origin', description: 'Paket dikirim ke kota tujuan' },
  { type: T.ARRIVED_AT_HUB, where: 'destination', description: 'Paket tiba di gudang kota tujuan' },
  { type: T.OUT_FOR_DELIVERY, where: 'destination', description: 'Paket dibawa kurir menuju alamat penerima' },
  { type: T.DELIVERED, where: 'destination', description: 'Paket telah diterima' },
];

/** Parcels the demo carrier still has work on. */
const ON_THE_WAY = [ShipmentStatus.AWAITING_PICKUP, ShipmentStatus.IN_TRANSIT, ShipmentStatus.OUT_FOR_DELIVERY, ShipmentStatus.DELIVERY_FAILED];

/** One pass: each parcel whose last step is at least one step old takes its next step. Returns how many moved. */
export async function runDemoCarrier(app: AppServices): Promise<number> {
  if (!app.config.shipping.demoCarrier) return 0;
  const now = app.clock.now();
  const due = new Date(now.getTime() - app.config.shipping.demoCarrierStepSeconds * 1000);
  const em = app.orm.em.fork();
  const parcels = await em.find(
    Shipment,
    {
      status: { $in: ON_THE_WAY },
      order: { status: { $in: [OrderStatus.AWAITING_COLLECTION, OrderStatus.IN_TRANSIT] } },
      $or: [{ lastEventAt: { $lte: due } }, { lastEventAt: null, arrangedAt: { $lte: due } }],
    },
    { orderBy: { id: 'ASC' }, limit: SWEEP_BATCH },
  );
  let moved = 0;
  for (const parcel of parcels) {
    const step = await em.count(ShipmentEvent, { shipment: parcel });
    const next = JOURNEY[Math.min(step, JOURNEY.length - 1)]!;
    // Each parcel gets its own origin and destination hub from the list.
    const hub = next.where === 'origin' ? HUBS[parcel.id % HUBS.length]! : HUBS[(parcel.id * 3 + 1) % HUBS.length]!;
    const result = await ingestCarrierEvent(app.orm.em.fork(), app, parcel.carrierCode, parcel.trackingNumber, {
      type: next.type,
      occurredAt: now,
      location: hub,
      description: next.description,
      eventId: `demo-${parcel.id}-${step}`,
    }).catch((error: unknown) => {
      app.logger.warn({ err: error, shipmentId: parcel.id }, 'demo carrier step refused');
      return null;
    });
    if (result?.outcome === 'APPLIED') moved += 1;
  }
  return moved;
}

export const demoCarrierJob: BackgroundJob = {
  name: 'demo-carrier',
  intervalMs: (app) => Math.min(5_000, app.config.shipping.demoCarrierStepSeconds * 1000),
  run: runDemoCarrier,
};
