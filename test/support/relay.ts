/** Waiting on the real-time machinery of a test server. */
import { OutboxEvent } from '../../src/events/outbox-event.entity';
import type { TestServer } from './server';

/** Waits until the outbox relay has handled and published every committed event (and those its handlers wrote). */
export async function relaySettled(server: TestServer, timeoutMs = 10_000): Promise<void> {
  const em = server.app.orm.em.fork();
  const deadline = Date.now() + timeoutMs;
  while ((await em.count(OutboxEvent, { publishedAt: null })) > 0) {
    if (Date.now() > deadline) throw new Error('the outbox relay did not catch up');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Waits until the server holds at least `count` live pub/sub subscriptions. */
export async function subscriptionsAtLeast(server: TestServer, count: number, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (server.app.pubsub.activeSubscriptions < count) {
    if (Date.now() > deadline) throw new Error(`fewer than ${count} live subscriptions`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
