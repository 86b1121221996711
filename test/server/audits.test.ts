/**
 * GraphQL over HTTP conformance: graphql-http's server audits against the real server, one test per audit.
 * No audit may fail ('error'); recommendations ('warn', 'notice') are printed, not failed.
 */
import { serverAudits, type AuditResult } from 'graphql-http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeStore, startTestServer, type TestServer } from '../support/server';

/** Apollo's CSRF prevention wants a preflight-forcing header on requests that could be simple; browsers' GraphQL clients send one. */
const fetchWithPreflightHeader: typeof fetch = (input, init) => {
  const headers = new Headers(init?.headers);
  headers.set('apollo-require-preflight', 'true');
  return fetch(input, { ...init, headers });
};

describeStore('GraphQL over HTTP: graphql-http server audits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    expect(server.config.introspection).toBe(true); // two audits fetch the schema
  });
  afterAll(() => server?.stop());

  const audits = serverAudits({ url: () => server.url, fetchFn: fetchWithPreflightHeader });

  it('runs every audit the spec lists', () => {
    expect(audits.length).toBeGreaterThan(0);
  });

  for (const audit of audits) {
    it(audit.name, async () => {
      const result: AuditResult = await audit.fn();
      if (result.status === 'ok') return;
      const body = await result.response
        .clone()
        .text()
        .catch(() => '<body already read>');
      const detail = `${result.status} [${result.id}] ${result.name}: ${result.reason}\n  HTTP ${result.response.status} ${body.slice(0, 500)}`;
      if (result.status !== 'error') console.info(`graphql-http audit ${detail}`);
      expect(result.status, detail).not.toBe('error');
    });
  }
});
