import DataLoader from 'dataloader';
import { defineLoader, groupByKeys } from '../shared/loaders';
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
