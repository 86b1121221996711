import { afterAll, expect, it } from 'vitest';
import { OutboxEvent } from '../../src/events/outbox-event.entity';
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
});
