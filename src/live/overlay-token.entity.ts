import { Entity, Index, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { toGlobalId } from '../shared/ids';
import { User } from '../accounts/user.entity';
import { LiveStream } from './live-stream.entity';

/**
 * A read-only credential for a stream's overlay (an OBS browser source): it may follow that stream's public events
 * and read its public data, nothing else. Only a SHA-256 of the secret is stored; the plaintext is shown once.
 */
@ObjectType({ description: "A read-only token for one live stream's overlay page. Its secret is shown once, when created; only members of the shop see the list." })
@Entity()
@Index({ properties: ['liveStream', 'id'] })
export class OverlayToken {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  /** A method, not a getter, so the ORM does not take it for a column. */
  @Field(() => ID, { name: 'id', description: 'Opaque global ID of this token (pass it to `revokeOverlayToken`).' })
  globalId(): string {
    return toGlobalId('OverlayToken', this.id);
  }

  @ManyToOne(() => LiveStream, { ref: true, deleteRule: 'cascade' })
  liveStream!: Ref<LiveStream>;

  /** Hex SHA-256 of the plaintext token: a leaked database does not leak working tokens. */
  @Property({ type: 'string', length: 64, unique: true })
  tokenHash!: string;

  @Field(() => String, { nullable: true, description: 'What the shop called it (e.g. "OBS studio PC"); null when unnamed.' })
  @Property({ type: 'string', length: 60, nullable: true })
  label?: string | null = null;

  @ManyToOne(() => User, { ref: true })
  createdBy!: Ref<User>;

  @Field({ description: 'When it was created.' })
  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was revoked (it no longer works); null while it works.' })
  @Property({ type: 'datetime', nullable: true })
  revokedAt?: Date | null = null;
}
