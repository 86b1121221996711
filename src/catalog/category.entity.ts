import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { Node } from '../shared/node';

/** A node of the category tree ("Fashion Muslim › Gamis"). `path` holds the ancestor ids, for subtree queries. */
@ObjectType({ implements: Node, description: 'A product category; categories form a tree.' })
@Entity()
@Index({ properties: ['path'] })
export class Category extends Node {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Field({ description: 'Display name, e.g. "Batik".' })
  @Property({ length: 80 })
  name!: string;

  @Field({ description: 'Stable URL slug, e.g. "fashion-batik".' })
  @Unique()
  @Property({ length: 80 })
  slug!: string;

  @ManyToOne(() => Category, { ref: true, nullable: true })
  parent?: Ref<Category> | null = null;

  /** `/1/7/` for a child 7 of root 1: every descendant's path starts with its ancestor's. */
  @Property({ length: 200 })
  path!: string;

  @Field(() => Int, { description: 'Order among siblings.' })
  @Property({ type: 'integer' })
  position: number = 0;
}
