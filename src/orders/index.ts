import type { NodeFetcher } from '../shared/context';
import { Order, OrderEvent, OrderLine } from './order.entity';
import { orderErrorCodes } from './order.errors';
import { OrderLineResolver, OrderResolver, ViewerOrdersResolver, visibleOrder } from './order.resolver';

export const orderEntities = [Order, OrderLine, OrderEvent];
export const orderResolvers = [OrderResolver, OrderLineResolver, ViewerOrdersResolver] as const;
export const orderErrors = orderErrorCodes;
export const orderNodes: NodeFetcher[] = [{ typeName: 'Order', fetch: (ctx, id) => visibleOrder(ctx, id) }];
