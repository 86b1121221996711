import DataLoader from 'dataloader';
import { byKeys, defineLoader, groupByKeys } from '../shared/loaders';
import { Order, OrderEvent, OrderLine } from './order.entity';

/** Orders by id (a subscription loads its event's order once for the access check and the selection). */
export const orderById = defineLoader(
  'orderById',
  (em) => new DataLoader<number, Order | null>(async (ids) => byKeys(ids, await em.find(Order, { id: { $in: [...ids] } }), (o) => o.id)),
);

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
