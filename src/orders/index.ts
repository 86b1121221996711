import type { NodeFetcher } from '../shared/context';
import type { BackgroundJob } from '../shared/jobs';
import { cancellationEntities, cancellationErrors, cancellationNodes, cancellationResolvers } from './cancellations';
import { orderDeadlineJobs } from './deadlines';
import { fulfilmentEntities, fulfilmentErrors, fulfilmentJobs, fulfilmentNodes, fulfilmentResolvers } from './fulfilment';
import { Order, OrderEvent, OrderLine } from './order.entity';
import { orderErrorCodes } from './order.errors';
import { OrderLineResolver, OrderResolver, ViewerOrdersResolver, visibleOrder } from './order.resolver';
import { OrderSubscriptionResolver } from './order.subscriptions';
import { paymentEntities, paymentErrors, paymentNodes, paymentResolvers } from './payments';
import { returnEntities, returnErrors, returnJobs, returnNodes, returnResolvers } from './returns';
import { voucherEntities, voucherErrors, voucherNodes, voucherResolvers } from './vouchers';

export const orderEntities = [Order, OrderLine, OrderEvent, ...paymentEntities, ...fulfilmentEntities, ...voucherEntities, ...returnEntities, ...cancellationEntities];
export const orderResolvers = [OrderResolver, OrderLineResolver, ViewerOrdersResolver, OrderSubscriptionResolver, ...paymentResolvers, ...fulfilmentResolvers, ...voucherResolvers, ...returnResolvers, ...cancellationResolvers] as const;
export const orderErrors = { ...orderErrorCodes, ...paymentErrors, ...fulfilmentErrors, ...voucherErrors, ...returnErrors, ...cancellationErrors };
export const orderNodes: NodeFetcher[] = [{ typeName: 'Order', fetch: (ctx, id) => visibleOrder(ctx, id) }, ...paymentNodes, ...fulfilmentNodes, ...voucherNodes, ...returnNodes, ...cancellationNodes];
export const orderJobs: BackgroundJob[] = [...orderDeadlineJobs, ...returnJobs, ...fulfilmentJobs];
