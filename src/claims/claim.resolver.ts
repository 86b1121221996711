import type { FilterQuery } from '@mikro-orm/core';
import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { User } from '../accounts/user.entity';
import { canSeeOrder } from '../orders/order.resolver';
import { Order } from '../orders/order.entity';
import { orderById } from '../orders/orders.loaders';
import type { Context } from '../shared/context';
import type { EntityView } from '../shared/views';
import { Money, money } from '../shared/money';
import { paginate } from '../shared/pagination';
import { toPayload } from '../shared/user-error';
import { Role, viewerUserId } from '../shared/viewer';
import { canManageShop } from '../shops/shop-access';
import { Shop } from '../shops/shop.entity';
import { Claim } from './claim.entity';
import { ClaimsArgs, FileClaimInput, ResolveClaimInput } from './claim.inputs';
import { ClaimConnection, ClaimPayload } from './claim.payloads';
import { fileClaim, resolveClaim } from './claim.service';
import { claimById, claimsByOrder } from './claims.loaders';

const failed = { claim: null, order: null } as const;

/** A claim the viewer may see: its order's buyer, a member of its shop, or an admin; null otherwise. */
export async function visibleClaim(ctx: Context, id: number): Promise<Claim | null> {
  const claim = await ctx.loaders.get(claimById).load(id);
  const order = claim && (await ctx.loaders.get(orderById).load(claim.order.id));
  return claim && order && (await canSeeOrder(ctx, order)) ? claim : null;
}

const withStatus = (where: FilterQuery<Claim>, args: ClaimsArgs): FilterQuery<Claim> => (args.status ? { $and: [where, { status: args.status }] } : where);

@Resolver(() => Claim)
export class ClaimResolver {
  @Authorized()
  @Mutation(() => ClaimPayload, {
    description: 'Buyer: files a claim (not received, damaged, wrong item) on a DELIVERED order, or a COMPLETED one within `CLAIM_WINDOW_DAYS` of delivery; one open claim per order.',
  })
  fileClaim(@Arg('input', () => FileClaimInput, { description: 'The order, what went wrong and the evidence.' }) input: FileClaimInput, @Ctx() ctx: Context) {
    return toPayload(failed, () => fileClaim(ctx, input));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ClaimPayload, { description: 'Admin: resolves an OPEN claim with a full or partial refund, or rejects it with a reason. Exactly one resolution per claim.' })
  resolveClaim(@Arg('input', () => ResolveClaimInput, { description: 'The claim and the decision.' }) input: ResolveClaimInput, @Ctx() ctx: Context) {
    return toPayload(failed, () => resolveClaim(ctx, input));
  }

  @Authorized(Role.ADMIN)
  @Query(() => ClaimConnection, { description: "Admin: the claims queue, oldest first (e.g. `claims(status: OPEN)` for what's waiting)." })
  claims(@Args() args: ClaimsArgs, @Ctx() ctx: Context) {
    return paginate(ctx.em, Claim, withStatus({}, args), args, { sortField: 'filedAt', direction: 'ASC' });
  }

  @FieldResolver(() => Order, { description: 'The order claimed on.' })
  async order(@Root() claim: Claim, @Ctx() ctx: Context): Promise<Order> {
    return (await ctx.loaders.get(orderById).load(claim.order.id))!;
  }

  @FieldResolver(() => Money, { nullable: true, description: 'What went back to the buyer; null unless REFUNDED.' })
  refundAmount(@Root() claim: Claim): Money | null {
    return claim.refundAmount == null ? null : money(claim.refundAmount);
  }
}

@Resolver(() => Order)
export class OrderClaimsResolver {
  @FieldResolver(() => [Claim], { description: 'Claims filed on the order, oldest first.' })
  claims(@Root() order: Order, @Ctx() ctx: Context) {
    return ctx.loaders.get(claimsByOrder).load(order.id);
  }
}

@Resolver(() => User)
export class ViewerClaimsResolver {
  @FieldResolver(() => ClaimConnection, { description: "The user's claims as a buyer, newest first. Only the user can read it (empty for anyone else)." })
  claims(@Root() user: User, @Args() args: ClaimsArgs, @Ctx() ctx: Context) {
    const buyer = viewerUserId(ctx.viewer) === user.id ? user.id : -1;
    return paginate(ctx.em, Claim, withStatus({ buyer }, args), args, { sortField: 'filedAt', direction: 'DESC' });
  }
}

@Resolver(() => Shop)
export class ShopClaimsResolver {
  @FieldResolver(() => ClaimConnection, { nullable: true, description: "Claims on the shop's orders, newest first (read-only: Kedai Live resolves them). Null unless you are a member or an admin." })
  async claims(@Root() shop: EntityView<Shop>, @Args() args: ClaimsArgs, @Ctx() ctx: Context) {
    if (!(await canManageShop(ctx, shop))) return null;
    return paginate(ctx.em, Claim, withStatus({ shop: shop.id }, args), args, { sortField: 'filedAt', direction: 'DESC' });
  }
}
