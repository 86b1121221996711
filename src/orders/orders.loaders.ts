import DataLoader from 'dataloader';
import { defineLoader, groupByKeys } from '../shared/loaders';
import { CancellationRequest } from './cancellation-request.entity';
import { OrderEvent, OrderLine } from './order.entity';

export const linesByOrder = defineLoader(
  'linesByOrder',
  (em) =>
    new DataLoader<number, OrderLine[]>(async (orderIds) =>
      groupByKeys(orderIds, await em.find(OrderLine, { order: { $in: [...orderIds] } }, { orderBy: { id: 'ASC' } }), (l) => l.order.id),
    ),
);

export const timelineByOrder = defineLoader(
  'timelineByOrder',
  (em) =>
    new DataLoader<number, OrderEvent[]>(async (orderIds) =>
      groupByKeys(orderIds, await em.find(OrderEvent, { order: { $in: [...orderIds] } }, { orderBy: { id: 'ASC' } }), (e) => e.order.id),
    ),
);

/** Each order's cancellation requests, newest first. */
export const cancellationRequestsByOrder = defineLoader(
  'cancellationRequestsByOrder',
  (em) =>
    new DataLoader<number, CancellationRequest[]>(async (orderIds) =>
      groupByKeys(orderIds, await em.find(CancellationRequest, { order: { $in: [...orderIds] } }, { orderBy: { id: 'DESC' } }), (r) => r.order.id),
    ),
);
