import type { FilterQuery } from '@mikro-orm/core';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { User } from '../accounts/user.entity';
import type { Context } from '../shared/context';
import { decodeIdOf, toGlobalId } from '../shared/ids';
import { Money, money } from '../shared/money';
import { ConnectionArgs, paginate } from '../shared/pagination';
import { toPayload } from '../shared/user-error';
import { Role, hasRole, viewerUserId } from '../shared/viewer';
import { viewerRoleIn } from '../shops/shop-access';
import { Shop } from '../shops/shop.entity';
import { shopById } from '../shops/shops.loaders';
import { Order, OrderEvent, OrderLine, OrderSourceType, OrderStatus } from './order.entity';
import { CancelOrderInput, OrderTab, PlaceOrderInput } from './order.inputs';
import { OrderAddress, OrderConnection, OrderCounts, OrderPayload, PlaceOrderPayload } from './order.payloads';
import { StatusCounts, tabFilter, type TabScope } from './order-counts';
import * as orders from './order.service';
import { linesByOrder, timelineByOrder } from './orders.loaders';

export const TAB_STATUSES: Record<OrderTab, TabScope> = {
  ALL: null,
  UNPAID: [OrderStatus.UNPAID],
  TO_SHIP: [OrderStatus.ON_HOLD, OrderStatus.AWAITING_SHIPMENT, OrderStatus.AWAITING_COLLECTION],
  SHIPPED: [OrderStatus.IN_TRANSIT],
  TO_REVIEW: [OrderStatus.DELIVERED],
  CANCELLED: [OrderStatus.CANCELLED],
  RETURNS: 'RETURNS',
};

/** The buyer, a member of the order's shop, or an admin may see an order. */
export async function canSeeOrder(ctx: Context, order: Order): Promise<boolean> {
  if (viewerUserId(ctx.viewer) === order.buyer.id || hasRole(ctx.viewer, Role.ADMIN)) return true;
  return (await viewerRoleIn(ctx, order.shop.id)) !== null;
}

export async function visibleOrder(ctx: Context, id: number): Promise<Order | null> {
  const order = await ctx.em.findOne(Order, id);
  return order && (await canSeeOrder(ctx, order)) ? order : null;
}

@ArgsType()
class ViewerOrdersArgs extends ConnectionArgs {
  @Field(() => OrderTab, { nullable: true, description: 'Which tab; ALL by default.' })
  tab?: OrderTab | null;
}

@Resolver(() => Order)
export class OrderResolver {
  @Query(() => Order, { nullable: true, description: 'An order you bought, your shop sold, or (admins) any; null otherwise.' })
  order(@Arg('id', () => ID, { description: 'Global ID of the order.' }) id: string, @Ctx() ctx: Context) {
    const dbId = decodeIdOf('Order', id);
    return dbId === null ? null : visibleOrder(ctx, dbId);
  }

  @FieldResolver(() => Money, { description: 'Sum of the lines.' })
  subtotal(@Root() order: Order): Money {
    return money(order.subtotal);
  }

  @FieldResolver(() => Money, { description: 'Shipping fee.' })
  shippingFee(@Root() order: Order): Money {
    return money(order.shippingFee);
  }

  @FieldResolver(() => Money, { description: 'Discounts (vouchers, promotions).' })
  discount(@Root() order: Order): Money {
    return money(order.discount);
  }

  @FieldResolver(() => Money, { description: 'What the buyer pays: subtotal + shipping − discount.' })
  total(@Root() order: Order): Money {
    return money(order.total);
  }

  @FieldResolver(() => OrderAddress, { description: 'Where it ships, as given at purchase.' })
  shippingAddress(@Root() order: Order): OrderAddress {
    return order.shippingAddress;
  }

  @FieldResolver(() => ID, { nullable: true, description: 'The video or live stream it was bought from (VIDEO and LIVE sources).' })
  sourceId(@Root() order: Order): string | null {
    if (order.sourceId == null) return null;
    return toGlobalId(order.sourceType === OrderSourceType.VIDEO ? 'Video' : 'LiveStream', order.sourceId);
  }

  @FieldResolver(() => Shop, { description: 'The shop.' })
  shop(@Root() order: Order, @Ctx() ctx: Context) {
    return ctx.loaders.get(shopById).load(order.shop.id);
  }

  @FieldResolver(() => [OrderLine], { description: 'What was bought.' })
  lines(@Root() order: Order, @Ctx() ctx: Context) {
    return ctx.loaders.get(linesByOrder).load(order.id);
  }

  @FieldResolver(() => [OrderEvent], { description: 'Every status change, oldest first.' })
  timeline(@Root() order: Order, @Ctx() ctx: Context) {
    return ctx.loaders.get(timelineByOrder).load(order.id);
  }

  @Authorized()
  @Mutation(() => PlaceOrderPayload, {
    description: '"Buy now": places an order from one shop, taking the stock atomically. Idempotent by `idempotencyKey`.',
  })
  placeOrder(@Arg('input', () => PlaceOrderInput, { description: 'The order.' }) input: PlaceOrderInput, @Ctx() ctx: Context) {
    return toPayload({ order: null, replayed: null }, async () => orders.placeOrder(ctx, input));
  }

  @Authorized()
  @Mutation(() => OrderPayload, { description: 'Cancels an UNPAID order, or an ON_HOLD one within its free window; the stock goes back.' })
  cancelOrder(@Arg('input', () => CancelOrderInput, { description: 'The order and why.' }) input: CancelOrderInput, @Ctx() ctx: Context) {
    return toPayload({ order: null }, async () => ({ order: await orders.cancelOrder(ctx, input) }));
  }
}

@Resolver(() => OrderLine)
export class OrderLineResolver {
  @FieldResolver(() => Money, { description: 'Price of one unit at purchase.' })
  unitPrice(@Root() line: OrderLine): Money {
    return money(line.unitPrice);
  }

  @FieldResolver(() => Money, { description: 'Unit price × quantity.' })
  lineTotal(@Root() line: OrderLine): Money {
    return money(line.lineTotal);
  }
}

@Resolver(() => User)
export class ViewerOrdersResolver {
  @FieldResolver(() => OrderConnection, { description: "The user's orders, newest first, by order-center tab. Only the user can read it." })
  orders(@Root() user: User, @Args() args: ViewerOrdersArgs, @Ctx() ctx: Context) {
    const where: FilterQuery<Order> = { $and: [{ buyer: viewerUserId(ctx.viewer) === user.id ? user.id : -1 }, tabFilter(ctx.em, TAB_STATUSES[args.tab ?? OrderTab.ALL])] };
    return paginate(ctx.em, Order, where, args, { sortField: 'createdAt', direction: 'DESC' });
  }

  @FieldResolver(() => OrderCounts, { description: 'How many orders each tab holds (one grouped query). Only the user can read it.' })
  async orderCounts(@Root() user: User, @Ctx() ctx: Context): Promise<OrderCounts> {
    const counts = viewerUserId(ctx.viewer) === user.id ? await StatusCounts.of(ctx.em, 'buyer_id', user.id) : StatusCounts.empty();
    const sum = (tab: OrderTab) => counts.count(TAB_STATUSES[tab]);
    return {
      all: sum(OrderTab.ALL),
      unpaid: sum(OrderTab.UNPAID),
      toShip: sum(OrderTab.TO_SHIP),
      shipped: sum(OrderTab.SHIPPED),
      toReview: sum(OrderTab.TO_REVIEW),
      cancelled: sum(OrderTab.CANCELLED),
      returns: sum(OrderTab.RETURNS),
    };
  }
}
