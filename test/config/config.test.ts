import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';

describe('configuration', () => {
  it('has working defaults for the embedded demo', () => {
    const config = loadConfig({}, {});
    expect(config).toMatchObject({
      port: 4000,
      databaseUrl: undefined,
      redisUrl: undefined,
      sqlitePath: 'data/kedai.sqlite',
      seedDemoData: true,
      jwtSecretIsDefault: true,
      introspection: true,
    });
    expect(config.limits.maxPageSize).toBe(100);
    expect(Object.isFrozen(config) && Object.isFrozen(config.limits)).toBe(true);
  });

  it('reads the environment and lets overrides win', () => {
    const config = loadConfig(
      { port: 0 },
      { PORT: '8080', DATABASE_URL: 'postgres://u@db:5432/kedai', REDIS_URL: 'redis://cache:6379', QUERY_MAX_DEPTH: '9', LOG_LEVEL: 'debug' },
    );
    expect(config).toMatchObject({ port: 0, databaseUrl: 'postgres://u@db:5432/kedai', redisUrl: 'redis://cache:6379', logLevel: 'debug', seedDemoData: false });
    expect(config.limits.maxDepth).toBe(9);
  });

  it('lists every invalid setting at once', () => {
    let error: unknown;
    try {
      loadConfig({}, { PORT: 'eighty', DATABASE_URL: 'mysql://x', REDIS_URL: 'nope', LOG_LEVEL: 'loud', SEED_DEMO_DATA: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'DATABASE_URL', 'REDIS_URL', 'LOG_LEVEL', 'SEED_DEMO_DATA']) expect(problems).toContain(name);
  });

  it('requires a strong JWT_SECRET in production', () => {
    expect(() => loadConfig({}, { NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required/);
    expect(() => loadConfig({}, { NODE_ENV: 'production', JWT_SECRET: 'short' })).toThrow(/at least 32/);
    expect(() => loadConfig({}, { NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(40) })).toThrow(/PAYMENT_WEBHOOK_SECRET is required/);
    expect(() => loadConfig({}, { NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(40), PAYMENT_WEBHOOK_SECRET: 'w'.repeat(40) })).toThrow(/CARRIER_WEBHOOK_SECRET is required/);
    const config = loadConfig({}, { NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(40), PAYMENT_WEBHOOK_SECRET: 'w'.repeat(40), CARRIER_WEBHOOK_SECRET: 'c'.repeat(40) });
    expect(config.introspection).toBe(false);
    expect(config.shipping.demoCarrier).toBe(false);
    expect(() => loadConfig({}, { NODE_ENV: 'production', JWT_SECRET: 'p'.repeat(40), PAYMENT_WEBHOOK_SECRET: 'w'.repeat(40), CARRIER_WEBHOOK_SECRET: 'c'.repeat(40), DEMO_CARRIER: 'on' })).toThrow(/DEMO_CARRIER must be off/);
  });

  it('reads carrier webhook secrets, shared and per carrier, and refuses short ones', () => {
    const config = loadConfig({}, { CARRIER_WEBHOOK_SECRET: 'c'.repeat(40), CARRIER_WEBHOOK_SECRET_JNE: 'j'.repeat(40) });
    expect(config.shipping).toMatchObject({ carrierWebhookSecret: 'c'.repeat(40), carrierWebhookSecrets: { JNE: 'j'.repeat(40) }, carrierWebhookSecretIsDefault: false });
    expect(loadConfig({}, {}).shipping.carrierWebhookSecretIsDefault).toBe(true);
    expect(() => loadConfig({}, { CARRIER_WEBHOOK_SECRET_SPX: 'short' })).toThrow(/CARRIER_WEBHOOK_SECRET_SPX must be at least 32/);
    expect(() => loadConfig({}, { DEMO_CARRIER_STEP_SECONDS: '0' })).toThrow(/DEMO_CARRIER_STEP_SECONDS/);
  });

  it('has after-sale deadlines with defaults, and refuses a return window longer than auto-completion', () => {
    expect(loadConfig({}, {}).orders).toMatchObject({ autoCompleteDays: 7, returnWindowDays: 7, returnRespondHours: 48, returnShipDays: 7, returnReceiveDays: 14 });
    expect(loadConfig({}, { AUTO_COMPLETE_DAYS: '10', RETURN_WINDOW_DAYS: '5' }).orders).toMatchObject({ autoCompleteDays: 10, returnWindowDays: 5 });
    expect(() => loadConfig({}, { RETURN_WINDOW_DAYS: '8' })).toThrow(/RETURN_WINDOW_DAYS \(8\) must not exceed AUTO_COMPLETE_DAYS \(7\)/);
    expect(() => loadConfig({}, { RETURN_RESPOND_HOURS: '0' })).toThrow(/RETURN_RESPOND_HOURS/);
  });

  it('has WebSocket limits with defaults, read from the environment and checked', () => {
    expect(loadConfig({}, {}).websocket).toEqual({ maxSubscriptionsPerConnection: 20, maxBufferedBytes: 1_048_576, keepAliveMs: 12_000 });
    const env = { WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: '5', WS_MAX_BUFFERED_BYTES: '65_536', WS_KEEPALIVE_MS: '30000' };
    expect(loadConfig({}, env).websocket).toEqual({ maxSubscriptionsPerConnection: 5, maxBufferedBytes: 65_536, keepAliveMs: 30_000 });
    expect(loadConfig({ websocket: { keepAliveMs: 500 } }, env).websocket).toMatchObject({ maxSubscriptionsPerConnection: 5, keepAliveMs: 500 });
    expect(() => loadConfig({}, { WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: '0', WS_MAX_BUFFERED_BYTES: '10' })).toThrow(/WS_MAX_SUBSCRIPTIONS_PER_CONNECTION[\s\S]*WS_MAX_BUFFERED_BYTES/);
  });
});
