/**
 * Chat loaders: conversations and messages by id, unread counts of both sides with one grouped statement, and the
 * first page of many conversations' messages with one windowed statement (`row_number()` per conversation, SQLite ≥
 * 3.25 and PostgreSQL), so a conversation list with `messages(first: n)` costs the same for 5 rows as for 50.
 */
import DataLoader from 'dataloader';
import { byKeys, countByKeys, defineLoader, groupByKeys } from '../shared/loaders';
import { selectRows } from '../shared/sql';
import { ChatMessage, ChatSide, Conversation } from './conversation.entity';

export const conversationById = defineLoader(
  'conversationById',
  (em) =>
    new DataLoader<number, Conversation | null>(async (ids) => byKeys(ids, await em.find(Conversation, { id: { $in: [...ids] } }), (c) => c.id)),
);

export const chatMessageById = defineLoader(
  'chatMessageById',
  (em) => new DataLoader<number, ChatMessage | null>(async (ids) => byKeys(ids, await em.find(ChatMessage, { id: { $in: [...ids] } }), (m) => m.id)),
);

/** Unread messages of a conversation for each side: the other side's messages above that side's read mark. */
export interface UnreadCounts {
  readonly buyer: number;
  readonly shop: number;
}

export const unreadByConversation = defineLoader(
  'unreadByConversation',
  (em) =>
    new DataLoader<number, UnreadCounts>(async (ids) => {
      const placeholders = ids.map(() => '?').join(', ');
      const rows = await selectRows(
        em,
        `select c.id as k,
           sum(case when m.sender_side = ? and m.id > c.buyer_read_up_to then 1 else 0 end) as b,
           sum(case when m.sender_side = ? and m.id > c.shop_read_up_to then 1 else 0 end) as s
         from conversation c join chat_message m on m.conversation_id = c.id
         where c.id in (${placeholders})
           and m.id > (case when c.buyer_read_up_to < c.shop_read_up_to then c.buyer_read_up_to else c.shop_read_up_to end)
         group by c.id`,
        [ChatSide.SHOP, ChatSide.BUYER, ...ids],
      );
      const counts = new Map(rows.map((r) => [Number(r['k']), { buyer: Number(r['b'] ?? 0), shop: Number(r['s'] ?? 0) }]));
      return ids.map((id) => counts.get(id) ?? { buyer: 0, shop: 0 });
    }),
);

/** How many messages each conversation has. */
export const messageCountByConversation = defineLoader(
  'messageCountByConversation',
  (em) => new DataLoader<number, number>((ids) => countByKeys(em, 'chat_message', 'conversation_id', ids)),
);

/** The first page of a conversation's messages, newest first: up to `size` messages and whether more follow. */
export interface MessagePage {
  readonly messages: ChatMessage[];
  readonly hasNextPage: boolean;
}

/** The key of a first page: conversation id and page size. */
export const messagePageKey = (conversationId: number, size: number) => `${conversationId}:${size}`;

/** First pages keyed by {@link messagePageKey}: one statement for every conversation asked for, whatever the sizes. */
export const firstMessagePage = defineLoader(
  'firstMessagePage',
  (em) =>
    new DataLoader<string, MessagePage>(async (keys) => {
      const requests = keys.map((key) => {
        const [conversationId, size] = key.split(':').map(Number) as [number, number];
        return { conversationId, size };
      });
      const ids = [...new Set(requests.map((r) => r.conversationId))];
      const limit = Math.max(...requests.map((r) => r.size)) + 1;
      const rows = await selectRows(
        em,
        `select * from (select m.*, row_number() over (partition by m.conversation_id order by m.id desc) as page_rank
           from chat_message m where m.conversation_id in (${ids.map(() => '?').join(', ')})) ranked
         where page_rank <= ? order by conversation_id, page_rank`,
        [...ids, limit],
      );
      const grouped = groupByKeys(ids, rows, (row) => Number(row['conversation_id']));
      const messagesOf = new Map(
        ids.map((id, i) => [
          id,
          grouped[i]!.map((row) => {
            const { page_rank: _rank, ...columns } = row;
            return em.map(ChatMessage, columns);
          }),
        ]),
      );
      return requests.map(({ conversationId, size }) => {
        const messages = messagesOf.get(conversationId)!;
        return { messages: messages.slice(0, size), hasNextPage: messages.length > size };
      });
    }),
);
