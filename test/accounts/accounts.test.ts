import { afterAll, beforeAll, expect, it } from 'vitest';
import { LogInDocument, SignUpDocument, ViewerDocument } from '../generated/graphql';
import { codes } from '../support/client';
import { describeStore, startTestServer, type TestServer } from '../support/server';

describeStore('accounts: sign-up, log-in and the viewer', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ config: { logInRateLimit: { perEmail: 5, perClient: 1000, windowSeconds: 60 } } });
  });
  afterAll(() => server?.stop());

  it('signs up a buyer and returns a token that identifies them', async () => {
    const { signUp } = await server.client.data(SignUpDocument, {
      input: { name: '  Dewi Lestari ', email: 'Dewi@Example.com', password: 'rahasia-dewi-1' },
    });
    expect(signUp.userErrors).toEqual([]);
    expect(signUp.viewer).toMatchObject({ name: 'Dewi Lestari', email: 'Dewi@Example.com', roles: ['BUYER'] });
    expect(new Date(signUp.tokenExpiresAt!).getTime()).toBeGreaterThan(server.clock.now().getTime());

    const { viewer } = await server.client.as(signUp.token).data(ViewerDocument);
    expect(viewer).toMatchObject({ id: signUp.viewer!.id, name: 'Dewi Lestari' });
  });

  it('refuses a second account with the same email in any letter case', async () => {
    const { signUp } = await server.client.data(SignUpDocument, {
      input: { name: 'Dewi Dua', email: 'dewi@EXAMPLE.com', password: 'another-pass-2' },
    });
    expect(signUp.token).toBeNull();
    expect(signUp.userErrors).toEqual([expect.objectContaining({ code: 'EMAIL_TAKEN', field: ['input', 'email'] })]);
  });

  it('keeps exactly one account when the same email signs up concurrently', async () => {
    const input = { name: 'Race', email: 'race@example.com', password: 'race-pass-123' };
    const results = await Promise.all(Array.from({ length: 8 }, () => server.client.data(SignUpDocument, { input })));
    const created = results.filter((r) => r.signUp.token !== null);
    expect(created).toHaveLength(1);
    for (const r of results.filter((r) => r.signUp.token === null)) {
      expect(r.signUp.userErrors.map((e) => e.code)).toEqual(['EMAIL_TAKEN']);
    }
  });

  it('reports every invalid field at once', async () => {
    const { signUp } = await server.client.data(SignUpDocument, {
      input: { name: '   ', email: 'not-an-email', password: 'aaaaaaaaaa' },
    });
    expect(signUp.token).toBeNull();
    expect(signUp.userErrors.map((e) => [e.code, e.field])).toEqual([
      ['INVALID_INPUT', ['input', 'name']],
      ['INVALID_INPUT', ['input', 'email']],
      ['WEAK_PASSWORD', ['input', 'password']],
    ]);
  });

  it('rejects short passwords and passwords equal to the email', async () => {
    const short = await server.client.data(SignUpDocument, { input: { name: 'A', email: 'a@example.com', password: 'abc12' } });
    expect(short.signUp.userErrors.map((e) => e.code)).toEqual(['WEAK_PASSWORD']);
    const same = await server.client.data(SignUpDocument, { input: { name: 'A', email: 'a@example.com', password: 'A@example.com' } });
    expect(same.signUp.userErrors.map((e) => e.code)).toEqual(['WEAK_PASSWORD']);
  });

  it('logs in with the right password in any email case, and not with a wrong one', async () => {
    const ok = await server.client.data(LogInDocument, { input: { email: 'DEWI@example.com', password: 'rahasia-dewi-1' } });
    expect(ok.logIn.userErrors).toEqual([]);
    expect(ok.logIn.viewer?.email).toBe('Dewi@Example.com');

    const wrong = await server.client.data(LogInDocument, { input: { email: 'dewi@example.com', password: 'wrong-password' } });
    expect(wrong.logIn).toMatchObject({ token: null, viewer: null });
    expect(wrong.logIn.userErrors.map((e) => e.code)).toEqual(['INVALID_CREDENTIALS']);

    const unknown = await server.client.data(LogInDocument, { input: { email: 'nobody@example.com', password: 'whatever-123' } });
    expect(unknown.logIn.userErrors.map((e) => e.code)).toEqual(['INVALID_CREDENTIALS']);
  });

  it('rate-limits log-in attempts per email with RATE_LIMITED and a retry time', async () => {
    const attempt = () => server.client.request(LogInDocument, { input: { email: 'limit@example.com', password: 'wrong-password' } });
    for (let i = 0; i < 5; i += 1) expect(codes((await attempt()).errors)).toEqual([]);
    const limited = await attempt();
    expect(codes(limited.errors)).toEqual(['RATE_LIMITED']);
    expect(limited.errors![0]!.extensions!['retryAfterSeconds']).toBeGreaterThan(0);
  });

  it('treats no token as anonymous and a bad or expired token as UNAUTHENTICATED (401)', async () => {
    expect((await server.client.data(ViewerDocument)).viewer).toBeNull();

    const bad = await server.client.request(ViewerDocument, undefined, { token: 'not.a.jwt' });
    expect(bad.status).toBe(401);
    expect(codes(bad.errors)).toEqual(['UNAUTHENTICATED']);

    const malformed = await server.client.request(ViewerDocument, undefined, { headers: { authorization: 'Basic abc' } });
    expect(codes(malformed.errors)).toEqual(['UNAUTHENTICATED']);

    const { logIn } = await server.client.data(LogInDocument, { input: { email: 'dewi@example.com', password: 'rahasia-dewi-1' } });
    server.clock.advance((server.config.jwtTtlSeconds + 1) * 1000);
    const expired = await server.client.request(ViewerDocument, undefined, { token: logIn.token });
    expect(codes(expired.errors)).toEqual(['UNAUTHENTICATED']);
  });
});
