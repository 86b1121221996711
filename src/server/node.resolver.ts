import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../shared/context';
import { badUserInput } from '../shared/errors';
import { fromGlobalId } from '../shared/ids';
import { Node } from '../shared/node';

const MAX_NODES = 100;

async function fetchNode(ctx: Context, globalId: string): Promise<object | null> {
  const decoded = fromGlobalId(globalId);
  const fetcher = decoded && ctx.app.nodes.get(decoded.typeName);
  if (!decoded || !fetcher) return null;
  return fetcher.fetch(ctx, decoded.id);
}

@Resolver()
export class NodeResolver {
  @Query(() => Node, {
    nullable: true,
    description: 'Refetches any object by its global ID; null when it does not exist or you may not see it.',
  })
  node(@Arg('id', () => ID, { description: 'A global ID from any `id` field.' }) id: string, @Ctx() ctx: Context) {
    return fetchNode(ctx, id);
  }

  @Query(() => [Node], {
    nullable: 'items',
    description: `Refetches up to ${MAX_NODES} objects by global ID, in order; null for each one you may not see.`,
  })
  nodes(@Arg('ids', () => [ID], { description: 'Global IDs.' }) ids: string[], @Ctx() ctx: Context) {
    if (ids.length > MAX_NODES) throw badUserInput(`Ask for at most ${MAX_NODES} ids at once.`, 'ids');
    return Promise.all(ids.map((id) => fetchNode(ctx, id)));
  }
}
