/**
 * The delivered outbox read as one log per topic, ordered by position: what subscriptions replay after a cursor
 * and what they read to fill a gap in their live stream. Delivered events are kept `OUTBOX_RETENTION_DAYS`.
 */
import type { EntityManager } from '@mikro-orm/core';
import { badUserInput, cursorExpired } from '../shared/errors';
import { selectRows } from '../shared/sql';
import { toMessage } from './outbox';
import { OutboxEvent } from './outbox-event.entity';
import type { EventMessage } from './topics';

/** Position of the topic's latest delivered event; 0 when it has none. */
export async function topicHead(em: EntityManager, topic: string): Promise<number> {
  const [row] = await selectRows(em, 'select max(position) as head from outbox_event where topic = ?', [topic]);
  return Number(row?.['head'] ?? 0);
}

/** Delivered events of `topic` positioned after `after` (and before `before`, when given), oldest first. */
export async function readTopic(em: EntityManager, topic: string, after: number, before: number | null, limit: number): Promise<EventMessage[]> {
  const position = before === null ? { $gt: after } : { $gt: after, $lt: before };
  const rows = await em.find(OutboxEvent, { topic, position }, { orderBy: { position: 'ASC' }, limit });
  return rows.map(toMessage);
}

/**
 * Checks that everything after `position` is still retained. Positions are contiguous and retention deletes a
 * prefix of them (see outbox-retention.ts), so that holds exactly when `position` ≥ oldest retained − 1.
 * A position beyond the newest delivered event was never handed out: BAD_USER_INPUT.
 */
export async function assertResumable(em: EntityManager, position: number): Promise<void> {
  const [row] = await selectRows(
    em,
    'select (select min(position) from outbox_event) as oldest, (select max(position) from outbox_event) as newest',
    [],
  );
  const newest = row?.['newest'] == null ? 0 : Number(row['newest']);
  if (position > newest) throw badUserInput('Unknown cursor; pass a `cursor` received from this subscription.', 'after');
  if (position < Number(row!['oldest']) - 1) throw cursorExpired();
}
