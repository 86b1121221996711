/**
 * One running instance: ORM, pub/sub, rate limits, outbox relay, HTTP + WebSocket server. `main.ts` and the
 * test server both start it, so tests run exactly what production runs.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MikroORM } from '@mikro-orm/core';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { initOrm, migrate, pendingMigrations, storeKind, type StoreKind } from '../database/orm';
import { nudgeAfterOutboxCommits, OutboxRelay } from '../events/outbox-relay';
import { MemoryPresence, RedisPresence, type Presence } from '../events/presence';
import { MemoryPubSub, RedisPubSub, type PubSubEngine } from '../events/pubsub';
import { connectRedis, type RedisConnections } from '../events/redis';
import { backgroundJobs, entities, eventHandlers, nodeFetchers } from '../features';
import { JobRunner } from '../shared/jobs';
import { systemClock, type Clock } from '../shared/clock';
import type { AppServices } from '../shared/context';
import { MemoryRateLimiter, RedisRateLimiter } from '../shared/rate-limit';
import { LogMailer, type Mailer } from '../shared/mailer';
import { createErrorFormatter } from './errors';
import { clientAddressOf, createHttpApp } from './http';
import { createLimits } from './limits';
import { createLogger } from './logger';
import { Metrics } from './metrics';
import { appSchema } from './schema';
import type { SubscriptionFanout } from './subscription-fanout';
import { attachWebSocketServer } from './ws';

export interface StartOptions {
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Bring the schema up to date before serving (SQLite always does; PostgreSQL only when asked). */
  readonly migrate?: boolean;
  /** Seeds an empty database before serving. */
  readonly seed?: (orm: MikroORM, config: Config) => Promise<boolean>;
  /** Called for every SQL statement (tests count queries with it). */
  readonly onQuery?: (sql: string) => void;
  /** Outgoing email. @default LogMailer (content logged outside production) */
  readonly mailer?: Mailer;
  /** Start the outbox relay with the server. @default true */
  readonly startRelay?: boolean;
  /** Start the background jobs (deadline sweepers) with the server. @default true */
  readonly startJobs?: boolean;
}

export interface RunningApp {
  readonly app: AppServices;
  readonly url: string;
  readonly wsUrl: string;
  readonly port: number;
  readonly store: StoreKind;
  readonly relay: OutboxRelay;
  /** Background jobs; `jobs.runNow(name)` runs one pass. */
  readonly jobs: JobRunner;
  readonly redis: RedisConnections | undefined;
  /** Subscription delivery over WebSocket: live subscriptions, selections executed, messages sent. */
  readonly subscriptions: Pick<SubscriptionFanout, 'live' | 'executions' | 'messagesSent'>;
  /** Graceful stop: not ready → drain HTTP and WebSockets → stop background loops → close Redis and the ORM. */
  stop(): Promise<void>;
}

export async function startApp(config: Config, options: StartOptions = {}): Promise<RunningApp> {
  const logger = options.logger ?? createLogger(config);
  const clock = options.clock ?? systemClock;
  const store = storeKind(config);
  const orm = await initOrm(config, { entities, onQuery: options.onQuery });
  const cleanups: Array<() => Promise<void>> = [() => orm.close(true)];
  try {
    if (store === 'sqlite' || options.migrate) await migrate(orm, store);
    const pending = await pendingMigrations(orm, store);
    if (pending.length > 0) {
      throw new Error(`The database schema is behind by ${pending.length} migration(s) (${pending.join(', ')}). Run \`npm run db:migrate\`.`);
    }
    if (options.seed && config.seedDemoData) {
      if (await options.seed(orm, config)) logger.info('seeded the demo marketplace');
    }

    let redis: RedisConnections | undefined;
    let pubsub: PubSubEngine;
    let presence: Presence;
    if (config.redisUrl) {
      redis = await connectRedis(config.redisUrl, logger);
      const connections = redis;
      cleanups.unshift(() => connections.close());
      pubsub = new RedisPubSub(redis, config.redisPrefix);
      // A report counts for a few viewer-count intervals, so one late pass does not drop an instance's viewers.
      presence = new RedisPresence(redis.commands, config.redisPrefix, Math.max(3 * config.live.viewerCountIntervalMs, 10_000));
    } else {
      pubsub = new MemoryPubSub();
      presence = new MemoryPresence();
    }
    const rateLimiter = redis ? new RedisRateLimiter(redis.commands, config.redisPrefix) : new MemoryRateLimiter(() => clock.now().getTime());
    const app: AppServices = {
      config,
      orm,
      pubsub,
      presence,
      rateLimiter,
      clock,
      logger,
      nodes: new Map(nodeFetchers.map((f) => [f.typeName, f])),
      mailer: options.mailer ?? new LogMailer(logger, config.nodeEnv !== 'production'),
    };

    const relay = new OutboxRelay(orm, pubsub, eventHandlers, clock, logger, {
      pollMs: config.outboxPollMs,
      supportsSkipLocked: store === 'postgresql',
    });
    orm.em.getEventManager().registerSubscriber(nudgeAfterOutboxCommits(relay));

    const schema = await appSchema();
    const limits = createLimits(config);
    const formatError = createErrorFormatter(config, logger);
    const httpServer = http.createServer();
    let draining = false;
    let ws: ReturnType<typeof attachWebSocketServer> | undefined;
    const metrics = new Metrics({ openSockets: () => ws?.openSockets() ?? 0, activeSubscriptions: () => ws?.fanout.live ?? 0, unsentBytes: () => ws?.unsentBytes() ?? 0 });
    const { express, apollo } = await createHttpApp(httpServer, {
      app,
      schema,
      limits,
      formatError,
      metrics,
      isReady: async () => {
        const [database, redisUp] = await Promise.all([orm.isConnected(), redis ? redis.ping(1000) : Promise.resolve(true)]);
        const checks: Record<string, boolean> = { database, accepting: !draining };
        if (redis) checks['redis'] = redisUp;
        return { ready: !draining && database && redisUp, checks };
      },
    });
    httpServer.on('request', express);
    ws = attachWebSocketServer(httpServer, {
      app,
      schema,
      limits,
      formatError,
      metrics,
      clientAddressOf: (request) => clientAddressOf({ socket: request.socket }),
    });

    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.port, config.host, () => resolve());
    });
    if (options.startRelay !== false) relay.start();
    const jobs = new JobRunner(app, backgroundJobs, logger);
    if (options.startJobs !== false) jobs.start();
    const port = (httpServer.address() as AddressInfo).port;
    const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;

    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        draining = true;
        if (config.shutdownDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, config.shutdownDelayMs));
        const graceful = (async () => {
          await ws!.close();
          await apollo.stop();
          await relay.stop();
          await jobs.stop();
          await pubsub.close();
        })();
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), config.shutdownTimeoutMs);
        });
        if ((await Promise.race([graceful, timedOut])) === 'timeout') {
          logger.warn('graceful stop timed out; closing remaining connections');
          httpServer.closeAllConnections();
          await relay.stop();
          await jobs.stop();
        }
        clearTimeout(timer);
        for (const cleanup of cleanups) await cleanup().catch((error) => logger.warn({ err: error }, 'cleanup failed'));
      })());

    return {
      app,
      url: `http://${host}:${port}/graphql`,
      wsUrl: `ws://${host}:${port}/graphql`,
      port,
      store,
      relay,
      jobs,
      redis,
      subscriptions: ws.fanout,
      stop,
    };
  } catch (error) {
    for (const cleanup of cleanups) await cleanup().catch(() => {});
    throw error;
  }
}
