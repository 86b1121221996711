import { Field, ID, ObjectType } from 'type-graphql';
import { Connection } from '../shared/pagination';
import { UserError } from '../shared/user-error';
import { Address } from './address.entity';
import { User } from './user.entity';

@ObjectType({ description: 'Result of signUp and logIn.' })
export class AuthPayload {
  @Field(() => String, {
    nullable: true,
    description: 'A bearer token for the `Authorization` header (HTTP) or `connectionParams.authorization` (WebSocket).',
  })
  token!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the token stops working.' })
  tokenExpiresAt!: Date | null;

  @Field(() => User, { nullable: true, description: 'The account that is now logged in.' })
  viewer!: User | null;

  @Field(() => [UserError], { description: 'Why it failed; empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of addAddress and updateAddress.' })
export class AddressPayload {
  @Field(() => Address, { nullable: true, description: 'The address as saved.' })
  address!: Address | null;

  @Field(() => [UserError], { description: 'Why it failed; empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of removeAddress.' })
export class RemoveAddressPayload {
  @Field(() => ID, { nullable: true, description: 'Global ID of the removed address.' })
  removedAddressId!: string | null;

  @Field(() => Address, { nullable: true, description: 'The default address after the removal, if any remain.' })
  defaultAddress!: Address | null;

  @Field(() => [UserError], { description: 'Why it failed; empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'A page of addresses.' })
export class AddressConnection extends Connection(Address) {}
