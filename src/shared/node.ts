/** The Relay `Node` interface: every entity type has an opaque global `id` and can be refetched by it. */
import { Field, ID, InterfaceType } from 'type-graphql';
import { toGlobalId } from './ids';

@InterfaceType('Node', { description: 'An object with a global ID, refetchable with `node(id:)`.' })
export abstract class Node {
  /** The database id; never exposed as is. */
  abstract id: number;

  /** A method, not a getter, so the ORM does not take it for a column. */
  @Field(() => ID, { name: 'id', description: 'Opaque global ID of this object.' })
  globalId(): string {
    return toGlobalId(this.constructor.name, this.id);
  }
}
