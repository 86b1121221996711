import { Field, ObjectType } from 'type-graphql';
import { UserError } from '../shared/user-error';
import { CancellationRequest } from './cancellation-request.entity';
import { Order } from './order.entity';

@ObjectType({ description: 'Result of a cancellation-request action.' })
export class CancellationRequestPayload {
  @Field(() => CancellationRequest, { nullable: true, description: 'The request after the change.' })
  cancellationRequest!: CancellationRequest | null;

  @Field(() => Order, { nullable: true, description: 'Its order after the change (CANCELLED once a request is approved).' })
  order!: Order | null;

  @Field(() => [UserError], { description: 'Why it failed; empty on success.' })
  userErrors!: UserError[];
}
