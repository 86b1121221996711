/** Subscribing a GraphQL subscription to a topic: resolves once the pub/sub confirmed it. */
import type { Context } from '../shared/context';
import type { AsyncQueue } from './async-queue';
import type { EventMessage } from './topics';

export function subscribeToTopic(
  ctx: Context,
  topic: string,
  filter?: (message: EventMessage) => boolean,
): Promise<AsyncQueue<EventMessage>> {
  return ctx.app.pubsub.subscribe(topic, { filter });
}
