import { createClient } from 'redis';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MemoryPubSub, RedisPubSub, type PubSubEngine } from '../../src/events/pubsub';
import { connectRedis, type RedisConnections } from '../../src/events/redis';
import { SlowConsumerError } from '../../src/events/async-queue';
import { describeStore, STORE } from '../support/server';
import { TEST_REDIS_URL } from '../support/services';

const message = (id: number) => ({ id, position: id, previous: null, type: 'TEST', topic: 'T', payload: { n: id }, occurredAt: new Date(0).toISOString() });

describeStore('pub/sub', () => {
  let redis: RedisConnections | undefined;
  let engine: PubSubEngine;
  const prefix = `kedai-test-${process.pid}-${Date.now()}:`;

  beforeAll(async () => {
    if (STORE === 'scaled') {
      redis = await connectRedis(TEST_REDIS_URL, pino({ level: 'silent' }));
      engine = new RedisPubSub(redis, prefix);
    } else {
      engine = new MemoryPubSub();
    }
  });
  afterAll(async () => {
    await engine?.close();
    await redis?.close();
  });

  it('is live as soon as subscribe resolves: an immediate publish from elsewhere always arrives', async () => {
    // For Redis the publisher is a separate connection, as another instance would be.
    const publisher = STORE === 'scaled' ? createClient({ url: TEST_REDIS_URL }) : undefined;
    await publisher?.connect();
    try {
      for (let i = 0; i < 100; i += 1) {
        const topic = `READY:${i}`;
        const queue = await engine.subscribe(topic);
        expect(engine.activeSubscriptions).toBe(1);
        if (publisher) await publisher.publish(prefix + topic, JSON.stringify(message(i)));
        else await engine.publish(topic, message(i));
        const { value } = await queue.next();
        expect(value?.id).toBe(i);
        await queue.return();
        expect(engine.activeSubscriptions).toBe(0);
      }
    } finally {
      await publisher?.close();
    }
  });

  it('delivers only to subscribers of the topic, in order, honouring filters', async () => {
    const a = await engine.subscribe('ORDER:1');
    const b = await engine.subscribe('ORDER:2');
    const even = await engine.subscribe('ORDER:1', { filter: (m) => m.id % 2 === 0 });
    for (let i = 1; i <= 4; i += 1) await engine.publish('ORDER:1', message(i));
    await engine.publish('ORDER:2', message(99));
    const take = async (q: typeof a, n: number) => {
      const ids: number[] = [];
      for (let i = 0; i < n; i += 1) ids.push((await q.next()).value!.id);
      return ids;
    };
    expect(await take(a, 4)).toEqual([1, 2, 3, 4]);
    expect(await take(even, 2)).toEqual([2, 4]);
    expect(await take(b, 1)).toEqual([99]);
    await Promise.all([a.return(), b.return(), even.return()]);
  });

  it('cuts off a subscriber that falls too far behind instead of buffering without bound', async () => {
    const slow = await engine.subscribe('SLOW', { maxBuffered: 10 });
    for (let i = 0; i < 11; i += 1) await engine.publish('SLOW', message(i));
    if (STORE === 'scaled') await new Promise((r) => setTimeout(r, 200));
    await expect(slow.next()).rejects.toBeInstanceOf(SlowConsumerError);
    expect(engine.activeSubscriptions).toBe(0);
  });
});
