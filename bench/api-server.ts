/**
 * The API in its own process for the benchmarks: `node dist/bench/api-server.js <sqlite|postgresql> <path|url> [overrides]`,
 * where `overrides` is a JSON object of config overrides (e.g. `{"redisUrl":"redis://127.0.0.1:6379"}`). Prints `PORT <n>`.
 * Spawned with an IPC channel, it takes `{ type: 'nudge' }`: a bench that wrote outbox events straight into the
 * database wakes the relay as a local commit would.
 */
import 'reflect-metadata';
import { startApp } from '../src/server/runtime';
import { benchApiConfig } from './bench-config';

const [store, target, overrides] = process.argv.slice(2);

startApp(benchApiConfig(store!, target!, overrides ? JSON.parse(overrides) : {}), {}).then(
  (running) => {
    process.on('message', (message: { type?: string }) => {
      if (message.type === 'nudge') running.relay.nudge();
    });
    console.log(`PORT ${running.port}`);
  },
  (error) => {
    console.error(error);
    process.exit(1);
  },
);

// A plain exit on SIGTERM, so that `--cpu-prof` writes its profile.
process.on('SIGTERM', () => process.exit(0));
