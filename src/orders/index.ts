import type { NodeFetcher } from '../shared/context';
import { fulfilmentEntities, fulfilmentErrors, fulfilmentNodes, fulfilmentResolvers } from './fulfilment';
import { Order, OrderEvent, OrderLine } from './order.entity';
import { orderErrorCodes } from './order.errors';
import { OrderLineResolver, OrderResolver, ViewerOrdersResolver, visibleOrder } from './order.resolver';
import { paymentEntities, paymentErrors, paymentNodes, paymentResolvers } from './payments';
import { voucherEntities, voucherErrors, voucherNodes, voucherResolvers } from './vouchers';
export { orderJobs } from './deadlines';

export const orderEntities = [Order, OrderLine, OrderEvent, ...paymentEntities, ...fulfilmentEntities, ...voucherEntities];
export const orderResolvers = [OrderResolver, OrderLineResolver, ViewerOrdersResolver, ...paymentResolvers, ...fulfilmentResolvers, ...voucherResolvers] as const;
export const orderErrors = { ...orderErrorCodes, ...paymentErrors, ...fulfilmentErrors, ...voucherErrors };
export const orderNodes: NodeFetcher[] = [{ typeName: 'Order', fetch: (ctx, id) => visibleOrder(ctx, id) }, ...paymentNodes, ...fulfilmentNodes, ...voucherNodes];
