import DataLoader from 'dataloader';
import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../shared/context';
import { defineLoader, groupByKeys } from '../shared/loaders';
import { Money, money } from '../shared/money';
import { toPayload } from '../shared/user-error';
import { Order } from './order.entity';
import { Payment, Refund } from './payment.entity';
import { PayOrderInput, SimulatePaymentInput } from './payment.inputs';
import { PayOrderPayload, SimulatePaymentPayload } from './payment.payloads';
import { simulatePayment } from './payment-webhook';
import * as payments from './payment.service';

export const paymentsByOrder = defineLoader(
  'paymentsByOrder',
  (em) =>
    new DataLoader<number, Payment[]>(async (orderIds) =>
      groupByKeys(orderIds, await em.find(Payment, { order: { $in: [...orderIds] } }, { orderBy: { id: 'ASC' } }), (p) => p.order.id),
    ),
);

export const refundsByOrder = defineLoader(
  'refundsByOrder',
  (em) =>
    new DataLoader<number, Refund[]>(async (orderIds) =>
      groupByKeys(orderIds, await em.find(Refund, { order: { $in: [...orderIds] } }, { orderBy: { id: 'ASC' } }), (r) => r.order.id),
    ),
);

@Resolver(() => Order)
export class OrderPaymentsResolver {
  @FieldResolver(() => [Payment], { description: 'Payment attempts, oldest first.' })
  payments(@Root() order: Order, @Ctx() ctx: Context) {
    return ctx.loaders.get(paymentsByOrder).load(order.id);
  }

  @FieldResolver(() => [Refund], { description: 'Money sent back to the buyer, oldest first.' })
  refunds(@Root() order: Order, @Ctx() ctx: Context) {
    return ctx.loaders.get(refundsByOrder).load(order.id);
  }

  @Authorized()
  @Mutation(() => PayOrderPayload, {
    description:
      'Starts paying your UNPAID order before `paymentDueAt`: returns a pending payment and how to complete it. While one is pending, returns that one. Idempotent by `idempotencyKey`.',
  })
  async payOrder(@Arg('input', () => PayOrderInput, { description: 'The order and an idempotency key.' }) input: PayOrderInput, @Ctx() ctx: Context) {
    return toPayload({ payment: null, order: null, paymentInstructions: null, replayed: null }, async () => {
      const { payment, order, replayed } = await payments.payOrder(ctx, input);
      return { payment, order, paymentInstructions: payments.paymentInstructions(payment, order), replayed };
    });
  }

  @Authorized()
  @Mutation(() => SimulatePaymentPayload, {
    description:
      'Development and demos only (FORBIDDEN in production): the simulated provider reports the outcome of your order\'s pending payment through the signed webhook.',
  })
  simulatePayment(@Arg('input', () => SimulatePaymentInput, { description: 'The order and the outcome.' }) input: SimulatePaymentInput, @Ctx() ctx: Context) {
    return toPayload({ payment: null, order: null }, () => simulatePayment(ctx, input));
  }
}

@Resolver(() => Payment)
export class PaymentResolver {
  @FieldResolver(() => Money, { description: 'What the buyer pays with this attempt.' })
  amount(@Root() payment: Payment): Money {
    return money(payment.amount);
  }
}

@Resolver(() => Refund)
export class RefundResolver {
  @FieldResolver(() => Money, { description: 'What went back to the buyer.' })
  amount(@Root() refund: Refund): Money {
    return money(refund.amount);
  }
}
