/**
 * Writing events. A service calls `recordEvent` on its own EntityManager before its single flush, so the event
 * commits with the change or not at all. Nothing else in a service publishes.
 */
import type { EntityManager, RequiredEntityData } from '@mikro-orm/core';
import type { Clock } from '../shared/clock';
import type { EntityView } from '../shared/views';
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

/** An event row as an entity or a plain row (`selectViews`): what messages are made of. */
export type OutboxEventData = Pick<EntityView<OutboxEvent>, 'id' | 'type' | 'topic' | 'payload' | 'createdAt' | 'position' | 'previousPosition'>;

/** The handlers' view of an event, before the relay gives it a position. */
export function toOutboxMessage(row: Omit<OutboxEventData, 'position' | 'previousPosition'>): OutboxMessage {
  return { id: row.id, type: row.type, topic: row.topic, payload: row.payload, occurredAt: row.createdAt.toISOString() };
}

/** The published form of a delivered event (its position set). */
export function toMessage(row: OutboxEventData): EventMessage {
  if (row.position == null) throw new Error(`outbox event ${row.id} has no position yet`);
  return { ...toOutboxMessage(row), position: row.position, previous: row.previousPosition ?? null };
}

/**
 * Reacts to committed events inside the relay's transaction (inbox notifications, counters), before the event is
 * marked delivered. Its writes commit together with that mark, and only the relay holding the event's row lock
 * runs it, so its effects commit exactly once per event id; a failed pass rolls them back and runs them again.
 * A handler may record new events (they are delivered by a later pass).
 *
 * The relay runs the handlers one after another over all the events of a pass: each handler gets the pass's events
 * of its types in id order (so per topic in write order), through `handleAll` when it has one, otherwise one `handle`
 * call per event. The events a handler records therefore keep the order of the events that caused them; two
 * handlers recording on one topic would see their events grouped by handler.
 */
export interface EventHandler {
  /** Event types handled; `*` for all. */
  readonly types: readonly string[];
  handle(em: EntityManager, event: OutboxMessage): Promise<void>;
  /**
   * Handles `events` (all of this handler's events of one relay pass, in id order) with the same effects as calling
   * `handle` on each in turn, but reading and writing for the batch at once.
   */
  handleAll?(em: EntityManager, events: readonly OutboxMessage[]): Promise<void>;
}

/** Whether `handler` handles events of `type`. */
export function handles(handler: EventHandler, type: string): boolean {
  return handler.types.includes('*') || handler.types.includes(type);
}
