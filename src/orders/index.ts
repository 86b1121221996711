import type { NodeFetcher } from '../shared/context';
import type { BackgroundJob } from '../shared/jobs';
import { orderDeadlineJobs } from './deadlines';
import { fulfilmentEntities, fulfilmentErrors, fulfilmentNodes, fulfilmentResolvers } from './fulfilment';
import { Order, OrderEvent, OrderLine } from './order.entity';
import { orderErrorCodes } from './order.errors';
import { OrderLineResolver, OrderResolver, ViewerOrdersResolver, visibleOrder } from './order.resolver';
import { paymentEntities, paymentErrors, paymentNodes, paymentResolvers } from './payments';
import { voucherEntities, voucherErrors, voucherNodes, voucherResolvers } from './vouchers';
import { returnEntities, returnErrors, returnJobs, returnNodes, returnResolvers } from './returns';

export const orderEntities = [Order, OrderLine, OrderEvent, ...paymentEntities, ...fulfilmentEntities, ...voucherEntities, ...returnEntities];
export const orderResolvers = [OrderResolver, OrderLineResolver, ViewerOrdersResolver, ...paymentResolvers, ...fulfilmentResolvers, ...voucherResolvers, ...returnResolvers] as const;
export const orderErrors = { ...orderErrorCodes, ...paymentErrors, ...fulfilmentErrors, ...voucherErrors, ...returnErrors };
export const orderNodes: NodeFetcher[] = [{ typeName: 'Order', fetch: (ctx, id) => visibleOrder(ctx, id) }, ...paymentNodes, ...fulfilmentNodes, ...voucherNodes, ...returnNodes];
export const orderJobs: BackgroundJob[] = [...orderDeadlineJobs, ...returnJobs];
