/** The Redis connections of one instance: one for commands and publishing, one dedicated to SUBSCRIBE. */
import { createClient, type RedisClientType } from 'redis';
import type { Logger } from 'pino';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type RedisClient = RedisClientType<{}, {}, {}, 3, {}>;

export interface RedisConnections {
  readonly commands: RedisClient;
  readonly subscriber: RedisClient;
  /** True when a PING answers within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

export async function connectRedis(url: string, logger: Logger): Promise<RedisConnections> {
  let lastLogged = 0;
  const onError = (which: string) => (error: Error) => {
    // node-redis reconnects by itself; log at most once every 5 s per outage.
    const now = Date.now();
    if (now - lastLogged > 5000) {
      lastLogged = now;
      logger.warn({ err: error, connection: which }, 'redis connection error; reconnecting');
    }
  };
  const reconnectStrategy = (retries: number) => Math.min(50 * 2 ** retries, 2000);
  // Commands fail fast while Redis is down, so the outbox relay retries instead of hanging.
  const commands = createClient({ url, disableOfflineQueue: true, socket: { reconnectStrategy, connectTimeout: 2000 } });
  // The subscriber queues SUBSCRIBE while reconnecting and re-subscribes every channel when it is back.
  const subscriber = createClient({ url, socket: { reconnectStrategy, connectTimeout: 2000 } });
  commands.on('error', onError('commands'));
  subscriber.on('error', onError('subscriber'));
  await Promise.all([commands.connect(), subscriber.connect()]);

  return {
    commands,
    subscriber,
    async ping(timeoutMs = 1000) {
      let timer: NodeJS.Timeout | undefined;
      try {
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('redis ping timed out')), timeoutMs);
        });
        return (await Promise.race([commands.ping(), timeout])) === 'PONG';
      } catch {
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      await Promise.allSettled([commands.close(), subscriber.close()]);
    },
  };
}
