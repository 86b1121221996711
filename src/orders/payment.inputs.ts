import { Field, ID, InputType, registerEnumType } from 'type-graphql';

@InputType({ description: 'Starts paying an UNPAID order with its payment method.' })
export class PayOrderInput {
  @Field(() => ID, { description: 'The order, which must be yours.' })
  orderId!: string;

  @Field({ description: 'A unique key per payment attempt (e.g. a UUID); retries with it return the first payment.' })
  idempotencyKey!: string;
}

export enum SimulatedPaymentOutcome {
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}
registerEnumType(SimulatedPaymentOutcome, {
  name: 'SimulatedPaymentOutcome',
  description: 'What the simulated provider reports.',
  valuesConfig: {
    SUCCEEDED: { description: 'The money arrived: the order moves to ON_HOLD.' },
    FAILED: { description: 'The payment failed: the order stays UNPAID and may be paid again.' },
  },
});

@InputType({ description: 'Outside production: makes the simulated provider report the outcome of an order\'s pending payment.' })
export class SimulatePaymentInput {
  @Field(() => ID, { description: 'The order, which must be yours and have a pending payment (call `payOrder` first).' })
  orderId!: string;

  @Field(() => SimulatedPaymentOutcome, { description: 'The outcome to report.' })
  outcome!: SimulatedPaymentOutcome;
}
