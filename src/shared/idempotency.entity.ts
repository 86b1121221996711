import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/**
 * The first result of an idempotent mutation, keyed by (scope, key). Written in the same transaction as the
 * mutation's effect, so a retry either finds the committed result or waits for it on the unique index.
 */
@Entity({ tableName: 'idempotency_record' })
@Unique({ properties: ['scope', 'key'] })
export class IdempotencyRecord {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  /** `<operation>:<user id>`: keys are per caller and per operation. */
  @Property({ type: 'string', length: 100 })
  scope!: string;

  @Property({ type: 'string', length: 100 })
  key!: string;

  /** SHA-256 of the input, to tell a retry from a reuse of the key with other input. */
  @Property({ type: 'string', length: 64 })
  requestHash!: string;

  @Property({ type: 'json', nullable: true })
  result?: unknown = null;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}
