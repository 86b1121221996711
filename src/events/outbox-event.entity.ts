import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A committed fact, written in the same transaction as the change it describes (DESIGN §2).
 * The relay publishes it after commit; its id is the cursor clients resume from.
 */
@Entity({ tableName: 'outbox_event' })
@Index({ properties: ['publishedAt', 'id'] })
@Index({ properties: ['topic', 'id'] })
export class OutboxEvent {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  /** Scoped topic, e.g. `USER:12` (see topics.ts). */
  @Property({ length: 64 })
  topic!: string;

  /** Event type, e.g. `ACCOUNT_UPDATED`. */
  @Property({ length: 64 })
  type!: string;

  /** JSON-safe payload: ids, ISO dates, minor units. */
  @Property({ type: 'json' })
  payload!: Record<string, unknown>;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  /** Set by the relay once handlers ran and the event was published; null while pending. */
  @Property({ type: 'datetime', nullable: true })
  publishedAt?: Date | null = null;
}
