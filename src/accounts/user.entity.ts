import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../shared/node';
import { Role } from '../shared/viewer';

@ObjectType({ implements: Node, description: 'A person with a Kedai Live account.' })
@Entity({ tableName: 'app_user' })
export class User extends Node {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Field({ description: 'Display name, e.g. "Siti Rahma".' })
  @Property({ length: 80 })
  name!: string;

  @Field({ description: 'Email address as the user typed it. Only the user and admins can read it.' })
  @Property({ length: 254 })
  email!: string;

  /** Lower-cased email: uniqueness is case-insensitive. */
  @Unique()
  @Property({ length: 254 })
  emailKey!: string;

  /** scrypt hash; never leaves the service. */
  @Property({ length: 200, lazy: true })
  passwordHash!: string;

  @Field(() => [Role], { description: 'What this user may do. Every account is a BUYER.' })
  @Property({ type: 'json' })
  roles: Role[] = [Role.BUYER];

  @Field({ description: 'When the account was created.' })
  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  updatedAt!: Date;
}
