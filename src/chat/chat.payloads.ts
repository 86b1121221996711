import { Field, ObjectType } from 'type-graphql';
import { Connection } from '../shared/pagination';
import { UserError } from '../shared/user-error';
import { ChatMessage, Conversation } from './conversation.entity';

@ObjectType({ description: 'Result of `sendMessage`.' })
export class SendMessagePayload {
  @Field(() => ChatMessage, { nullable: true, description: 'The message sent; null when it failed.' })
  message!: ChatMessage | null;

  @Field(() => Conversation, { nullable: true, description: 'The conversation it was sent in (new for a first message); null when it failed.' })
  conversation!: Conversation | null;

  @Field(() => [UserError], { description: 'Why it failed; empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of `markConversationRead`.' })
export class MarkConversationReadPayload {
  @Field(() => Conversation, { nullable: true, description: 'The conversation, now with no unread messages for your side; null when it failed.' })
  conversation!: Conversation | null;

  @Field(() => [UserError], { description: 'Why it failed; empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({
  description:
    'A message pushed by `conversationMessageAdded`. Keep the last `cursor` you received and pass it as `after` when you subscribe again: you get every message you missed, once, then live ones.',
})
export class ConversationMessageEvent {
  @Field({ description: 'Opaque position of this event. Pass it as `after` to resume right after it.' })
  cursor!: string;

  @Field(() => ChatMessage, { description: 'The message.' })
  message!: ChatMessage;
}

@ObjectType({ description: 'A page of conversations.' })
export class ConversationConnection extends Connection(Conversation) {}

@ObjectType({ description: 'A page of chat messages.' })
export class ChatMessageConnection extends Connection(ChatMessage) {}
