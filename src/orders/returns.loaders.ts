import DataLoader from 'dataloader';
import { defineLoader, groupByKeys } from '../shared/loaders';
import { ReturnLine, ReturnRequest } from './return.entity';

export const returnRequestsByOrder = defineLoader(
  'returnRequestsByOrder',
  (em) =>
    new DataLoader<number, ReturnRequest[]>(async (orderIds) =>
      groupByKeys(orderIds, await em.find(ReturnRequest, { order: { $in: [...orderIds] } }, { orderBy: { id: 'ASC' } }), (r) => r.order.id),
    ),
);

/** Lines with their order lines loaded (one more query per batch, not per line). */
export const linesByReturnRequest = defineLoader(
  'linesByReturnRequest',
  (em) =>
    new DataLoader<number, ReturnLine[]>(async (requestIds) =>
      groupByKeys(
        requestIds,
        await em.find(ReturnLine, { returnRequest: { $in: [...requestIds] } }, { populate: ['orderLine'], orderBy: { id: 'ASC' } }),
        (l) => l.returnRequest.id,
      ),
    ),
);
