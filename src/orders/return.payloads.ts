import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../shared/user-error';
import { Order } from './order.entity';
import { ReturnRequest } from './return.entity';

@ObjectType({ description: 'Result of a return or refund step.' })
export class ReturnRequestPayload {
  @Field(() => ReturnRequest, { nullable: true, description: 'The request after the step.' })
  returnRequest!: ReturnRequest | null;

  @Field(() => Order, { nullable: true, description: 'Its order after the step (payment status, timeline).' })
  order!: Order | null;

  @Field(() => [UserError], { description: 'Why it failed; empty on success.' })
  userErrors!: UserError[];
}
