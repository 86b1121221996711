import DataLoader from 'dataloader';
import { defineLoader, groupByKeys } from '../shared/loaders';
import { Claim } from './claim.entity';

/** Each order's claims, oldest first. */
export const claimsByOrder = defineLoader(
  'claimsByOrder',
  (em) =>
    new DataLoader<number, Claim[]>(async (orderIds) =>
      groupByKeys(orderIds, await em.find(Claim, { order: { $in: [...orderIds] } }, { orderBy: { id: 'ASC' } }), (c) => c.order.id),
    ),
);
