import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AddAddressDocument, SignUpDocument, ViewerDocument, ViewerUpdatedDocument } from '../generated/graphql';
import { describeStore, startTestServer, type TestServer } from '../support/server';

describeStore('health, readiness and metrics', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  const base = () => server.url.replace(/\/graphql$/, '');

  it('answers /healthz and /readyz with the checks it made', async () => {
    const health = await fetch(`${base()}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${base()}/readyz`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { status: string; checks: Record<string, boolean> };
    expect(body.status).toBe('ready');
    expect(body.checks).toMatchObject({ database: true, accepting: true });
    if (server.store === 'postgresql') expect(body.checks['redis']).toBe(true);
  });

  it('tags every response with a request id, keeping a sane one the client sent', async () => {
    const own = await fetch(`${base()}/healthz`, { headers: { 'x-request-id': 'trace-123' } });
    expect(own.headers.get('x-request-id')).toBe('trace-123');
    const hostile = await fetch(`${base()}/healthz`, { headers: { 'x-request-id': 'bad id <script>' } });
    expect(hostile.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('logs each request once it is answered: its id, method, full path and status', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'info' }, new Writable({ write: (chunk, _encoding, done) => (lines.push(JSON.parse(String(chunk))), done()) }));
    const logged = await startTestServer({ logger });
    try {
      await logged.client.request('{ __typename }', undefined, { headers: { 'x-request-id': 'log-me' } });
      await fetch(logged.url.replace(/\/graphql$/, '/healthz'), { headers: { 'x-request-id': 'log-me-too' } });
      const requests = lines.filter((line) => line['msg'] === 'request');
      expect(requests.find((line) => line['requestId'] === 'log-me')).toMatchObject({ method: 'POST', path: '/graphql', status: 200 });
      expect(requests.find((line) => line['requestId'] === 'log-me-too')).toMatchObject({ method: 'GET', path: '/healthz', status: 200 });
    } finally {
      await logged.stop();
    }
  });

  it('counts operations by name and outcome, open sockets and live subscriptions in /metrics', async () => {
    const { signUp } = await server.client.data(SignUpDocument, { input: { name: 'M', email: 'm@example.com', password: 'kedai-test-123' } });
    await server.client.request('query Broken { nope }');
    await server.client.data(AddAddressDocument, {
      input: { recipientName: '', phone: 'x', line1: 'a', district: 'b', city: 'c', province: 'd', postalCode: '1' },
    }, { token: signUp.token });
    const ws = await server.ws({ token: signUp.token! });
    await ws.execute(ViewerDocument);
    ws.subscribe(ViewerUpdatedDocument);
    const deadline = Date.now() + 5000;
    while (server.app.pubsub.activeSubscriptions < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));

    const text = await (await fetch(`${base()}/metrics`)).text();
    expect(text).toMatch(/kedai_graphql_operations_total\{operation="SignUp",type="mutation",outcome="success",transport="http"\} 1/);
    expect(text).toMatch(/kedai_graphql_operations_total\{operation="AddAddress",type="mutation",outcome="user_error",transport="http"\} 1/);
    expect(text).toMatch(/kedai_graphql_operations_total\{operation="Viewer",type="query",outcome="success",transport="ws"\} 1/);
    expect(text).toMatch(/kedai_graphql_operations_total\{operation="Broken",[^}]*outcome="error"[^}]*\} 1/);
    expect(text).toMatch(/kedai_graphql_operation_duration_seconds_bucket/);
    expect(text).toMatch(/^kedai_websockets_open 1$/m);
    expect(text).toMatch(/^kedai_subscriptions_active 1$/m);
  });
});

describeStore('graceful stop', () => {
  it('reports not ready, closes WebSockets with 1001, then stops listening', async () => {
    const server = await startTestServer({ config: { shutdownDelayMs: 400 } });
    const base = server.url.replace(/\/graphql$/, '');
    const { signUp } = await server.client.data(SignUpDocument, { input: { name: 'S', email: 's@example.com', password: 'kedai-test-123' } });
    const ws = await server.ws({ token: signUp.token! });
    const sub = ws.subscribe(ViewerUpdatedDocument);
    const closed = ws.closed();

    const stopping = server.stop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { checks: Record<string, boolean> }).checks['accepting']).toBe(false);
    // Still serving during the delay, so in-flight clients finish.
    expect((await fetch(`${base}/healthz`)).status).toBe(200);

    expect((await closed).code).toBe(1001);
    await stopping;
    expect(sub.completed).toBe(true);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});
