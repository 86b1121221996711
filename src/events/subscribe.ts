/** Subscribing a GraphQL subscription to a topic: resolves once the pub/sub confirmed it. */
import type { Context } from '../shared/context';
import type { EventMessage } from './topics';

/**
 * The source stream of a subscription. Each event renews the operation's unit of work before graphql-js executes
 * the selection for it; `return()` unsubscribes at once, even while waiting for the next event.
 */
export async function subscribeToTopic(
  ctx: Context,
  topic: string,
  filter?: (message: EventMessage) => boolean,
): Promise<AsyncIterableIterator<EventMessage>> {
  const queue = await ctx.app.pubsub.subscribe(topic, { filter });
  const iterator: AsyncIterableIterator<EventMessage> = {
    async next() {
      const result = await queue.next();
      if (!result.done) ctx.renew();
      return result;
    },
    return: () => queue.return(),
    throw: (error?: unknown) => queue.throw(error),
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
