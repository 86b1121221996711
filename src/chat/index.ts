/** Buyer–shop chat: conversations, messages, read state, auto-reply and the live message subscription. */
import type { NodeFetcher } from '../shared/context';
import { visibleConversation, visibleMessage } from './chat-access';
import { chatErrorCodes } from './chat.errors';
import { ShopChatResolver, ViewerChatResolver } from './chat.fields.resolver';
import { ChatMessageResolver, ConversationResolver } from './chat.resolver';
import { ChatMessage, Conversation } from './conversation.entity';

export const chatEntities = [Conversation, ChatMessage];
export const chatResolvers = [ConversationResolver, ChatMessageResolver, ViewerChatResolver, ShopChatResolver] as const;
export const chatErrors = chatErrorCodes;
export const chatNodes: NodeFetcher[] = [
  { typeName: 'Conversation', fetch: (ctx, id) => visibleConversation(ctx, id) },
  { typeName: 'ChatMessage', fetch: (ctx, id) => visibleMessage(ctx, id) },
];
