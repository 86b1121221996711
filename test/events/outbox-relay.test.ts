import pino from 'pino';
import { afterAll, expect, it } from 'vitest';
import { recordEvent, type EventHandler } from '../../src/events/outbox';
import { OutboxEvent } from '../../src/events/outbox-event.entity';
import { OutboxRelay } from '../../src/events/outbox-relay';
import { MemoryPubSub } from '../../src/events/pubsub';
import type { EventMessage } from '../../src/events/topics';
import { AddAddressDocument, SignUpDocument, ViewerUpdatedDocument } from '../generated/graphql';
import { createTestDatabase, describeStore, startTestServer, type TestDatabase } from '../support/server';
import { jakartaAddress } from '../support/fixtures';

const address = jakartaAddress;

describeStore('the outbox relay', () => {
  let db: TestDatabase | undefined;
  afterAll(() => db?.drop());

  it('publishes an event committed before a crash once an instance starts again', async () => {
    db = await createTestDatabase();
    const first = await startTestServer({ database: db, startRelay: false });
    const { signUp } = await first.client.data(SignUpDocument, { input: { name: 'Siti', email: 'siti@example.com', password: 'kedai-test-123' } });
    const token = signUp.token!;
    expect((await first.client.as(token).data(AddAddressDocument, { input: address })).addAddress.userErrors).toEqual([]);

    // Committed with the change, not yet published: the process "dies" here.
    const pending = await first.app.orm.em.fork().find(OutboxEvent, { publishedAt: null });
    expect(pending.map((e) => e.type)).toEqual(['ACCOUNT_UPDATED']);
    await first.stop();

    const second = await startTestServer({ database: db, startRelay: false });
    try {
      const ws = await second.ws({ token });
      const sub = ws.subscribe(ViewerUpdatedDocument);
      const deadline = Date.now() + 5000;
      while (second.app.pubsub.activeSubscriptions < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      second.relay.start();
      const event = await sub.next();
      expect(event.data?.viewerUpdated.addresses.totalCount).toBe(1);
      expect(await second.app.orm.em.fork().count(OutboxEvent, { publishedAt: null })).toBe(0);
    } finally {
      await second.stop();
    }
  });

  it('publishes nothing for a change that rolled back', async () => {
    const server = await startTestServer();
    try {
      const { signUp } = await server.client.data(SignUpDocument, { input: { name: 'Andi', email: 'andi@example.com', password: 'kedai-test-123' } });
      const bad = await server.client.as(signUp.token).data(AddAddressDocument, { input: { ...address, postalCode: 'nope' } });
      expect(bad.addAddress.userErrors.map((e) => e.code)).toEqual(['INVALID_INPUT']);
      expect(await server.app.orm.em.fork().count(OutboxEvent, {})).toBe(0);
    } finally {
      await server.stop();
    }
  });

  it('shares the work between two relays: every event handled once, each topic in write order, positions in commit order', async () => {
    const server = await startTestServer({ startRelay: false });
    try {
      const { orm } = server.app;
      // 600 events on 12 topics, written by pairs of concurrent transactions.
      for (let batch = 0; batch < 30; batch += 1) {
        await Promise.all(
          [0, 1].map(async (half) => {
            const em = orm.em.fork();
            for (let i = 0; i < 10; i += 1) {
              const n = batch * 20 + half * 10 + i;
              recordEvent(em, server.clock, { topic: `TEST:${n % 12}`, type: 'TEST', payload: { n } });
            }
            await em.flush();
          }),
        );
      }
      const handled: number[] = [];
      const handler: EventHandler = {
        types: ['TEST'],
        handle: async (_em, event) => {
          // The relay holding the very first event is slow, so the other one gets a later batch ready first.
          if (event.payload['n'] === 0) await new Promise((resolve) => setTimeout(resolve, 300));
          handled.push(event.id);
        },
      };
      const published: EventMessage[] = [];
      const pubsub = new MemoryPubSub();
      pubsub.publish = async (_topic, message) => void published.push(message);
      const relay = () =>
        new OutboxRelay(orm, pubsub, [handler], server.clock, pino({ level: 'silent' }), {
          pollMs: 50,
          batchSize: 25,
          supportsSkipLocked: server.store === 'postgresql',
        });
      await Promise.all([relay().drain(), relay().drain()]);

      const rows = await orm.em.fork().find(OutboxEvent, {}, { orderBy: { id: 'ASC' } });
      expect(rows).toHaveLength(600);
      expect([...handled].sort((a, b) => a - b)).toEqual(rows.map((row) => row.id));
      expect(rows.map((row) => row.position).sort((a, b) => a! - b!)).toEqual(rows.map((_, i) => i + 1));
      expect(published.map((message) => message.position).sort((a, b) => a - b)).toEqual(rows.map((_, i) => i + 1));
      for (let topic = 0; topic < 12; topic += 1) {
        const events = rows.filter((row) => row.topic === `TEST:${topic}`);
        const positions = events.map((row) => row.position!);
        expect(positions).toEqual([...positions].sort((a, b) => a - b)); // write order = delivery order
        expect(events.map((row) => row.previousPosition)).toEqual([null, ...positions.slice(0, -1)]);
      }
    } finally {
      await server.stop();
    }
  });
});
