/** Who may read a conversation: its buyer and the members of its shop (nobody else, admins included). */
import type { Context } from '../shared/context';
import { viewerUserId } from '../shared/viewer';
import { viewerRoleIn } from '../shops/shop-access';
import { ChatSide, type ChatMessage, type Conversation } from './conversation.entity';
import { chatMessageById, conversationById } from './chat.loaders';

/** The viewer's side of a conversation, or null when the viewer is not a participant. */
export async function viewerSide(ctx: Context, conversation: Conversation): Promise<ChatSide | null> {
  const userId = viewerUserId(ctx.viewer);
  if (userId === null) return null;
  if (conversation.buyer.id === userId) return ChatSide.BUYER;
  return (await viewerRoleIn(ctx, conversation.shop.id)) !== null ? ChatSide.SHOP : null;
}

/** A conversation the viewer takes part in, or null (for `node(id)` and every input naming one). */
export async function visibleConversation(ctx: Context, id: number): Promise<Conversation | null> {
  const conversation = await ctx.loaders.get(conversationById).load(id);
  return conversation && (await viewerSide(ctx, conversation)) !== null ? conversation : null;
}

/** A message of a conversation the viewer takes part in, or null. */
export async function visibleMessage(ctx: Context, id: number): Promise<ChatMessage | null> {
  const message = await ctx.loaders.get(chatMessageById).load(id);
  return message && (await visibleConversation(ctx, message.conversation.id)) ? message : null;
}
