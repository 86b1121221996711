/** The API in its own process for the benchmarks: `node dist/bench/api-server.js <sqlite|postgresql> <path|url>`. Prints `PORT <n>`. */
import 'reflect-metadata';
import { startApp } from '../src/server/runtime';
import { benchApiConfig } from './bench-config';

const [store, target] = process.argv.slice(2);

startApp(benchApiConfig(store!, target!), {}).then(
  (running) => console.log(`PORT ${running.port}`),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
