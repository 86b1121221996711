/**
 * Writing events. A service calls `recordEvent` on its own EntityManager before its single flush, so the event
 * commits with the change or not at all. Nothing else in a service publishes.
 */
import type { EntityManager, RequiredEntityData } from '@mikro-orm/core';
import type { Clock } from '../shared/clock';
import { OutboxEvent } from './outbox-event.entity';
import type { EventMessage, OutboxMessage } from './topics';

export interface NewEvent {
  readonly topic: string;
  readonly type: string;
  readonly payload: Record<string, unknown>;
}

export function recordEvent(em: EntityManager, clock: Clock, event: NewEvent): OutboxEvent {
  const row = em.create(OutboxEvent, newEvent(clock, event), { persist: false });
  em.persist(row);
  return row;
}

/**
 * An event row's data, for `recordEvent` or for a statement that writes it with others (`insertRowsStatement`); that
 * write must also call `nudgeRelayOnCommit`.
 */
export function newEvent(clock: Clock, event: NewEvent): RequiredEntityData<OutboxEvent> {
  return { ...event, createdAt: clock.now(), publishedAt: null };
}

/** The handlers' view of an event, before the relay gives it a position. */
export function toOutboxMessage(row: OutboxEvent): OutboxMessage {
  return { id: row.id, type: row.type, topic: row.topic, payload: row.payload, occurredAt: row.createdAt.toISOString() };
}

/** The published form of a delivered event (its position set). */
export function toMessage(row: OutboxEvent): EventMessage {
  if (row.position == null) throw new Error(`outbox event ${row.id} has no position yet`);
  return { ...toOutboxMessage(row), position: row.position, previous: row.previousPosition ?? null };
}

/**
 * Reacts to committed events inside the relay's transaction (inbox notifications, counters), before the event is
 * marked delivered. Its writes commit together with that mark, and only the relay holding the event's row lock
 * runs it, so its effects commit exactly once per event id; a failed pass rolls them back and runs them again.
 * A handler may record new events (they are delivered by a later pass).
 */
export interface EventHandler {
  /** Event types handled; `*` for all. */
  readonly types: readonly string[];
  handle(em: EntityManager, event: OutboxMessage): Promise<void>;
}
