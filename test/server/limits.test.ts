import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SignUpDocument, ViewerAddressesDocument, ViewerUpdatedDocument, AddAddressDocument } from '../generated/graphql';
import { codes } from '../support/client';
import { describeStore, startTestServer, type TestServer } from '../support/server';

/** A `__type` query `depth` levels deep (only `__schema` introspection is exempt from the limits). */
function depthQuery(depth: number): string {
  let selection = 'name';
  for (let i = 0; i < depth; i += 1) selection = `ofType { ${selection} }`;
  return `query Depth { __type(name: "User") { fields { type { ${selection} } } } }`;
}

describeStore('limits and error masking on both transports', () => {
  let server: TestServer;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer({
      config: { limits: { maxDepth: 8, maxAliases: 5, maxDirectives: 5, maxTokens: 300, maxCost: 400, maxBodyBytes: 4096 } },
    });
    const { signUp } = await server.client.data(SignUpDocument, { input: { name: 'Limit', email: 'limit@example.com', password: 'kedai-test-123' } });
    token = signUp.token!;
  });
  afterAll(() => server?.stop());

  const cases: Array<[string, () => string]> = [
    ['too many aliases', () => `query A { ${Array.from({ length: 6 }, (_, i) => `a${i}: viewer { id }`).join(' ')} }`],
    ['too many directives', () => `query D { viewer { ${Array.from({ length: 6 }, () => 'id @include(if: true)').join(' ')} } }`],
    ['too costly', () => `query C { viewer { ${Array.from({ length: 5 }, (_, i) => `x${i}: addresses(first: 100) { edges { node { id city line1 line2 district province postalCode } } }`).join(' ')} } }`],
  ];

  for (const [name, build] of cases) {
    it(`refuses an operation that is ${name} with GRAPHQL_VALIDATION_FAILED over HTTP (400)`, async () => {
      const response = await server.client.request(build(), undefined, { token });
      expect(response.status).toBe(400);
      expect(codes(response.errors)).toContain('GRAPHQL_VALIDATION_FAILED');
      expect(response.data).toBeUndefined();
    });
  }

  it('refuses a document with too many tokens as a parse error (400, never 500)', async () => {
    const response = await server.client.request(`query T { ${'viewer { id } '.repeat(80)} }`);
    expect(response.status).toBe(400);
    expect(codes(response.errors)).toEqual(['GRAPHQL_PARSE_FAILED']);
  });

  it('answers a syntax error with 400 GRAPHQL_PARSE_FAILED', async () => {
    const response = await server.client.request('query { viewer { ');
    expect(response.status).toBe(400);
    expect(codes(response.errors)).toEqual(['GRAPHQL_PARSE_FAILED']);
  });

  it('refuses an operation nested deeper than the limit', async () => {
    const response = await server.client.request(depthQuery(10));
    expect(response.status).toBe(400);
    expect(codes(response.errors)).toContain('GRAPHQL_VALIDATION_FAILED');
  });

  it('lets the standard introspection query of IDEs and codegen through the depth and cost limits', async () => {
    const response = await server.client.request(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }));
    expect(response.errors).toBeUndefined();
    expect(response.data).toHaveProperty('__schema');
  });

  it('refuses a request body over the size limit with 413 and a JSON error', async () => {
    const response = await server.client.request(`query Big { viewer { id } } # ${'x'.repeat(5000)}`);
    expect(response.status).toBe(413);
    expect(codes(response.errors)).toEqual(['PAYLOAD_TOO_LARGE']);
  });

  it('refuses malformed JSON with 400', async () => {
    const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(response.status).toBe(400);
  });

  it('reads JSON bodies as express.json does, in every form a client may send', async () => {
    const post = (body: BodyInit, headers: Record<string, string>) => fetch(server.url, { method: 'POST', headers: { 'apollo-require-preflight': 'true', ...headers }, body });
    const typename = JSON.stringify({ query: '{ __typename }' });
    const answer = async (response: Response) => ({ status: response.status, body: (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] } });
    // UTF-8, declared or not, with a byte order mark, and split over many small chunks.
    for (const type of ['application/json', 'application/json; charset=utf-8', 'Application/JSON;charset="UTF-8"']) {
      expect(await answer(await post(typename, { 'content-type': type }))).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
    }
    expect((await answer(await post(`\ufeff${typename}`, { 'content-type': 'application/json' }))).body).toEqual({ data: { __typename: 'Query' } });
    const chunked = new ReadableStream({
      start(controller) {
        for (const piece of typename.match(/.{1,3}/g)!) controller.enqueue(new TextEncoder().encode(piece));
        controller.close();
      },
    });
    const streamed = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: chunked, duplex: 'half' } as RequestInit);
    expect(await answer(streamed)).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
    // Compressed and other-charset bodies go to express.json: gzip is read; a charset it cannot decode is a 4xx.
    const { gzipSync } = await import('node:zlib');
    expect((await answer(await post(gzipSync(typename), { 'content-type': 'application/json', 'content-encoding': 'gzip' }))).body).toEqual({ data: { __typename: 'Query' } });
    const latin = await answer(await post(typename, { 'content-type': 'application/json; charset=klingon' }));
    expect(latin.status).toBeGreaterThanOrEqual(400);
    expect(latin.status).toBeLessThan(500);
    // Only an object or an array is a JSON body; the limit counts the bytes received, whatever Content-Length says.
    expect((await answer(await post('"just a string"', { 'content-type': 'application/json' }))).status).toBe(400);
    const huge = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 5; i += 1) controller.enqueue(new TextEncoder().encode(`{"query": "${'x'.repeat(1000)}`));
        controller.close();
      },
    });
    const tooLarge = await answer(await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: huge, duplex: 'half' } as RequestInit));
    expect(tooLarge.status).toBe(413);
    expect(codes(tooLarge.body.errors as never)).toEqual(['PAYLOAD_TOO_LARGE']);
  });

  it('does not run batched requests', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(response.status).toBe(400);
  });

  it('blocks simple GET requests that could be cross-site (CSRF prevention)', async () => {
    const response = await fetch(`${server.url}?query=${encodeURIComponent('{ __typename }')}`);
    expect(response.status).toBe(400);
    const allowed = await fetch(`${server.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(allowed.status).toBe(200);
  });

  it('masks unexpected errors as INTERNAL_SERVER_ERROR without internals, on HTTP and WebSocket', async () => {
    // Break the store under the running server: the SQL error must not reach the client.
    const connection = server.app.orm.em.getConnection();
    await connection.execute('alter table address rename to address_gone');
    try {
      const http = await server.client.request(ViewerAddressesDocument, { first: 5 }, { token });
      expect(codes(http.errors)).toEqual(['INTERNAL_SERVER_ERROR']);
      expect(http.errors![0]!.message).toBe('Internal server error');
      expect(JSON.stringify(http.errors)).not.toMatch(/address_gone|select|stack|sql/i);

      const ws = await server.ws({ token });
      const result = await ws.execute(ViewerAddressesDocument, { first: 5 });
      expect(codes(result.errors)).toEqual(['INTERNAL_SERVER_ERROR']);
      expect(JSON.stringify(result.errors)).not.toMatch(/address_gone|select|stack|sql/i);
    } finally {
      await connection.execute('alter table address_gone rename to address');
    }
  });

  it('applies the same limits over WebSocket, failing only the bad operation', async () => {
    const ws = await server.ws({ token });
    const live = ws.subscribe(ViewerUpdatedDocument);
    await waitForSubscriptions(server, 1);

    for (const [, build] of cases) {
      const result = await ws.execute(build());
      expect(codes(result.errors)).toContain('GRAPHQL_VALIDATION_FAILED');
    }
    const tooLong = await ws.execute(`query T { ${'viewer { id } '.repeat(80)} }`);
    expect(codes(tooLong.errors)).toEqual(['GRAPHQL_PARSE_FAILED']);
    const broken = await ws.execute('query { viewer { ');
    expect(codes(broken.errors)).toEqual(['GRAPHQL_PARSE_FAILED']);
    // Subscriptions go through the same rules.
    const costly = `subscription C { viewerUpdated { ${Array.from({ length: 5 }, (_, i) => `x${i}: addresses(first: 100) { edges { node { id city line1 line2 district province postalCode } } }`).join(' ')} } }`;
    expect(codes((await ws.subscribe(costly).next()).errors)).toContain('GRAPHQL_VALIDATION_FAILED');

    // The socket and its subscription survived the bad operations.
    await server.client.as(token).data(AddAddressDocument, {
      input: { recipientName: 'Limit', phone: '081234567890', line1: 'Jl. Mawar 1', district: 'Coblong', city: 'Bandung', province: 'Jawa Barat', postalCode: '40135' },
    });
    const event = await live.next();
    expect(event.data?.viewerUpdated.addresses.totalCount).toBe(1);
  });
});

describeStore('production mode', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      config: { nodeEnv: 'production', jwtSecret: 'x'.repeat(40), jwtSecretIsDefault: false, paymentWebhookSecret: 'w'.repeat(40), shipping: { carrierWebhookSecret: 'c'.repeat(40) } },
    });
  });
  afterAll(() => server?.stop());

  it('turns introspection off on both transports', async () => {
    const http = await server.client.request('query { __schema { queryType { name } } }');
    expect(codes(http.errors)).toContain('GRAPHQL_VALIDATION_FAILED');
    const ws = await server.ws();
    const result = await ws.execute('query { __schema { queryType { name } } }');
    expect(codes(result.errors)).toContain('GRAPHQL_VALIDATION_FAILED');
  });

  it('gives no field suggestions on both transports', async () => {
    const http = await server.client.request('query { viewe { id } }');
    expect(codes(http.errors)).toContain('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(http.errors)).not.toMatch(/Did you mean/);
    const ws = await server.ws();
    const result = await ws.execute('query { viewe { id } }');
    expect(JSON.stringify(result.errors)).not.toMatch(/Did you mean/);
  });
});

async function waitForSubscriptions(server: TestServer, count: number): Promise<void> {
  const deadline = Date.now() + 5000;
  while (server.app.pubsub.activeSubscriptions < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} live subscriptions`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
