import DataLoader from 'dataloader';
import { byKeys, defineLoader, groupByKeys } from '../shared/loaders';
import { Shipment, ShipmentEvent } from './fulfilment.entity';

export const shipmentByOrder = defineLoader(
  'shipmentByOrder',
  (em) => new DataLoader<number, Shipment | null>(async (orderIds) => byKeys(orderIds, await em.find(Shipment, { order: { $in: [...orderIds] } }), (s) => s.order.id)),
);

export const eventsByShipment = defineLoader(
  'eventsByShipment',
  (em) =>
    new DataLoader<number, ShipmentEvent[]>(async (shipmentIds) =>
      groupByKeys(shipmentIds, await em.find(ShipmentEvent, { shipment: { $in: [...shipmentIds] } }, { orderBy: { occurredAt: 'ASC', id: 'ASC' } }), (e) => e.shipment.id),
    ),
);
