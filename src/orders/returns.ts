/** Returns and refunds after delivery: registered into the orders feature from here. */
import type { NodeFetcher } from '../shared/context';
import { canSeeOrder } from './order.resolver';
import { ReturnLine, ReturnRequest } from './return.entity';
import { returnErrorCodes } from './return.errors';
import { OrderReturnsResolver, ReturnLineResolver, ReturnRequestResolver, ReturnResolver } from './return.resolver';

export { returnJobs } from './return.deadlines';
export const returnEntities: Function[] = [ReturnRequest, ReturnLine];
export const returnResolvers: Function[] = [ReturnResolver, OrderReturnsResolver, ReturnRequestResolver, ReturnLineResolver];
export const returnErrors: Record<string, string> = { ...returnErrorCodes };
export const returnNodes: NodeFetcher[] = [
  {
    typeName: 'ReturnRequest',
    fetch: async (ctx, id) => {
      const request = await ctx.em.findOne(ReturnRequest, id, { populate: ['order'] });
      return request && (await canSeeOrder(ctx, request.order.getEntity())) ? request : null;
    },
  },
];
