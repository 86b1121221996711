import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Mutation, Resolver, Root, Subscription } from 'type-graphql';
import { User } from '../accounts/user.entity';
import { canSeeOrder } from '../orders/order.resolver';
import { Order } from '../orders/order.entity';
import { orderById } from '../orders/orders.loaders';
import type { Context } from '../shared/context';
import { forbidden } from '../shared/errors';
import { toPayload } from '../shared/user-error';
import { viewerUserId } from '../shared/viewer';
import { visibleShop } from '../shops/shop-access';
import { Shop } from '../shops/shop.entity';
import { inboxNotifications } from './inbox.subscriptions';
import { Notification, NotificationCategory } from './notification.entity';
import { InboxArgs, MarkNotificationsReadInput } from './notification.inputs';
import { InboxNotificationEvent, MarkNotificationsReadPayload, NotificationConnection } from './notification.payloads';
import * as inbox from './notification.service';

@Resolver(() => Notification)
export class NotificationResolver {
  @FieldResolver(() => Boolean, { description: 'Whether you marked it read.' })
  read(@Root() notification: Notification): boolean {
    return notification.readAt != null;
  }

  @FieldResolver(() => Order, { nullable: true, description: 'The order it is about (open it from the notification); null when it is about no order, or you can no longer see it.' })
  async order(@Root() notification: Notification, @Ctx() ctx: Context): Promise<Order | null> {
    if (!notification.order) return null;
    const order = await ctx.loaders.get(orderById).load(notification.order.id);
    return order && (await canSeeOrder(ctx, order)) ? order : null;
  }

  @FieldResolver(() => Shop, { nullable: true, description: 'The shop it is about; null when it is about no shop, or you can no longer see it.' })
  shop(@Root() notification: Notification, @Ctx() ctx: Context): Promise<Shop | null> {
    return notification.shop ? visibleShop(ctx, notification.shop.id) : Promise.resolve(null);
  }

  @Authorized()
  @Mutation(() => MarkNotificationsReadPayload, {
    description:
      'Marks your notifications read: `ids` (1–100; an id that is not yours fails the call with NOT_FOUND and marks nothing), or `all: true` (optionally one `category`). Marking a read notification again changes nothing.',
  })
  markNotificationsRead(
    @Arg('input', () => MarkNotificationsReadInput, { description: 'Which notifications.' }) input: MarkNotificationsReadInput,
    @Ctx() ctx: Context,
  ): Promise<MarkNotificationsReadPayload> {
    return toPayload({ markedCount: null, unreadCount: null }, () => inbox.markNotificationsRead(ctx, input));
  }

  @Authorized()
  @Subscription(() => InboxNotificationEvent, {
    description:
      'Your notifications as they are stored ("Store update: order created", …). With `after` (a cursor from this subscription or from `viewer.inbox`), the notifications stored after it are sent first, oldest first, then new ones, with no gap and no duplicate; reconnect with the last cursor you received to lose nothing.',
    subscribe: ({ args, context }) => inboxNotifications(context as Context, (args as { after?: string | null }).after),
  })
  inboxNotificationAdded(
    @Root() notification: Notification,
    @Arg('after', () => String, { nullable: true, description: 'Resume after this cursor: stored notifications after it are replayed first.' }) _after?: string | null,
  ): InboxNotificationEvent {
    return { cursor: inbox.notificationCursor(notification), notification };
  }
}

/** `viewer.inbox` and `viewer.unreadNotificationCount`. */
@Resolver(() => User)
export class ViewerInboxResolver {
  @FieldResolver(() => NotificationConnection, { description: 'Your inbox, newest first. Only the user can read it.' })
  inbox(@Root() user: User, @Args() args: InboxArgs, @Ctx() ctx: Context) {
    assertOwnInbox(ctx, user);
    return inbox.listInbox(ctx, user.id, args);
  }

  @FieldResolver(() => Int, { description: 'How many unread notifications you have (the inbox badge), in one tab or all. Only the user can read it.' })
  unreadNotificationCount(
    @Root() user: User,
    @Arg('category', () => NotificationCategory, { nullable: true, description: 'Only this tab. Omitted: every tab.' }) category: NotificationCategory | null | undefined,
    @Ctx() ctx: Context,
  ): Promise<number> {
    assertOwnInbox(ctx, user);
    return inbox.countUnread(ctx, user.id, category);
  }
}

function assertOwnInbox(ctx: Context, user: User): void {
  if (viewerUserId(ctx.viewer) !== user.id) throw forbidden('Only the account owner can read its inbox.');
}
