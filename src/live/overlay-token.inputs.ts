import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { UserError } from '../shared/user-error';
import { OverlayToken } from './overlay-token.entity';

@InputType({ description: 'An overlay token to create.' })
export class CreateOverlayTokenInput {
  @Field(() => ID, { description: 'The live stream; you must be a member (owner or staff) of its shop.' })
  liveStreamId!: string;

  @Field(() => String, { nullable: true, description: 'A name to tell tokens apart, at most 60 characters (e.g. "OBS studio PC").' })
  label?: string | null;
}

@InputType({ description: 'An overlay token to revoke.' })
export class RevokeOverlayTokenInput {
  @Field(() => ID, { description: 'The token (its `id`, not its secret).' })
  tokenId!: string;
}

@ObjectType({ description: 'Result of `createOverlayToken`: the secret, shown this once.' })
export class CreateOverlayTokenPayload {
  @Field(() => OverlayToken, { nullable: true, description: 'The token created.' })
  overlayToken!: OverlayToken | null;

  @Field(() => String, { nullable: true, description: 'The secret (starts with "kov_"): shown only now, store it. Sent as `Authorization: Bearer <token>`.' })
  token!: string | null;

  @Field(() => String, { nullable: true, description: 'Path of the overlay page with the token, to append to the API origin and use as an OBS browser source.' })
  overlayPath!: string | null;

  @Field(() => [UserError], { description: 'Why it failed (e.g. FORBIDDEN, LIMIT_REACHED); empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of `revokeOverlayToken`.' })
export class RevokeOverlayTokenPayload {
  @Field(() => OverlayToken, { nullable: true, description: 'The token, revoked (revoking twice changes nothing).' })
  overlayToken!: OverlayToken | null;

  @Field(() => [UserError], { description: 'Why it failed (e.g. NOT_FOUND); empty on success.' })
  userErrors!: UserError[];
}
