/** Reading chats: conversation lists per side, a conversation's messages, and unread counts. */
import type { Context } from '../shared/context';
import { badUserInput, forbidden } from '../shared/errors';
import { connectionOf, decodeCursor, encodeCursor, paginate, pageWindow, type ConnectionArgs, type ConnectionResult } from '../shared/pagination';
import { selectRows } from '../shared/sql';
import { viewerUserId } from '../shared/viewer';
import { viewerRoleIn } from '../shops/shop-access';
import { viewerSide } from './chat-access';
import { conversationById, firstMessagePage, messageCountByConversation, messagePageKey, unreadByConversation } from './chat.loaders';
import { ChatMessage, ChatSide, Conversation } from './conversation.entity';

const newestActivityFirst = { sortField: 'lastMessageAt', direction: 'DESC' } as const;

/** The user's conversations as a buyer, newest activity first. Only the user may read them. */
export function buyerConversations(ctx: Context, userId: number, args: ConnectionArgs): Promise<ConnectionResult<Conversation>> {
  if (viewerUserId(ctx.viewer) !== userId) throw forbidden('Only the account owner can read its chats.');
  return primed(ctx, paginate(ctx.em, Conversation, { buyer: userId }, args, newestActivityFirst));
}

/** A shop's conversations with its buyers, newest activity first. Members only. */
export async function shopConversations(ctx: Context, shopId: number, args: ConnectionArgs): Promise<ConnectionResult<Conversation>> {
  await assertMember(ctx, shopId);
  return primed(ctx, paginate(ctx.em, Conversation, { shop: shopId }, args, newestActivityFirst));
}

/** Puts a page's conversations in the request's loader, so their messages' `conversation` fields cost nothing. */
async function primed(ctx: Context, page: Promise<ConnectionResult<Conversation>>): Promise<ConnectionResult<Conversation>> {
  const result = await page;
  const loader = ctx.loaders.get(conversationById);
  for (const { node } of result.edges) loader.prime(node.id, node);
  return result;
}

async function assertMember(ctx: Context, shopId: number): Promise<void> {
  if ((await viewerRoleIn(ctx, shopId)) === null) throw forbidden("Only the shop's members can read its chats.");
}

/**
 * A conversation's messages, newest first. A first page (`first`, no cursor) goes through a batched loader, so a
 * list of conversations with their latest messages costs one statement; other pages use {@link paginate}, one query
 * per conversation. Cursors are paginate's either way (keyset on id).
 */
export async function conversationMessages(ctx: Context, conversation: Conversation, args: ConnectionArgs): Promise<ConnectionResult<ChatMessage>> {
  const { size, backward } = pageWindow(args);
  if (backward || args.before != null || args.after != null) {
    if (args.after != null && typeof decodeCursor(args.after, 'after').value !== 'number') throw badUserInput('`after` is not a cursor from this list.', 'after');
    return paginate(ctx.em, ChatMessage, { conversation: conversation.id }, args, { direction: 'DESC' });
  }
  const page = size === 0 ? { messages: [], hasNextPage: false } : await ctx.loaders.get(firstMessagePage).load(messagePageKey(conversation.id, size));
  return connectionOf(page.messages, (node) => encodeCursor(node.id, node.id), { hasNextPage: page.hasNextPage, hasPreviousPage: false }, () =>
    ctx.loaders.get(messageCountByConversation).load(conversation.id),
  );
}

/** Unread messages for the viewer's side (0 for a non-participant, who never gets here through the API). */
export async function unreadCount(ctx: Context, conversation: Conversation): Promise<number> {
  const side = await viewerSide(ctx, conversation);
  if (side === null) return 0;
  const counts = await ctx.loaders.get(unreadByConversation).load(conversation.id);
  return side === ChatSide.BUYER ? counts.buyer : counts.shop;
}

/** Unread messages across all the user's conversations as a buyer (the chat badge). */
export async function buyerUnreadTotal(ctx: Context, userId: number): Promise<number> {
  if (viewerUserId(ctx.viewer) !== userId) throw forbidden('Only the account owner can read its chats.');
  return unreadTotal(ctx, 'c.buyer_id = ? and m.sender_side = ? and m.id > c.buyer_read_up_to', [userId, ChatSide.SHOP]);
}

/** Unread buyer messages across all the shop's conversations. Members only. */
export async function shopUnreadTotal(ctx: Context, shopId: number): Promise<number> {
  await assertMember(ctx, shopId);
  return unreadTotal(ctx, 'c.shop_id = ? and m.sender_side = ? and m.id > c.shop_read_up_to', [shopId, ChatSide.BUYER]);
}

async function unreadTotal(ctx: Context, where: string, params: unknown[]): Promise<number> {
  const [row] = await selectRows(ctx.em, `select count(*) as n from conversation c join chat_message m on m.conversation_id = c.id where ${where}`, params);
  return Number(row?.['n'] ?? 0);
}
