/**
 * `conversationMessageAdded(conversationId, after)`: the conversation's CHAT_MESSAGE_SENT events, published by the
 * outbox relay after their transaction committed (so it works across instances), resumable from a cursor with no
 * gap and no duplicate (src/events/subscribe.ts). Only participants may subscribe, and every event is checked
 * again: a shop member removed from the shop gets FORBIDDEN and the subscription ends.
 */
import { decodeEventCursor, encodeEventCursor } from '../events/cursor';
import { subscribeToTopic } from '../events/subscribe';
import { Topic, type EventMessage } from '../events/topics';
import type { Context } from '../shared/context';
import { forbidden, notFound } from '../shared/errors';
import { decodeIdOf } from '../shared/ids';
import { visibleConversation } from './chat-access';
import { chatMessageById } from './chat.loaders';
import type { ConversationMessageEvent } from './chat.payloads';
import { ChatEvent } from './chat.service';

export interface ConversationMessageAddedArgs {
  readonly conversationId: string;
  readonly after?: string | null;
}

export async function subscribeToConversation(ctx: Context, args: ConversationMessageAddedArgs) {
  const after = args.after == null ? null : decodeEventCursor(args.after);
  const id = decodeIdOf('Conversation', args.conversationId);
  const conversation = id === null ? null : await visibleConversation(ctx, id);
  if (!conversation) throw notFound('The conversation');
  return subscribeToTopic(ctx, {
    topic: Topic.conversation(conversation.id),
    after,
    filter: (message) => message.type === ChatEvent.MESSAGE_SENT,
    authorize: async (eventCtx, event) => {
      if (!(await visibleConversation(eventCtx, conversation.id))) throw forbidden('You may no longer read this conversation.');
      // A message removed since its event was written is skipped (the loader keeps it for `toMessageEvent`).
      if (await eventCtx.loaders.get(chatMessageById).load(messageIdOf(event))) return true;
      eventCtx.logger.debug({ conversationId: conversation.id, messageId: event.payload['messageId'], position: event.position }, 'chat event of a message that is gone: skipped');
      return false;
    },
  });
}

const messageIdOf = (event: EventMessage) => Number(event.payload['messageId']);

/** The pushed event: its cursor and the message, through this event's loaders (`authorize` skipped it if the message is gone). */
export async function toMessageEvent(ctx: Context, event: EventMessage): Promise<ConversationMessageEvent> {
  const message = await ctx.loaders.get(chatMessageById).load(messageIdOf(event));
  if (!message) throw new Error(`chat message ${String(event.payload['messageId'])} of an event is gone`);
  return { cursor: encodeEventCursor(event.position), message };
}
