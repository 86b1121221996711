import { Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Resolver, Root, Subscription } from 'type-graphql';
import { AFTER_DESCRIPTION } from '../events/cursor';
import type { EventMessage } from '../events/topics';
import type { Context } from '../shared/context';
import { Order } from './order.entity';
import { OrderUpdate } from './order-update.payloads';
import * as updates from './order-update.service';

@ArgsType()
class OrderUpdatedArgs {
  @Field(() => ID, { nullable: true, description: 'The order to follow (its buyer, its shop\'s members, admins). Omit it to follow every order you bought.' })
  orderId?: string | null;

  @Field(() => String, { nullable: true, description: AFTER_DESCRIPTION })
  after?: string | null;
}

@ArgsType()
class ShopOrderEventsArgs {
  @Field(() => ID, { description: 'The shop; you must be one of its members.' })
  shopId!: string;

  @Field(() => String, { nullable: true, description: AFTER_DESCRIPTION })
  after?: string | null;
}

@Resolver(() => OrderUpdate)
export class OrderSubscriptionResolver {
  @Authorized()
  @Subscription(() => OrderUpdate, {
    description:
      "Pushes changes to an order: status changes, payment, cancellation and return requests and their answers, shipment events. Without `orderId`, to every order you bought. An order you may not see is NOT_FOUND; if you lose access, the subscription ends with FORBIDDEN.",
    subscribe: ({ args, context }) => updates.subscribeToOrderUpdates(context as Context, args as OrderUpdatedArgs),
  })
  orderUpdated(@Root() event: EventMessage, @Args() _args: OrderUpdatedArgs): OrderUpdate {
    return updates.toOrderUpdate(event);
  }

  @Authorized()
  @Subscription(() => OrderUpdate, {
    description:
      "The seller's live order feed: new orders, cancellation and return requests, status changes of the shop's orders. Members only (FORBIDDEN otherwise, and when a member is removed).",
    subscribe: ({ args, context }) => updates.subscribeToShopOrderEvents(context as Context, args as ShopOrderEventsArgs),
  })
  shopOrderEvents(@Root() event: EventMessage, @Args() _args: ShopOrderEventsArgs): OrderUpdate {
    return updates.toOrderUpdate(event);
  }

  @FieldResolver(() => Order, { description: 'The order as it is now (not as it was at the event), to refresh a cached copy.' })
  async order(@Root() update: OrderUpdate, @Ctx() ctx: Context): Promise<Order> {
    const order = await updates.eventOrder(ctx, update.orderId);
    if (!order) throw new Error(`order ${update.orderId} of an update is gone`);
    return order;
  }
}
