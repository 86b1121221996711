import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, ID, Int, Mutation, Resolver, Root, Subscription } from 'type-graphql';
import { userById } from '../accounts/accounts.loaders';
import { visibleProduct } from '../catalog/catalog-access';
import { Product } from '../catalog/product.entity';
import { AFTER_DESCRIPTION } from '../events/cursor';
import type { EventMessage } from '../events/topics';
import { Order } from '../orders/order.entity';
import { canSeeOrder } from '../orders/order.resolver';
import { orderById } from '../orders/orders.loaders';
import type { Context } from '../shared/context';
import { ConnectionArgs } from '../shared/pagination';
import { toPayload } from '../shared/user-error';
import { Shop } from '../shops/shop.entity';
import { shopById } from '../shops/shops.loaders';
import { viewerSide } from './chat-access';
import { MarkConversationReadInput, SendMessageInput } from './chat.inputs';
import { chatMessageById, conversationById } from './chat.loaders';
import { ChatMessageConnection, ConversationMessageEvent, MarkConversationReadPayload, SendMessagePayload } from './chat.payloads';
import * as chat from './chat.service';
import { subscribeToConversation, toMessageEvent, type ConversationMessageAddedArgs } from './chat.subscriptions';
import { ChatMessage, ChatSide, Conversation } from './conversation.entity';
import * as lists from './conversation-list.service';

@ArgsType()
class ConversationMessageAddedArgsType implements ConversationMessageAddedArgs {
  @Field(() => ID, { description: 'The conversation; you must be its buyer or a member of its shop.' })
  conversationId!: string;

  @Field(() => String, { nullable: true, description: AFTER_DESCRIPTION })
  after?: string | null;
}

@Resolver(() => Conversation)
export class ConversationResolver {
  @FieldResolver(() => String, { description: "The buyer's display name: all the shop learns about the buyer here." })
  async buyerName(@Root() conversation: Conversation, @Ctx() ctx: Context): Promise<string> {
    return (await ctx.loaders.get(userById).load(conversation.buyer.id))?.name ?? '';
  }

  @FieldResolver(() => Shop, { description: 'The shop.' })
  async shop(@Root() conversation: Conversation, @Ctx() ctx: Context): Promise<Shop> {
    return (await ctx.loaders.get(shopById).load(conversation.shop.id))!;
  }

  @FieldResolver(() => ChatSide, { description: 'Your side of the conversation: BUYER, or SHOP when you are a member of the shop.' })
  async viewerSide(@Root() conversation: Conversation, @Ctx() ctx: Context): Promise<ChatSide> {
    return (await viewerSide(ctx, conversation)) ?? ChatSide.BUYER;
  }

  @FieldResolver(() => ChatMessage, { nullable: true, description: 'The latest message (an auto-reply included).' })
  lastMessage(@Root() conversation: Conversation, @Ctx() ctx: Context): Promise<ChatMessage | null> {
    return conversation.lastMessageId === null ? Promise.resolve(null) : ctx.loaders.get(chatMessageById).load(conversation.lastMessageId);
  }

  @FieldResolver(() => Int, { description: "Messages from the other side that your side has not read (the shop's read state is shared by its members)." })
  unreadCount(@Root() conversation: Conversation, @Ctx() ctx: Context): Promise<number> {
    return lists.unreadCount(ctx, conversation);
  }

  @FieldResolver(() => ChatMessageConnection, { description: 'The messages, newest first.' })
  messages(@Root() conversation: Conversation, @Args() args: ConnectionArgs, @Ctx() ctx: Context) {
    return lists.conversationMessages(ctx, conversation, args);
  }

  @Authorized()
  @Mutation(() => SendMessagePayload, {
    description:
      "Sends a chat message: a buyer to a shop (`shopId`: starts the conversation or continues it), or either side in a conversation (`conversationId`: how shop members reply). Optionally about one of the buyer's orders from the shop or one of the shop's products. The body is plain text, never HTML: clients must escape it. At most 20 messages a minute per sender (RATE_LIMITED, with `retryAfterSeconds`). When the shop has an auto-reply (`updateShopSettings(chatAutoReply)`) and has been silent for 24 hours or ever, a buyer's message is answered with it.",
  })
  sendMessage(@Arg('input', () => SendMessageInput, { description: 'The message.' }) input: SendMessageInput, @Ctx() ctx: Context) {
    return toPayload({ message: null, conversation: null }, () => chat.sendMessage(ctx, input));
  }

  @Authorized()
  @Mutation(() => MarkConversationReadPayload, { description: "Marks every message of a conversation read for your side (the buyer's, or the shop's for all its members)." })
  markConversationRead(@Arg('input', () => MarkConversationReadInput, { description: 'The conversation.' }) input: MarkConversationReadInput, @Ctx() ctx: Context) {
    return toPayload({ conversation: null }, () => chat.markConversationRead(ctx, input));
  }

  @Authorized()
  @Subscription(() => ConversationMessageEvent, {
    description:
      "Pushes each new message of a conversation (both sides' and auto-replies) once it is stored. For its buyer and its shop's members: anyone else gets NOT_FOUND; a member removed from the shop gets FORBIDDEN and the subscription ends.",
    subscribe: ({ args, context }) => subscribeToConversation(context as Context, args as ConversationMessageAddedArgs),
  })
  conversationMessageAdded(@Root() event: EventMessage, @Args() _args: ConversationMessageAddedArgsType, @Ctx() ctx: Context): Promise<ConversationMessageEvent> {
    return toMessageEvent(ctx, event);
  }
}

@Resolver(() => ChatMessage)
export class ChatMessageResolver {
  @FieldResolver(() => Conversation, { description: 'The conversation it belongs to.' })
  async conversation(@Root() message: ChatMessage, @Ctx() ctx: Context): Promise<Conversation> {
    return (await ctx.loaders.get(conversationById).load(message.conversation.id))!;
  }

  @FieldResolver(() => Boolean, { description: 'Sent by your side (by you as the buyer, or by the shop when you are one of its members).' })
  async fromViewer(@Root() message: ChatMessage, @Ctx() ctx: Context): Promise<boolean> {
    const conversation = await ctx.loaders.get(conversationById).load(message.conversation.id);
    return conversation !== null && (await viewerSide(ctx, conversation)) === message.senderSide;
  }

  @FieldResolver(() => Order, { nullable: true, description: 'The order the message is about (show its `orderNumber`); null when none.' })
  async order(@Root() message: ChatMessage, @Ctx() ctx: Context): Promise<Order | null> {
    if (!message.order) return null;
    const order = await ctx.loaders.get(orderById).load(message.order.id);
    return order && (await canSeeOrder(ctx, order)) ? order : null;
  }

  @FieldResolver(() => Product, { nullable: true, description: 'The product the message is about (show its `title`); null when none or no longer visible to you.' })
  product(@Root() message: ChatMessage, @Ctx() ctx: Context): Promise<Product | null> {
    return message.product ? visibleProduct(ctx, message.product.id) : Promise.resolve(null);
  }
}
