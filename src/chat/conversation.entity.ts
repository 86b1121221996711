import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { User } from '../accounts/user.entity';
import { Product } from '../catalog/product.entity';
import { Order } from '../orders/order.entity';
import { Node } from '../shared/node';
import { Shop } from '../shops/shop.entity';

/** The two sides of a conversation: the buyer, and the shop (all of its members speak and read as the shop). */
export enum ChatSide {
  BUYER = 'BUYER',
  SHOP = 'SHOP',
}
registerEnumType(ChatSide, {
  name: 'ChatSide',
  description: 'A side of a buyer–shop conversation.',
  valuesConfig: {
    BUYER: { description: 'The buyer who started the conversation.' },
    SHOP: { description: "The shop: any of its members, or the shop's auto-reply." },
  },
});

/**
 * The chat between one buyer and one shop (one per pair). Read state is kept per side as the id of the last
 * message that side has read: unread counts are counted from the messages, so they can never drift.
 */
@ObjectType({ implements: Node, description: 'The chat between one buyer and one shop. Only the buyer and the shop\'s members can read it.' })
@Entity()
@Unique({ properties: ['buyer', 'shop'] })
@Index({ properties: ['buyer', 'lastMessageAt', 'id'] })
@Index({ properties: ['shop', 'lastMessageAt', 'id'] })
export class Conversation extends Node {
  [OptionalProps]?: 'lastMessageId' | 'buyerReadUpTo' | 'shopReadUpTo' | 'shopLastMessageAt';

  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  buyer!: Ref<User>;

  @ManyToOne(() => Shop, { ref: true, deleteRule: 'cascade' })
  shop!: Ref<Shop>;

  @Field(() => Date, { description: 'When the latest message was sent: conversation lists are sorted by it, newest first.' })
  @Property({ type: 'datetime' })
  lastMessageAt!: Date;

  /** The latest message (set under the conversation's row lock, so it is always the highest id). */
  @Property({ type: 'integer', nullable: true })
  lastMessageId: number | null = null;

  /** Id of the last message the buyer has read; the shop's messages above it are unread for the buyer. */
  @Property({ type: 'integer' })
  buyerReadUpTo: number = 0;

  /** Id of the last message the shop has read; the buyer's messages above it are unread for the shop. */
  @Property({ type: 'integer' })
  shopReadUpTo: number = 0;

  /** When the shop last sent a message here (auto-replies included): decides whether the auto-reply is due. */
  @Property({ type: 'datetime', nullable: true })
  shopLastMessageAt: Date | null = null;

  @Field(() => Date, { description: 'When the buyer first wrote to the shop.' })
  @Property({ type: 'datetime' })
  createdAt!: Date;
}

/**
 * One message. The body is plain text, stored and returned exactly as sent (trimmed): no HTML is processed or
 * stripped, so clients must escape it when they render it.
 */
@ObjectType({
  implements: Node,
  description: 'One chat message. `body` is plain text returned as sent: escape it when you render it (it is never HTML).',
})
@Entity()
@Index({ properties: ['conversation', 'id'] })
export class ChatMessage extends Node {
  [OptionalProps]?: 'sender' | 'order' | 'product' | 'isAutoReply';

  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => Conversation, { ref: true, deleteRule: 'cascade' })
  conversation!: Ref<Conversation>;

  @Field(() => ChatSide, { description: 'Which side sent it.' })
  @Property({ type: 'string', length: 8 })
  senderSide!: ChatSide;

  /** The user who wrote it; null for an auto-reply. Not exposed: shop members speak as the shop. */
  @ManyToOne(() => User, { ref: true, nullable: true, deleteRule: 'set null' })
  sender: Ref<User> | null = null;

  @Field({ description: 'The text, 1–1,000 characters, plain text as sent (trimmed). Never HTML: escape it when rendering.' })
  @Property({ type: 'text' })
  body!: string;

  /** The order the message is about (the buyer's order from this shop). */
  @ManyToOne(() => Order, { ref: true, nullable: true, deleteRule: 'set null' })
  order: Ref<Order> | null = null;

  /** The product the message is about (one of this shop's). */
  @ManyToOne(() => Product, { ref: true, nullable: true, deleteRule: 'set null' })
  product: Ref<Product> | null = null;

  @Field({ description: "Sent automatically by the shop's auto-reply setting, not by a person." })
  @Property({ type: 'boolean' })
  isAutoReply: boolean = false;

  @Field(() => Date, { description: 'When it was sent.' })
  @Property({ type: 'datetime' })
  createdAt!: Date;
}
