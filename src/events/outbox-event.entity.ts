import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/**
 * A committed fact, written in the same transaction as the change it describes (DESIGN §2).
 * The relay delivers it after commit: runs the handlers, gives it its `position` and publishes it.
 */
@Entity({ tableName: 'outbox_event' })
@Index({ properties: ['publishedAt', 'id'] })
@Index({ properties: ['topic', 'position'] })
export class OutboxEvent {
  /** Write order; the handlers' idempotency key. Ids may commit out of order, so clients never see them. */
  @PrimaryKey({ autoincrement: true })
  id!: number;

  /** Scoped topic, e.g. `USER:12` (see topics.ts). */
  @Property({ type: 'string', length: 64 })
  topic!: string;

  /** Event type, e.g. `ACCOUNT_UPDATED`. */
  @Property({ type: 'string', length: 64 })
  type!: string;

  /** JSON-safe payload: ids, ISO dates, minor units. */
  @Property({ type: 'json' })
  payload!: Record<string, unknown>;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  /**
   * Set by the relay when it delivered the event (handlers ran, position given); null while pending. The relay
   * publishes right after that commit. Retention counts from here.
   */
  @Property({ type: 'datetime', nullable: true })
  publishedAt?: Date | null = null;

  /**
   * Delivery order, assigned by the relay in commit order (see outbox-relay.ts): within a topic, an event with a
   * higher position committed later. Subscription cursors encode it. Null while pending.
   */
  @Unique()
  @Property({ type: 'bigint', runtimeType: 'number', nullable: true })
  position?: number | null = null;

  /** Position of the previous delivered event of the same topic (null for the first): lets a subscriber see a gap. */
  @Property({ type: 'bigint', runtimeType: 'number', nullable: true })
  previousPosition?: number | null = null;
}
