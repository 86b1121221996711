/** `viewer.conversations`, `viewer.unreadChatMessageCount`, `shop.conversations` and `shop.unreadChatMessageCount`. */
import { Args, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { User } from '../accounts/user.entity';
import type { Context } from '../shared/context';
import type { EntityView } from '../shared/views';
import { ConnectionArgs } from '../shared/pagination';
import { Shop } from '../shops/shop.entity';
import { ConversationConnection } from './chat.payloads';
import * as lists from './conversation-list.service';

@Resolver(() => User)
export class ViewerChatResolver {
  @FieldResolver(() => ConversationConnection, { description: 'Your chats with shops (as a buyer), newest activity first. Only the user can read it.' })
  conversations(@Root() user: User, @Args() args: ConnectionArgs, @Ctx() ctx: Context) {
    return lists.buyerConversations(ctx, user.id, args);
  }

  @FieldResolver(() => Int, { description: 'Unread shop messages across your chats (the chat badge). Only the user can read it.' })
  unreadChatMessageCount(@Root() user: User, @Ctx() ctx: Context): Promise<number> {
    return lists.buyerUnreadTotal(ctx, user.id);
  }
}

@Resolver(() => Shop)
export class ShopChatResolver {
  @FieldResolver(() => ConversationConnection, { description: "The shop's chats with buyers, newest activity first. Members only (FORBIDDEN otherwise)." })
  conversations(@Root() shop: EntityView<Shop>, @Args() args: ConnectionArgs, @Ctx() ctx: Context) {
    return lists.shopConversations(ctx, shop.id, args);
  }

  @FieldResolver(() => Int, { description: "Unread buyer messages across the shop's chats. Members only (FORBIDDEN otherwise)." })
  unreadChatMessageCount(@Root() shop: EntityView<Shop>, @Ctx() ctx: Context): Promise<number> {
    return lists.shopUnreadTotal(ctx, shop.id);
  }
}
