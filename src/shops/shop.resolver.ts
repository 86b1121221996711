import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { User } from '../accounts/user.entity';
import type { Context } from '../shared/context';
import { selectViews, type EntityView } from '../shared/views';
import { badUserInput } from '../shared/errors';
import { decodeIdOf } from '../shared/ids';
import { ConnectionArgs, emptyConnection, paginate } from '../shared/pagination';
import { containsText } from '../shared/sql';
import { toPayload } from '../shared/user-error';
import { Role, hasRole, viewerUserId } from '../shared/viewer';
import { canManageShop, viewerRoleIn, visibleShop, visibleShopView } from './shop-access';
import { maskNumber } from './shop-rules';
import { Shop, ShopFollow, ShopMember, ShopMemberRole, ShopStatus } from './shop.entity';
import {
  RegisterShopInput,
  ReviewShopInput,
  ShopIdInput,
  UpdateShopSettingsInput,
  VerifyShopEmailInput,
} from './shop.inputs';
import { PayoutAccount, ShopConnection, ShopPayload, ShopVerification, WarehouseAddress } from './shop.payloads';
import * as shops from './shop.service';
import { followerCount, SHOP_CARD, shopById, shopCardById, shopViewsFor, viewerFollows } from './shops.loaders';

@ArgsType()
class ShopsArgs extends ConnectionArgs {
  @Field(() => String, { nullable: true, description: 'Only shops whose name contains this text (any letter case).' })
  query?: string | null;

  @Field(() => ShopStatus, {
    nullable: true,
    description: 'Only shops in this status. Anyone may list APPROVED shops (the default); other statuses need ADMIN.',
  })
  status?: ShopStatus | null;
}

const noShop = { shop: null };

@Resolver(() => Shop)
export class ShopResolver {
  @Query(() => Shop, { nullable: true, description: 'A shop by global ID or by handle; null when it does not exist or you may not see it.' })
  async shop(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg('id', () => ID, { nullable: true, description: 'Global ID of the shop.' }) id?: string | null,
    @Arg('handle', () => String, { nullable: true, description: 'Handle of the shop, e.g. "toko-budi".' }) handle?: string | null,
  ): Promise<EntityView<Shop> | null> {
    if ((id == null) === (handle == null)) throw badUserInput('Pass exactly one of `id` or `handle`.', 'id');
    if (id != null) {
      const dbId = decodeIdOf('Shop', id);
      return dbId === null ? null : visibleShop(ctx, dbId);
    }
    // A storefront opens with this: a read-only view (src/shared/views.ts), a card when that answers the selection,
    // shared with `product.shop`.
    const views = shopViewsFor(info);
    const [found] = await selectViews(ctx.reader, Shop, 's', 'select {columns} from shop s where s.handle = ?', [handle!.trim().toLowerCase()], views === shopCardById ? SHOP_CARD : null);
    if (!found) return null;
    ctx.loaders.get(views).prime(found.id, found);
    return visibleShopView(ctx, found.id, views);
  }

  @Query(() => ShopConnection, { description: 'Shops, newest first.' })
  shops(@Args() args: ShopsArgs, @Ctx() ctx: Context) {
    const status = args.status ?? ShopStatus.APPROVED;
    if (status !== ShopStatus.APPROVED && !hasRole(ctx.viewer, Role.ADMIN)) {
      throw badUserInput('Only admins may list shops that are not approved.', 'status');
    }
    const query = args.query?.trim().toLowerCase();
    return paginate(ctx.em, Shop, { $and: [{ status }, ...(query ? [containsText<Shop>('nameKey', query)] : [])] }, args, {
      sortField: 'createdAt',
      direction: 'DESC',
    });
  }

  @FieldResolver(() => Int, { description: 'How many buyers follow the shop.' })
  followerCount(@Root() shop: EntityView<Shop>, @Ctx() ctx: Context): Promise<number> {
    return ctx.loaders.get(followerCount).load(shop.id);
  }

  @FieldResolver(() => Boolean, { description: 'Whether the viewer follows the shop (false when logged out).' })
  async viewerIsFollowing(@Root() shop: EntityView<Shop>, @Ctx() ctx: Context): Promise<boolean> {
    const userId = viewerUserId(ctx.viewer);
    return userId !== null && ctx.loaders.getFor(viewerFollows, userId).load(shop.id);
  }

