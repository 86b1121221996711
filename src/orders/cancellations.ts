/** Buyer cancellation requests: registered into the orders feature from here. */
import type { NodeFetcher } from '../shared/context';
import { CancellationRequest } from './cancellation-request.entity';
import { cancellationRequestErrorCodes } from './cancellation-request.errors';
import { CancellationRequestResolver, OrderCancellationRequestsResolver } from './cancellation-request.resolver';
import { canSeeOrder } from './order.resolver';

export const cancellationEntities: Function[] = [CancellationRequest];
export const cancellationResolvers: Function[] = [CancellationRequestResolver, OrderCancellationRequestsResolver];
export const cancellationErrors: Record<string, string> = { ...cancellationRequestErrorCodes };
export const cancellationNodes: NodeFetcher[] = [
  {
    typeName: 'CancellationRequest',
    fetch: async (ctx, id) => {
      const request = await ctx.em.findOne(CancellationRequest, id, { populate: ['order'] });
      return request && (await canSeeOrder(ctx, request.order.getEntity())) ? request : null;
    },
  },
];
