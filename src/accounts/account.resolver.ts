import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { EventMessage } from '../events/topics';
import { Topic } from '../events/topics';
import type { Context } from '../shared/context';
import { forbidden } from '../shared/errors';
import { ConnectionArgs } from '../shared/pagination';
import { toPayload } from '../shared/user-error';
import { viewerUserId } from '../shared/viewer';
import { subscribeToTopic } from '../events/subscribe';
import { LogInInput, SignUpInput, AddAddressInput, UpdateAddressInput, RemoveAddressInput } from './account.inputs';
import { AddressConnection, AddressPayload, AuthPayload, RemoveAddressPayload } from './account.payloads';
import * as accounts from './account.service';
import * as addresses from './address.service';
import { userById } from './accounts.loaders';
import { User } from './user.entity';

const failedAuth = { token: null, tokenExpiresAt: null, viewer: null };

@Resolver(() => User)
export class AccountResolver {
  @Query(() => User, { nullable: true, description: 'The logged-in user; null when no valid token was sent.' })
  viewer(@Ctx() ctx: Context): Promise<User | null> {
    const userId = viewerUserId(ctx.viewer);
    return userId === null ? Promise.resolve(null) : ctx.loaders.get(userById).load(userId);
  }

  @Mutation(() => AuthPayload, { description: 'Creates a buyer account and logs it in.' })
  signUp(@Arg('input', () => SignUpInput, { description: 'The new account.' }) input: SignUpInput, @Ctx() ctx: Context): Promise<AuthPayload> {
    return toPayload(failedAuth, async () => session(await accounts.signUp(ctx, input)));
  }

  @Mutation(() => AuthPayload, {
    description: 'Exchanges email and password for a token. Throttled per email and per client (RATE_LIMITED).',
  })
  logIn(@Arg('input', () => LogInInput, { description: 'The credentials.' }) input: LogInInput, @Ctx() ctx: Context): Promise<AuthPayload> {
    return toPayload(failedAuth, async () => session(await accounts.logIn(ctx, input)));
  }

  @FieldResolver(() => AddressConnection, { description: "The user's shipping addresses, newest first. Only the user can read them." })
  addresses(@Root() user: User, @Args() args: ConnectionArgs, @Ctx() ctx: Context) {
    if (viewerUserId(ctx.viewer) !== user.id) throw forbidden('Only the account owner can read its addresses.');
    return addresses.listAddresses(ctx, user.id, args);
  }

  @Authorized()
  @Mutation(() => AddressPayload, { description: 'Adds a shipping address (at most 10). The first one becomes the default.' })
  addAddress(@Arg('input', () => AddAddressInput, { description: 'The address to add.' }) input: AddAddressInput, @Ctx() ctx: Context): Promise<AddressPayload> {
    return toPayload({ address: null }, async () => ({ address: await addresses.addAddress(ctx, input) }));
  }

  @Authorized()
  @Mutation(() => AddressPayload, { description: 'Changes an address, or makes it the default.' })
  updateAddress(@Arg('input', () => UpdateAddressInput, { description: 'The changes.' }) input: UpdateAddressInput, @Ctx() ctx: Context): Promise<AddressPayload> {
    return toPayload({ address: null }, async () => ({ address: await addresses.updateAddress(ctx, input) }));
  }

  @Authorized()
  @Mutation(() => RemoveAddressPayload, { description: 'Removes an address; another becomes the default if needed.' })
  removeAddress(@Arg('input', () => RemoveAddressInput, { description: 'The address to remove.' }) input: RemoveAddressInput, @Ctx() ctx: Context): Promise<RemoveAddressPayload> {
    return toPayload({ removedAddressId: null, defaultAddress: null }, () => addresses.removeAddress(ctx, input));
  }

  @Authorized()
  @Subscription(() => User, {
    description: 'Pushes the viewer\'s account whenever it or its addresses change (keeps other devices in sync).',
    subscribe: ({ context }) => {
      const ctx = context as Context;
      return subscribeToTopic(ctx, { topic: Topic.user(viewerUserId(ctx.viewer)!), filter: (event) => event.type === accounts.AccountEvent.UPDATED });
    },
  })
  async viewerUpdated(@Root() event: EventMessage, @Ctx() ctx: Context): Promise<User> {
    const userId = Number(event.payload['userId']);
    return ctx.em.findOneOrFail(User, userId);
  }
}

function session(s: accounts.Session): Omit<AuthPayload, 'userErrors'> {
  return { token: s.accessToken.token, tokenExpiresAt: s.accessToken.expiresAt, viewer: s.user };
}
