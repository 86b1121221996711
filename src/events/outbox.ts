/**
 * Writing events. A service calls `recordEvent` on its own EntityManager before its single flush, so the event
 * commits with the change or not at all. Nothing else in a service publishes.
 */
import type { EntityManager } from '@mikro-orm/core';
import type { Clock } from '../shared/clock';
import { OutboxEvent } from './outbox-event.entity';
import type { EventMessage } from './topics';

export interface NewEvent {
  readonly topic: string;
  readonly type: string;
  readonly payload: Record<string, unknown>;
}

export function recordEvent(em: EntityManager, clock: Clock, event: NewEvent): OutboxEvent {
  const row = em.create(OutboxEvent, { ...event, createdAt: clock.now(), publishedAt: null });
  em.persist(row);
  return row;
}

export function toMessage(row: OutboxEvent): EventMessage {
  return {
    id: row.id,
    type: row.type,
    topic: row.topic,
    payload: row.payload,
    occurredAt: row.createdAt.toISOString(),
  };
}

/**
 * Reacts to committed events inside the relay's transaction (inbox notifications, counters).
 * Its writes commit together with the event being marked published, so each runs once per event.
 */
export interface EventHandler {
  /** Event types handled; `*` for all. */
  readonly types: readonly string[];
  handle(em: EntityManager, event: EventMessage): Promise<void>;
}
