import { afterAll, beforeAll, expect, it } from 'vitest';
import { AddAddressDocument, SignUpDocument, UpdateAddressDocument, ViewerDocument, ViewerUpdatedDocument } from '../generated/graphql';
import { codes } from '../support/client';
import { describeStore, startTestServer, type TestServer } from '../support/server';
import { WsTestClient } from '../support/ws';
import { jakartaAddress } from '../support/fixtures';

const address = jakartaAddress;

async function waitFor(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describeStore('GraphQL over WebSocket', () => {
  let server: TestServer;
  let siti: string;
  let andi: string;

  beforeAll(async () => {
    server = await startTestServer();
    const signUp = async (name: string, email: string) =>
      (await server.client.data(SignUpDocument, { input: { name, email, password: 'kedai-test-123' } })).signUp.token!;
    siti = await signUp('Siti', 'siti@example.com');
    andi = await signUp('Andi', 'andi@example.com');
  });
  afterAll(() => server?.stop());

  it('authenticates the connection from connectionParams.authorization', async () => {
    const ws = await server.ws({ token: siti });
    const result = await ws.execute(ViewerDocument);
    expect(result.data?.viewer?.name).toBe('Siti');
    const anonymous = await server.ws();
    expect((await anonymous.execute(ViewerDocument)).data?.viewer).toBeNull();
  });

  it('closes the socket with 4403 when the token is bad', async () => {
    await expect(WsTestClient.connect(server.wsUrl, { token: 'nope' })).rejects.toMatchObject({ code: 4403 });
    await expect(WsTestClient.connect(server.wsUrl, { connectionParams: { authorization: 42 } })).rejects.toMatchObject({ code: 4403 });
  });

  it('accepts a per-operation token in extensions.headers (as GraphiQL sends it), and refuses a bad one for that operation only', async () => {
    const ws = await server.ws();
    const run = (authorization: string) =>
      new Promise<{ data?: unknown; errors?: readonly { extensions?: Record<string, unknown> }[] }>((resolve) => {
        ws.client.subscribe(
          { query: 'query Me { viewer { name } }', extensions: { headers: { Authorization: authorization } } },
          { next: (result) => resolve(result as never), error: (errors) => resolve({ errors: errors as never }), complete: () => {} },
        );
      });
    expect((await run(`Bearer ${siti}`)).data).toEqual({ viewer: { name: 'Siti' } });
    expect(codes((await run('Bearer nope')).errors as never)).toEqual(['UNAUTHENTICATED']);
    expect((await ws.execute(ViewerDocument)).data).toEqual({ viewer: null });
  });

  it('refuses subscriptions that need a login with UNAUTHENTICATED, keeping the socket', async () => {
    const ws = await server.ws();
    const sub = ws.subscribe(ViewerUpdatedDocument);
    const result = await sub.next();
    expect(codes(result.errors)).toEqual(['UNAUTHENTICATED']);
    expect((await ws.execute(ViewerDocument)).data).toEqual({ viewer: null });
  });

  it('delivers the viewer\'s own account events, and only theirs, once the subscription is live', async () => {
    const sitiWs = await server.ws({ token: siti });
    const andiWs = await server.ws({ token: andi });
    const before = server.app.pubsub.activeSubscriptions;
    const sitiSub = sitiWs.subscribe(ViewerUpdatedDocument);
    const andiSub = andiWs.subscribe(ViewerUpdatedDocument);
    await waitFor(() => server.app.pubsub.activeSubscriptions === before + 2, 'both subscriptions to be live');

    const { addAddress } = await server.client.as(siti).data(AddAddressDocument, { input: address });
    expect(addAddress.userErrors).toEqual([]);
    const event = await sitiSub.next();
    expect(event.data?.viewerUpdated).toMatchObject({ name: 'Siti', addresses: { totalCount: 1 } });

    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(andiSub.pending).toBe(0);
    sitiSub.unsubscribe();
    andiSub.unsubscribe();
    await waitFor(() => server.app.pubsub.activeSubscriptions === before, 'unsubscribe to release the topic');
  });

  it('loses no event across 50 subscribe-then-mutate rounds', async () => {
    const client = server.client.as(andi);
    const { addAddress } = await client.data(AddAddressDocument, { input: address });
    const addressId = addAddress.address!.id;
    // A subscription without a cursor gets every event delivered after it started: let this one go out first.
    await server.relay.drain();
    const ws = await server.ws({ token: andi });
    for (let i = 0; i < 50; i += 1) {
      const before = server.app.pubsub.activeSubscriptions;
      const sub = ws.subscribe(ViewerUpdatedDocument);
      await waitFor(() => server.app.pubsub.activeSubscriptions === before + 1, 'subscription to be live');
      const label = `round ${i}`;
      const { updateAddress } = await client.data(UpdateAddressDocument, { input: { addressId, label } });
      expect(updateAddress.userErrors).toEqual([]);
      const event = await sub.next();
      expect(event.data?.viewerUpdated.addresses.edges.map((e) => e.node.label)).toEqual([label]);
      sub.unsubscribe();
      await waitFor(() => server.app.pubsub.activeSubscriptions === before, 'unsubscribe');
    }
  });

  it('refuses messages larger than the WebSocket payload limit by closing that socket only', async () => {
    const big = await server.ws({ token: siti });
    const other = await server.ws({ token: siti });
    const closed = big.closed();
    big.subscribe(`query Big { viewer { id } } # ${'x'.repeat(server.config.limits.maxWsPayloadBytes)}`);
    expect((await closed).code).toBe(1009);
    expect((await other.execute(ViewerDocument)).data?.viewer?.name).toBe('Siti');
  });
});
