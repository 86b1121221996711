import { Field, ID, InputType } from 'type-graphql';

@InputType({
  description:
    'A chat message. Name exactly one of `shopId` (a buyer writing to a shop: starts the conversation or continues it) and `conversationId` (either side continuing a conversation: how shop members reply).',
})
export class SendMessageInput {
  @Field(() => ID, { nullable: true, description: 'The shop to write to, as a buyer. Leave out when passing `conversationId`.' })
  shopId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The conversation to write in (buyer or shop member). Leave out when passing `shopId`.' })
  conversationId?: string | null;

  @Field({ description: 'The text, plain text (never HTML), 1–1,000 characters after trimming.' })
  body!: string;

  @Field(() => ID, { nullable: true, description: "An order the message is about: one of the conversation's buyer's orders from its shop." })
  orderId?: string | null;

  @Field(() => ID, { nullable: true, description: "A product the message is about: one of the conversation's shop's products." })
  productId?: string | null;
}

@InputType({ description: 'A conversation to mark read for your side.' })
export class MarkConversationReadInput {
  @Field(() => ID, { description: 'The conversation; you must be its buyer or a member of its shop.' })
  conversationId!: string;
}
