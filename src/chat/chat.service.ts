/**
 * Chat: sending messages (with the shop's auto-reply), marking a conversation read, and listing conversations and
 * messages. Every message commits with a `CHAT_MESSAGE_SENT` outbox event on the conversation's topic, which the
 * relay publishes to `conversationMessageAdded`.
 */
import { LockMode, UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { requireViewerId } from '../accounts/account.service';
import { visibleProduct } from '../catalog/catalog-access';
import { orderById } from '../orders/orders.loaders';
import { recordEvent } from '../events/outbox';
import { Topic } from '../events/topics';
import type { Context } from '../shared/context';
import { rateLimited } from '../shared/errors';
import { decodeIdOf } from '../shared/ids';
import { updateRows } from '../shared/sql';
import { failWith } from '../shared/user-error';
import { InputChecker } from '../shared/validation';
import { viewerRoleIn, visibleShop } from '../shops/shop-access';
import type { Shop } from '../shops/shop.entity';
import { shopById } from '../shops/shops.loaders';
import { viewerSide, visibleConversation } from './chat-access';
import type { ChatErrorCode } from './chat.errors';
import type { MarkConversationReadInput, SendMessageInput } from './chat.inputs';
import { ChatMessage, ChatSide, Conversation } from './conversation.entity';

export const ChatEvent = {
  /** On `CONVERSATION:<id>`; payload `{ messageId, conversationId, buyerId, shopId, senderSide }`. */
  MESSAGE_SENT: 'CHAT_MESSAGE_SENT',
} as const;

export const chatRules = {
  /** Longest message body, in characters after trimming. */
  bodyMax: 1000,
  /** Messages one user may send per window, across all conversations and both sides. @default 20 */
  messagesPerWindow: 20,
  /** @default 60 // one minute */
  windowSeconds: 60,
  /**
   * The shop auto-replies to a buyer's message when it has sent nothing in the conversation for this long (or
   * never): so on the first message, and again after a day of silence. Auto-replies count as the shop's messages,
   * so a buyer writing several times gets one auto-reply. @default 24
   */
  autoReplyQuietHours: 24,
} as const;

const code = (c: ChatErrorCode) => c;

/** Where a message goes: an existing conversation, or a new one between the viewer and a shop. */
interface Target {
  readonly conversationId: number | null;
  readonly buyerId: number;
  readonly shop: Shop;
  readonly side: ChatSide;
}

export async function sendMessage(ctx: Context, input: SendMessageInput): Promise<{ message: ChatMessage; conversation: Conversation }> {
  const userId = requireViewerId(ctx);
  const check = new InputChecker();
  if ((input.shopId == null) === (input.conversationId == null)) {
    check.fail(null, 'INVALID_INPUT', 'Pass exactly one of `shopId` (to write to a shop) and `conversationId` (to continue a conversation).');
  }
  const body = check.text('body', input.body, 1, chatRules.bodyMax, 'Message');
  check.assert();

  const limit = await ctx.app.rateLimiter.hit(`chat:${userId}`, chatRules.messagesPerWindow, chatRules.windowSeconds);
  if (!limit.allowed) throw rateLimited(limit.retryAfterSeconds);

  const target = input.shopId != null ? await shopTarget(ctx, userId, input.shopId) : await conversationTarget(ctx, input.conversationId!);
  const orderId = input.orderId == null ? null : await referencedOrder(ctx, target, input.orderId);
  const productId = input.productId == null ? null : await referencedProduct(ctx, target, input.productId);

  const fields = { body, orderId, productId, senderId: userId };
  try {
    return await ctx.em.transactional((em) => writeMessage(ctx, em, target, fields));
  } catch (error) {
    // Another first message from this buyer to this shop created the conversation meanwhile: write into it.
    if (!(error instanceof UniqueConstraintViolationException) || target.conversationId !== null) throw error;
    const existing = await ctx.em.fork().findOneOrFail(Conversation, { buyer: target.buyerId, shop: target.shop.id });
    return ctx.em.transactional((em) => writeMessage(ctx, em, { ...target, conversationId: existing.id }, fields));
  }
}

/** A buyer writing to a shop: the shop must be visible (approved) and not one the buyer is a member of. */
async function shopTarget(ctx: Context, userId: number, shopGlobalId: string): Promise<Target> {
  const field = ['input', 'shopId'];
  const id = decodeIdOf('Shop', shopGlobalId);
  const shop = id === null ? null : await visibleShop(ctx, id);
  if (!shop) failWith('NOT_FOUND', 'No such shop.', field);
  if ((await viewerRoleIn(ctx, shop.id)) !== null) failWith(code('CANNOT_CHAT_WITH_OWN_SHOP'), 'You cannot chat with a shop you are a member of.', field);
  const existing = await ctx.em.findOne(Conversation, { buyer: userId, shop: shop.id }, { fields: ['id'] });
  return { conversationId: existing?.id ?? null, buyerId: userId, shop, side: ChatSide.BUYER };
}

/** Either side continuing a conversation; one the viewer is not part of reads as NOT_FOUND. */
async function conversationTarget(ctx: Context, conversationGlobalId: string): Promise<Target> {
  const conversation = await conversationFromInput(ctx, conversationGlobalId);
  const side = (await viewerSide(ctx, conversation))!;
  const shop = (await ctx.loaders.get(shopById).load(conversation.shop.id))!;
  return { conversationId: conversation.id, buyerId: conversation.buyer.id, shop, side };
}

async function conversationFromInput(ctx: Context, conversationGlobalId: string): Promise<Conversation> {
  const id = decodeIdOf('Conversation', conversationGlobalId);
  const conversation = id === null ? null : await visibleConversation(ctx, id);
  if (!conversation) failWith('NOT_FOUND', 'No such conversation.', ['input', 'conversationId']);
  return conversation;
}

async function referencedOrder(ctx: Context, target: Target, orderGlobalId: string): Promise<number> {
  const id = decodeIdOf('Order', orderGlobalId);
  const order = id === null ? null : await ctx.loaders.get(orderById).load(id);
  if (!order || order.buyer.id !== target.buyerId || order.shop.id !== target.shop.id) {
    failWith(code('ORDER_NOT_IN_CONVERSATION'), "The order must be this buyer's order from this shop.", ['input', 'orderId']);
  }
  return order.id;
}

async function referencedProduct(ctx: Context, target: Target, productGlobalId: string): Promise<number> {
  const id = decodeIdOf('Product', productGlobalId);
  const product = id === null ? null : await visibleProduct(ctx, id);
  if (!product || product.shop.id !== target.shop.id) {
    failWith(code('PRODUCT_NOT_IN_SHOP'), "The product must be one of this shop's products.", ['input', 'productId']);
  }
  return product.id;
}

interface MessageFields {
  readonly body: string;
  readonly orderId: number | null;
  readonly productId: number | null;
  readonly senderId: number;
}

/**
 * One transaction: the conversation (created, or locked so that its messages are numbered and its auto-reply
 * decided one at a time), the message, the auto-reply when due, the conversation's latest-message and read
 * columns, and one outbox event per message.
 */
async function writeMessage(ctx: Context, em: EntityManager, target: Target, fields: MessageFields) {
  const now = ctx.clock.now();
  let conversation: Conversation;
  if (target.conversationId === null) {
    conversation = em.create(Conversation, { buyer: target.buyerId, shop: target.shop.id, lastMessageAt: now, createdAt: now });
    await em.flush(); // the unique (buyer, shop) index refuses a concurrent twin here
  } else {
    await (em as SqlEntityManager).createQueryBuilder(Conversation).select('id').where({ id: target.conversationId }).setLockMode(LockMode.PESSIMISTIC_WRITE).execute();
    conversation = await em.findOneOrFail(Conversation, target.conversationId, { refresh: true });
  }
  const message = em.create(ChatMessage, {
    conversation,
    senderSide: target.side,
    sender: fields.senderId,
    body: fields.body,
    order: fields.orderId,
    product: fields.productId,
    createdAt: now,
  });
  const sent = [message];
  const autoReply = target.side === ChatSide.BUYER ? dueAutoReply(target.shop, conversation, now) : null;
  if (autoReply) {
    sent.push(em.create(ChatMessage, { conversation, senderSide: ChatSide.SHOP, body: autoReply, isAutoReply: true, createdAt: now }));
  }
  await em.flush();

  conversation.lastMessageAt = now;
  conversation.lastMessageId = sent.at(-1)!.id;
  if (target.side === ChatSide.SHOP || autoReply) conversation.shopLastMessageAt = now;
  // Writing is reading: the sender's side has read everything up to its own message.
  if (target.side === ChatSide.BUYER) conversation.buyerReadUpTo = message.id;
  else conversation.shopReadUpTo = message.id;
  for (const each of sent) {
    recordEvent(em, ctx.clock, {
      topic: Topic.conversation(conversation.id),
      type: ChatEvent.MESSAGE_SENT,
      payload: { messageId: each.id, conversationId: conversation.id, buyerId: target.buyerId, shopId: target.shop.id, senderSide: each.senderSide },
    });
  }
  await em.flush();
  return { message, conversation };
}

/** The shop's auto-reply text when it is set and the shop has been quiet for {@link chatRules.autoReplyQuietHours}. */
function dueAutoReply(shop: Shop, conversation: Conversation, now: Date): string | null {
  const text = shop.chatAutoReply?.trim();
  if (!text) return null;
  const quietSince = now.getTime() - chatRules.autoReplyQuietHours * 3_600_000;
  return conversation.shopLastMessageAt === null || conversation.shopLastMessageAt.getTime() <= quietSince ? text : null;
}

/** Marks every message in the conversation read for the viewer's side (one UPDATE; the mark only moves forward). */
export async function markConversationRead(ctx: Context, input: MarkConversationReadInput): Promise<{ conversation: Conversation }> {
  requireViewerId(ctx);
  const conversation = await conversationFromInput(ctx, input.conversationId);
  const column = (await viewerSide(ctx, conversation)) === ChatSide.BUYER ? 'buyer_read_up_to' : 'shop_read_up_to';
  await updateRows(
    ctx.em,
    `update conversation set ${column} = last_message_id where id = ? and last_message_id is not null and ${column} < last_message_id`,
    [conversation.id],
  );
  return { conversation: await ctx.em.refresh(conversation) ?? conversation };
}
