import type { NodeFetcher } from '../shared/context';
import { cancellationEntities, cancellationErrors, cancellationNodes, cancellationResolvers } from './cancellations';
import { fulfilmentEntities, fulfilmentErrors, fulfilmentNodes, fulfilmentResolvers } from './fulfilment';
import { Order, OrderEvent, OrderLine } from './order.entity';
import { orderErrorCodes } from './order.errors';
import { OrderLineResolver, OrderResolver, ViewerOrdersResolver, visibleOrder } from './order.resolver';
import { paymentEntities, paymentErrors, paymentNodes, paymentResolvers } from './payments';
export { orderJobs } from './deadlines';

export const orderEntities = [Order, OrderLine, OrderEvent, ...paymentEntities, ...fulfilmentEntities, ...cancellationEntities];
export const orderResolvers = [OrderResolver, OrderLineResolver, ViewerOrdersResolver, ...paymentResolvers, ...fulfilmentResolvers, ...cancellationResolvers] as const;
export const orderErrors = { ...orderErrorCodes, ...paymentErrors, ...fulfilmentErrors, ...cancellationErrors };
export const orderNodes: NodeFetcher[] = [{ typeName: 'Order', fetch: (ctx, id) => visibleOrder(ctx, id) }, ...paymentNodes, ...fulfilmentNodes, ...cancellationNodes];
