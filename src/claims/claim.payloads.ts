import { Field, ObjectType } from 'type-graphql';
import { Order } from '../orders/order.entity';
import { Connection } from '../shared/pagination';
import { UserError } from '../shared/user-error';
import { Claim } from './claim.entity';

@ObjectType({ description: 'Result of filing or resolving a claim.' })
export class ClaimPayload {
  @Field(() => Claim, { nullable: true, description: 'The claim after the step.' })
  claim!: Claim | null;

  @Field(() => Order, { nullable: true, description: 'Its order after the step (payment status, refunds, timeline).' })
  order!: Order | null;

  @Field(() => [UserError], { description: 'Why it failed; empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'A page of claims.' })
export class ClaimConnection extends Connection(Claim) {}
