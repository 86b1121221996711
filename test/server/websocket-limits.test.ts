import { afterAll, beforeAll, expect, it } from 'vitest';
import { AddAddressDocument, SignUpDocument, ViewerDocument, ViewerUpdatedDocument } from '../generated/graphql';
import { codes } from '../support/client';
import { jakartaAddress } from '../support/fixtures';
import { describeStore, startTestServer, type TestServer } from '../support/server';

async function waitFor(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const signUp = async (server: TestServer, name: string) =>
  (await server.client.data(SignUpDocument, { input: { name, email: `${name.toLowerCase()}@example.com`, password: 'kedai-test-123' } })).signUp.token!;

describeStore('subscriptions per WebSocket connection', () => {
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer({ config: { websocket: { maxSubscriptionsPerConnection: 3 } } });
    token = await signUp(server, 'Rina');
  });
  afterAll(() => server?.stop());

  it('refuses the subscription past the cap with TOO_MANY_SUBSCRIPTIONS, keeping the socket and the other subscriptions', async () => {
    const ws = await server.ws({ token });
    const live = [ws.subscribe(ViewerUpdatedDocument), ws.subscribe(ViewerUpdatedDocument), ws.subscribe(ViewerUpdatedDocument)];
    await waitFor(() => server.subscriptions.live === 3, 'three live subscriptions');

    const refused = ws.subscribe(ViewerUpdatedDocument);
    const result = await refused.next();
    expect(codes(result.errors)).toEqual(['TOO_MANY_SUBSCRIPTIONS']);
    expect(result.errors![0]!.extensions).toMatchObject({ maxSubscriptions: 3 });

    // Queries and mutations do not count; the socket and the three subscriptions live on.
    expect((await ws.execute(ViewerDocument)).data?.viewer?.name).toBe('Rina');
    expect((await server.client.as(token).data(AddAddressDocument, { input: jakartaAddress })).addAddress.userErrors).toEqual([]);
    for (const sub of live) expect((await sub.next()).data?.viewerUpdated.addresses.totalCount).toBe(1);

    // Completing one frees its place.
    live[0]!.unsubscribe();
    await waitFor(() => server.subscriptions.live === 2, 'the completed subscription to end');
    const another = ws.subscribe(ViewerUpdatedDocument);
    await waitFor(() => server.subscriptions.live === 3, 'the new subscription to be live');
    expect(another.pending).toBe(0);
  });

  it('counts per connection: another socket of the same viewer has its own allowance', async () => {
    const [first, second] = [await server.ws({ token }), await server.ws({ token })];
    const before = server.subscriptions.live;
    for (let i = 0; i < 3; i += 1) {
      first.subscribe(ViewerUpdatedDocument);
      second.subscribe(ViewerUpdatedDocument);
    }
    await waitFor(() => server.subscriptions.live === before + 6, 'six live subscriptions');
  });
});

describeStore('WebSocket keep-alive', () => {
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer({ config: { websocket: { keepAliveMs: 400 } } });
    token = await signUp(server, 'Dedi');
  });
  afterAll(() => server?.stop());

  it('terminates a peer that stops answering pings, and only that one', async () => {
    const healthy = await server.ws({ token });
    const deaf = await server.ws({ token, autoPong: false });
    deaf.subscribe(ViewerUpdatedDocument);
    await waitFor(() => server.subscriptions.live === 1, 'the subscription to be live');

    // A terminated socket has no closing handshake: the client sees 1006.
    expect((await deaf.closed()).code).toBe(1006);
    await waitFor(() => server.subscriptions.live === 0, 'the dead peer\'s subscription to end');
    expect((await healthy.execute(ViewerDocument)).data?.viewer?.name).toBe('Dedi');
  });
});