  @FieldResolver(() => ShopMemberRole, { nullable: true, description: "The viewer's role in the shop; null when not a member." })
  viewerRole(@Root() shop: EntityView<Shop>, @Ctx() ctx: Context) {
    return viewerRoleIn(ctx, shop.id);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Contact email; null unless you are a member or an admin.' })
  async contactEmail(@Root() shop: EntityView<Shop>, @Ctx() ctx: Context) {
    return (await canManageShop(ctx, shop)) ? shop.contactEmail : null;
  }

  @FieldResolver(() => Boolean, { description: 'Whether the contact email was confirmed with its code.' })
  contactEmailVerified(@Root() shop: EntityView<Shop>): boolean {
    return shop.contactEmailVerifiedAt != null;
  }

  @FieldResolver(() => WarehouseAddress, { nullable: true, description: 'Pickup address; null unless you are a member or an admin.' })
  async warehouseAddress(@Root() shop: EntityView<Shop>, @Ctx() ctx: Context): Promise<WarehouseAddress | null> {
    if (!(await canManageShop(ctx, shop))) return null;
    return {
      contactName: shop.warehouseContactName,
      phone: shop.warehousePhone,
      line1: shop.warehouseLine1,
      line2: shop.warehouseLine2 ?? null,
      district: shop.warehouseDistrict,
      city: shop.warehouseCity,
      province: shop.warehouseProvince,
      postalCode: shop.warehousePostalCode,
    };
  }

  @FieldResolver(() => ShopVerification, { nullable: true, description: 'Identity on file, masked; null unless you are a member or an admin.' })
  async verification(@Root() shop: EntityView<Shop>, @Ctx() ctx: Context): Promise<ShopVerification | null> {
    if (!(await canManageShop(ctx, shop))) return null;
    const entity = (await ctx.loaders.get(shopById).load(shop.id))!; // the number is lazy: views leave it out
    await ctx.em.populate(entity, ['identityDocumentNumber']);
    return { documentType: entity.identityDocumentType, documentNumberMasked: maskNumber(entity.identityDocumentNumber) };
  }

  @FieldResolver(() => PayoutAccount, { nullable: true, description: 'Payout account, masked; null unless you are a member or an admin.' })
  async payoutAccount(@Root() shop: EntityView<Shop>, @Ctx() ctx: Context): Promise<PayoutAccount | null> {
    if (!(await canManageShop(ctx, shop))) return null;
    const entity = (await ctx.loaders.get(shopById).load(shop.id))!; // the number is lazy: views leave it out
    await ctx.em.populate(entity, ['bankAccountNumber']);
    return { bankName: entity.bankName, accountNumberMasked: maskNumber(entity.bankAccountNumber), holderName: entity.bankAccountHolder };
  }

  @Authorized()
  @Mutation(() => ShopPayload, { description: 'Registers a shop for review and sends a code to its contact email. At most 3 per owner.' })
  registerShop(@Arg('input', () => RegisterShopInput, { description: 'The shop.' }) input: RegisterShopInput, @Ctx() ctx: Context) {
    return toPayload(noShop, async () => ({ shop: await shops.registerShop(ctx, input) }));
  }

  @Authorized()
  @Mutation(() => ShopPayload, { description: 'Sends a new confirmation code to the shop contact email (at most one a minute). Owner only.' })
  resendShopEmailCode(@Arg('input', () => ShopIdInput, { description: 'The shop.' }) input: ShopIdInput, @Ctx() ctx: Context) {
    return toPayload(noShop, async () => ({ shop: await shops.resendShopEmailCode(ctx, input) }));
  }

  @Authorized()
  @Mutation(() => ShopPayload, { description: 'Confirms the shop contact email with the code sent to it (5 tries per code). Owner only.' })
  verifyShopEmail(@Arg('input', () => VerifyShopEmailInput, { description: 'The code.' }) input: VerifyShopEmailInput, @Ctx() ctx: Context) {
    return toPayload(noShop, async () => ({ shop: await shops.verifyShopEmail(ctx, input) }));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ShopPayload, { description: 'Approves or rejects a pending shop. Approval needs a confirmed contact email and makes the owner a SELLER.' })
  reviewShop(@Arg('input', () => ReviewShopInput, { description: 'The decision.' }) input: ReviewShopInput, @Ctx() ctx: Context) {
    return toPayload(noShop, async () => ({ shop: await shops.reviewShop(ctx, input) }));
  }

  @Authorized()
  @Mutation(() => ShopPayload, { description: 'Changes shop settings, guarded by `expectedVersion`. Owner only.' })
  updateShopSettings(@Arg('input', () => UpdateShopSettingsInput, { description: 'The changes.' }) input: UpdateShopSettingsInput, @Ctx() ctx: Context) {
    return toPayload(noShop, async () => ({ shop: await shops.updateShopSettings(ctx, input) }));
  }

  @Authorized()
  @Mutation(() => ShopPayload, { description: 'Follows an approved shop; following again changes nothing.' })
  followShop(@Arg('input', () => ShopIdInput, { description: 'The shop.' }) input: ShopIdInput, @Ctx() ctx: Context) {
    return toPayload(noShop, async () => ({ shop: await shops.followShop(ctx, input) }));
  }

  @Authorized()
  @Mutation(() => ShopPayload, { description: 'Stops following a shop; unfollowing one you do not follow changes nothing.' })
  unfollowShop(@Arg('input', () => ShopIdInput, { description: 'The shop.' }) input: ShopIdInput, @Ctx() ctx: Context) {
    return toPayload(noShop, async () => ({ shop: await shops.unfollowShop(ctx, input) }));
  }
}

/** `viewer.shops` and `viewer.followedShops`. */
@Resolver(() => User)
export class ViewerShopsResolver {
  @FieldResolver(() => ShopConnection, { description: 'Shops the user is a member of, in any status. Only the user can read it.' })
  async shops(@Root() user: User, @Args() args: ConnectionArgs, @Ctx() ctx: Context) {
    if (viewerUserId(ctx.viewer) !== user.id) return emptyConnection();
    const memberships = await ctx.em.find(ShopMember, { user: user.id }, { fields: ['shop'] });
    return paginate(ctx.em, Shop, { id: { $in: memberships.map((m) => m.shop.id) } }, args, { sortField: 'createdAt', direction: 'DESC' });
  }

  @FieldResolver(() => ShopConnection, { description: 'Approved shops the user follows, most recently followed last. Only the user can read it.' })
  async followedShops(@Root() user: User, @Args() args: ConnectionArgs, @Ctx() ctx: Context) {
    if (viewerUserId(ctx.viewer) !== user.id) return emptyConnection();
    return paginate(ctx.em, Shop, { status: ShopStatus.APPROVED, id: { $in: (await ctx.em.find(ShopFollow, { user: user.id }, { fields: ['shop'] })).map((f) => f.shop.id) } }, args);
  }
}
