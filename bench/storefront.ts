/**
 * bench/storefront: requests/s and p99 of the storefront query (a shop's first N products with variants, rating,
 * shop and two videos each) over HTTP, against a baseline measured in the same run: plain node:http with the same
 * database driver running the same batched statements and JSON.stringify. Runs are interleaved (API, baseline,
 * baseline, API, …) and the medians compared, on SQLite and (when reachable) PostgreSQL. Each server process's CPU time per
 * request is reported too: on a shared virtual machine (CPU steal) it varies less than requests/s.
 *
 * Both servers are warmed up with the same load first (`--warmup` seconds each): the API's compiled queries and
 * resolvers take a few thousand requests to reach V8's optimizing compiler, and a round measured before that reads
 * as a slower API. Each round's figures are printed as it ends.
 *
 *   npm run bench:storefront [-- --first 20 --connections 20 --seconds 5 --rounds 3 --warmup 3]
 */
import 'reflect-metadata';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { loadConfig } from '../src/config';
import { initOrm, migrate, storeKind } from '../src/database/orm';
import { entities } from '../src/features';
import { seedDemo } from '../seeds/demo';
import { cpuMs, spawnServer } from './processes';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const FIRST = arg('first', 20);
const CONNECTIONS = arg('connections', 20);
const SECONDS = arg('seconds', 5);
const ROUNDS = arg('rounds', 3);
const WARMUP = arg('warmup', 3);
const ADMIN_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

const QUERY = `query Storefront($handle: String!, $first: Int!) { shop(handle: $handle) { name products(first: $first) { edges { node {
  id title variants { price { amount currencyCode } stock } ratingSummary { average } shop { name } videos(first: 2) { edges { node { id } } } } } } } }`;

async function prepare(store: 'sqlite' | 'postgresql'): Promise<string> {
  let target: string;
  if (store === 'sqlite') {
    target = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kedai-bench-')), 'bench.sqlite');
  } else {
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query('drop database if exists kedai_bench with (force)');
    await admin.query('create database kedai_bench');
    await admin.end();
    const url = new URL(ADMIN_URL);
    url.pathname = '/kedai_bench';
    target = url.toString();
  }
  const config = loadConfig({ logLevel: 'silent', passwordHashCost: 1024, ...(store === 'postgresql' ? { databaseUrl: target } : { sqlitePath: target }) }, {});
  const orm = await initOrm(config, { entities });
  await migrate(orm, storeKind(config));
  await seedDemo(orm, config);
  await orm.close(true);
  return target;
}

function startServer(kind: 'api' | 'baseline', store: string, target: string): Promise<{ port: number; child: ChildProcess }> {
  return kind === 'api' ? spawnServer('api-server.js', [store, target]) : spawnServer('storefront-server.js', [store, target, 'toko-budi', String(FIRST)]);
}

interface Sample {
  rps: number;
  p99: number;
  errors: number;
  /** CPU time (user + system) the server process used per request. */
  cpuMs: number;
}

async function load(port: number, seconds: number, pid?: number): Promise<Sample> {
  const cpuBefore = pid ? cpuMs(pid) : 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: QUERY, variables: { handle: 'toko-budi', first: FIRST } }),
    connections: CONNECTIONS,
    duration: seconds,
  });
  const cpu = pid ? cpuMs(pid) - cpuBefore : 0;
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx, cpuMs: result.requests.total > 0 ? cpu / result.requests.total : 0 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function benchStore(store: 'sqlite' | 'postgresql') {
  const target = await prepare(store);
  const api = await startServer('api', store, target);
  const base = await startServer('baseline', store, target);
  try {
    // Same answer from both, and warm.
    for (const port of [api.port, base.port]) {
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: QUERY, variables: { handle: 'toko-budi', first: FIRST } }),
      });
      const body = (await response.json()) as { data: { shop: { products: { edges: unknown[] } } } };
      if (body.data.shop.products.edges.length !== Math.min(FIRST, 12)) throw new Error(`unexpected answer from port ${port}`);
      await load(port, WARMUP);
    }
    const samples: Record<'api' | 'baseline', Sample[]> = { api: [], baseline: [] };
    for (let round = 0; round < ROUNDS; round += 1) {
      const order: ('api' | 'baseline')[] = round % 2 === 0 ? ['api', 'baseline'] : ['baseline', 'api'];
      for (const which of order) {
        const server = which === 'api' ? api : base;
        const sample = await load(server.port, SECONDS, server.child.pid);
        console.log(`  ${store} round ${round + 1} ${which}: ${sample.rps.toFixed(0)} req/s, p99 ${sample.p99} ms, ${sample.cpuMs.toFixed(2)} ms CPU/req`);
        samples[which].push(sample);
      }
    }
    const summary = (which: 'api' | 'baseline') => ({
      rps: median(samples[which].map((s) => s.rps)),
      p99: median(samples[which].map((s) => s.p99)),
      cpuMs: median(samples[which].map((s) => s.cpuMs)),
      errors: samples[which].reduce((sum, s) => sum + s.errors, 0),
    });
    return { store, api: summary('api'), baseline: summary('baseline') };
  } finally {
    api.child.kill();
    base.child.kill();
  }
}

async function main() {
  const stores: ('sqlite' | 'postgresql')[] = ['sqlite'];
  try {
    const probe = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 1500 });
    await probe.connect();
    await probe.end();
    stores.push('postgresql');
  } catch {
    console.warn(`PostgreSQL not reachable at ${ADMIN_URL}: SQLite only.`);
  }
  console.log(`storefront query, first: ${FIRST} (Toko Budi has 12 products), ${CONNECTIONS} connections, ${WARMUP}s warm-up each, ${ROUNDS}×${SECONDS}s interleaved, medians`);
  const rows = [];
  for (const store of stores) rows.push(await benchStore(store));
  console.log('');
  console.log('| store | API req/s | API p99 ms | baseline req/s | baseline p99 ms | ratio (API/baseline) | API CPU ms/req | baseline CPU ms/req | CPU ratio (baseline/API) | errors |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(
      `| ${r.store} | ${r.api.rps.toFixed(0)} | ${r.api.p99} | ${r.baseline.rps.toFixed(0)} | ${r.baseline.p99} | ${(r.api.rps / r.baseline.rps).toFixed(2)} | ` +
        `${r.api.cpuMs.toFixed(2)} | ${r.baseline.cpuMs.toFixed(2)} | ${(r.baseline.cpuMs / r.api.cpuMs).toFixed(2)} | ${r.api.errors + r.baseline.errors} |`,
    );
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
