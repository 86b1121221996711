import { Field, ID, InputType } from 'type-graphql';
import { CancellationReason } from './cancellation-request.entity';

@InputType({ description: 'A buyer asking the seller to cancel an order awaiting shipment.' })
export class RequestCancellationInput {
  @Field(() => ID, { description: 'Your order, in AWAITING_SHIPMENT.' })
  orderId!: string;

  @Field(() => CancellationReason, { description: 'Why you want to cancel.' })
  reason!: CancellationReason;

  @Field(() => String, { nullable: true, description: 'More words for the seller, up to 500 characters; required when `reason` is OTHER.' })
  note?: string | null;
}

@InputType({ description: 'A buyer withdrawing a pending cancellation request.' })
export class WithdrawCancellationRequestInput {
  @Field(() => ID, { description: 'The request, PENDING.' })
  requestId!: string;
}

@InputType({ description: "A seller answering a buyer's cancellation request." })
export class RespondToCancellationInput {
  @Field(() => ID, { description: 'The request, PENDING.' })
  requestId!: string;

  @Field(() => Boolean, { description: 'True approves (the order is cancelled, stock returned, a paid order refunded); false rejects (the order goes on).' })
  approve!: boolean;

  @Field(() => String, { nullable: true, description: 'Required to reject: why, 1–200 characters; the buyer sees it. When approving, an optional note for the timeline.' })
  reason?: string | null;
}
