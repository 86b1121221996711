/**
 * A real server per test file: port 0, its own database (a temp SQLite file, or a fresh PostgreSQL database),
 * its own Redis prefix in the scaled project. `stop()` disposes all of it.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, inject } from 'vitest';
import { loadConfig, type Config, type ConfigOverrides } from '../../src/config';
import { startApp, type RunningApp, type StartOptions } from '../../src/server/runtime';
import { TestClock } from './clock';
import { TestMailer } from './mailer';
import { GraphQLClient } from './client';
import { ADMIN_DATABASE_URL, TEST_REDIS_URL } from './services';
import { WsTestClient, type WsClientOptions } from './ws';

export type TestStore = 'embedded' | 'scaled';
export const STORE: TestStore = process.env.KEDAI_TEST_STORE === 'scaled' ? 'scaled' : 'embedded';

/** `describe` that skips (with the global setup's message) when the scaled services are missing outside CI. */
export function describeStore(name: string, fn: () => void): void {
  const skip = STORE === 'scaled' && !inject('scaledAvailable');
  (skip ? describe.skip : describe)(`${name} [${STORE}]`, fn);
}

export interface TestServer extends RunningApp {
  readonly config: Config;
  readonly mailer: TestMailer;
  readonly clock: TestClock;
  readonly client: GraphQLClient;
  /** Opens a graphql-ws client to this server (closed by `stop()`). */
  ws(options?: WsClientOptions): Promise<WsTestClient>;
  /** Counts SQL statements while `fn` runs. */
  /** Runs `fn` and reports the SQL statements it caused (their number, and their text for debugging). */
  countQueries<T>(fn: () => Promise<T>): Promise<{ result: T; queries: number; statements: string[] }>;
}

export interface TestServerOptions extends Omit<StartOptions, 'clock' | 'onQuery'> {
  readonly config?: ConfigOverrides;
  readonly clock?: TestClock;
  /** Reuse this database instead of creating one (for several instances on one database). */
  readonly database?: { databaseUrl?: string; sqlitePath?: string; redisUrl?: string; redisPrefix?: string };
}

export interface TestDatabase {
  readonly databaseUrl?: string;
  readonly sqlitePath?: string;
  readonly redisUrl?: string;
  readonly redisPrefix: string;
  drop(): Promise<void>;
}

/** Creates an empty database for the current store. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const suffix = `${process.pid}_${randomBytes(4).toString('hex')}`;
  if (STORE === 'embedded') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kedai-test-'));
    return {
      sqlitePath: path.join(dir, 'kedai.sqlite'),
      redisPrefix: `kedai-test-${suffix}:`,
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `kedai_test_${suffix}`;
  const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(ADMIN_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    databaseUrl: url.toString(),
    redisUrl: TEST_REDIS_URL,
    redisPrefix: `kedai-test-${suffix}:`,
    drop: async () => {
      const client = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
      await client.connect();
      await client.query(`drop database if exists "${name}" with (force)`);
      await client.end();
    },
  };
}

export function testConfig(db: Pick<TestDatabase, 'databaseUrl' | 'sqlitePath' | 'redisUrl' | 'redisPrefix'>, overrides: ConfigOverrides = {}): Config {
  return loadConfig(
    {
      nodeEnv: 'test',
      logLevel: 'silent',
      port: 0,
      host: '127.0.0.1',
      databaseUrl: db.databaseUrl,
      sqlitePath: db.sqlitePath ?? ':memory:',
      redisUrl: db.redisUrl,
      redisPrefix: db.redisPrefix,
      passwordHashCost: 1024,
      seedDemoData: false,
      outboxPollMs: 50,
      shutdownTimeoutMs: 5000,
      ...overrides,
    },
    {},
  );
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const ownDb = options.database ? undefined : await createTestDatabase();
  const db = options.database
    ? { redisUrl: STORE === 'scaled' ? TEST_REDIS_URL : undefined, redisPrefix: 'kedai-test:', ...options.database }
    : ownDb!;
  const config = testConfig(db, options.config);
  const clock = options.clock ?? new TestClock();
  const mailer = new TestMailer();
  let counter: { count: number; statements: string[] } | undefined;
  const running = await startApp(config, {
    ...options,
    clock,
    mailer,
    migrate: true,
    // Deadline sweepers run when a test asks (`server.jobs.runNow(name)`), so moving the clock is deterministic.
    startJobs: options.startJobs ?? false,
    onQuery: (sql: string) => {
      if (counter) {
        counter.count += 1;
        counter.statements.push(sql);
      }
    },
  });
  const sockets = new Set<WsTestClient>();
  return {
    ...running,
    config,
    clock,
    mailer,
    client: new GraphQLClient(running.url),
    async ws(wsOptions = {}) {
      const client = await WsTestClient.connect(running.wsUrl, wsOptions);
      sockets.add(client);
      return client;
    },
    async countQueries(fn) {
      counter = { count: 0, statements: [] };
      try {
        const result = await fn();
        return { result, queries: counter.count, statements: counter.statements };
      } finally {
        counter = undefined;
      }
    },
    async stop() {
      await running.stop();
      await Promise.all([...sockets].map((s) => s.close()));
      await ownDb?.drop();
    },
  };
}
