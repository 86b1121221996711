/** Payments: registered into the orders feature from here. */
import type { NodeFetcher } from '../shared/context';
import { canSeeOrder } from './order.resolver';
import { Payment, PaymentWebhookEvent, Refund } from './payment.entity';
import { OrderPaymentsResolver, PaymentResolver, RefundResolver } from './payment.resolver';
import { paymentErrorCodes } from './payment.service';

export const paymentEntities: Function[] = [Payment, Refund, PaymentWebhookEvent];
export const paymentResolvers: Function[] = [OrderPaymentsResolver, PaymentResolver, RefundResolver];
export const paymentErrors: Record<string, string> = { ...paymentErrorCodes };
export const paymentNodes: NodeFetcher[] = [
  {
    typeName: 'Payment',
    fetch: async (ctx, id) => {
      const payment = await ctx.em.findOne(Payment, id, { populate: ['order'] });
      return payment && (await canSeeOrder(ctx, payment.order.getEntity())) ? payment : null;
    },
  },
  {
    typeName: 'Refund',
    fetch: async (ctx, id) => {
      const refund = await ctx.em.findOne(Refund, id, { populate: ['order'] });
      return refund && (await canSeeOrder(ctx, refund.order.getEntity())) ? refund : null;
    },
  },
];
