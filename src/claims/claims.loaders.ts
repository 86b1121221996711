import DataLoader from 'dataloader';
import { byKeys, defineLoader, groupByKeys } from '../shared/loaders';
import { Claim } from './claim.entity';

/** Each order's claims, oldest first. */
export const claimsByOrder = defineLoader(
  'claimsByOrder',
  (em) =>
    new DataLoader<number, Claim[]>(async (orderIds) =>
      groupByKeys(orderIds, await em.find(Claim, { order: { $in: [...orderIds] } }, { orderBy: { id: 'ASC' } }), (c) => c.order.id),
    ),
);

/** Claims by id (`node`/`nodes`): one query for every id asked in a request. */
export const claimById = defineLoader(
  'claimById',
  (em) => new DataLoader<number, Claim | null>(async (ids) => byKeys(ids, await em.find(Claim, { id: { $in: [...ids] } }), (c) => c.id)),
);
