import type { NodeFetcher } from '../shared/context';
import { fulfilmentEntities, fulfilmentErrors, fulfilmentNodes, fulfilmentResolvers } from './fulfilment';
import { Order, OrderEvent, OrderLine } from './order.entity';
import { orderErrorCodes } from './order.errors';
import { OrderLineResolver, OrderResolver, ViewerOrdersResolver, visibleOrder } from './order.resolver';
import { OrderSubscriptionResolver } from './order.subscriptions';
import { paymentEntities, paymentErrors, paymentNodes, paymentResolvers } from './payments';
export { orderJobs } from './deadlines';

export const orderEntities = [Order, OrderLine, OrderEvent, ...paymentEntities, ...fulfilmentEntities];
export const orderResolvers = [OrderResolver, OrderLineResolver, ViewerOrdersResolver, OrderSubscriptionResolver, ...paymentResolvers, ...fulfilmentResolvers] as const;
export const orderErrors = { ...orderErrorCodes, ...paymentErrors, ...fulfilmentErrors };
export const orderNodes: NodeFetcher[] = [{ typeName: 'Order', fetch: (ctx, id) => visibleOrder(ctx, id) }, ...paymentNodes, ...fulfilmentNodes];
