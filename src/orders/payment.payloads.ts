import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../shared/user-error';
import { Order, PaymentMethod } from './order.entity';
import { Payment } from './payment.entity';

@ObjectType({ description: 'How to complete a pending payment with the (simulated) provider.', simpleResolvers: true })
export class PaymentInstructions {
  @Field(() => PaymentMethod, { description: 'The payment method these instructions are for.' })
  method!: PaymentMethod;

  @Field(() => String, { nullable: true, description: 'BANK_TRANSFER: the virtual account number to transfer the exact amount to.' })
  virtualAccountNumber!: string | null;

  @Field(() => String, { nullable: true, description: 'BANK_TRANSFER: the bank of the virtual account.' })
  bankName!: string | null;

  @Field(() => String, { nullable: true, description: 'E_WALLET: the deeplink that opens the e-wallet app on the payment.' })
  deeplinkUrl!: string | null;

  @Field(() => String, { nullable: true, description: 'CARD: the hosted card page to open.' })
  redirectUrl!: string | null;

  @Field(() => Date, { nullable: true, description: 'Pay before this time (the order\'s `paymentDueAt`).' })
  expiresAt!: Date | null;
}

@ObjectType({ description: 'Result of payOrder.' })
export class PayOrderPayload {
  @Field(() => Payment, { nullable: true, description: 'The payment (for a replayed key, or when one was already pending, that one).' })
  payment!: Payment | null;

  @Field(() => Order, { nullable: true, description: 'The order being paid.' })
  order!: Order | null;

  @Field(() => PaymentInstructions, { nullable: true, description: 'How to complete the payment; null once it is no longer pending.' })
  paymentInstructions!: PaymentInstructions | null;

  @Field(() => Boolean, { nullable: true, description: 'True when the idempotency key replayed an earlier call.' })
  replayed!: boolean | null;

  @Field(() => [UserError], { description: 'Why it failed (e.g. ORDER_NOT_PAYABLE, PAYMENT_EXPIRED); empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of simulatePayment.' })
export class SimulatePaymentPayload {
  @Field(() => Payment, { nullable: true, description: 'The payment after the simulated webhook.' })
  payment!: Payment | null;

  @Field(() => Order, { nullable: true, description: 'The order after the simulated webhook.' })
  order!: Order | null;

  @Field(() => [UserError], { description: 'Why it failed (e.g. NO_PENDING_PAYMENT); empty on success.' })
  userErrors!: UserError[];
}
