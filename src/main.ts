/** Bootstrap only: loadConfig → start (ORM, pub/sub, relay, server) → listen; SIGTERM/SIGINT → graceful stop. */
import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { startApp } from './server/runtime';
import { createLogger } from './server/logger';
import { demoLogins, seedDemo } from '../seeds/demo';
import { demoOverlayPath } from '../seeds/demo-live';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const logger = createLogger(config);
  if (config.jwtSecretIsDefault) {
    logger.warn('JWT_SECRET is not set: using the development secret. Set it before going to production.');
  }
  const running = await startApp(config, { logger, seed: seedDemo });
  const overlay = config.seedDemoData ? await demoOverlayPath(running.app.orm, running.app.clock.now()) : null;

  const lines = [
    '',
    `  Kedai Live is up (${running.store === 'sqlite' ? `embedded: SQLite ${config.sqlitePath}` : 'PostgreSQL'}, ${config.redisUrl ? 'Redis pub/sub' : 'in-process pub/sub'})`,
    `  GraphQL API      ${running.url}`,
    `  Subscriptions    ${running.wsUrl}`,
    `  GraphQL IDE      ${running.url}  (open in a browser)`,
    `  Health           http://localhost:${running.port}/healthz  /readyz  /metrics`,
    '',
    ...(config.seedDemoData
      ? ['  Demo logins:', ...demoLogins.map((l) => `    ${l.email.padEnd(18)} ${l.password.padEnd(16)} ${l.role}`), '']
      : []),
    ...(overlay
      ? ['  Live overlay (Toko Budi is LIVE; open it, then place a demo order from the stream, see the README):', `    http://localhost:${running.port}${overlay}`, '']
      : []),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  let signals = 0;
  const shutdown = (signal: string) => {
    signals += 1;
    if (signals > 1) process.exit(1);
    logger.info({ signal }, 'stopping');
    running.stop().then(
      () => process.exit(0),
      (error) => {
        logger.error({ err: error }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
