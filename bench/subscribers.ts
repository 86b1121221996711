/**
 * What the subscription benchmarks (bench/fanout, bench/live) share on their side: graphql-ws subscribers spread over
 * client processes (bench/fanout-clients.ts), each phase's receipts merged into one set of figures, waiting for the
 * server to count them live, and the raw `ws` baseline's message template.
 */
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Connect, Counts, Receipts } from './fanout-clients';
import { ask, cpuMs } from './processes';

export const now = () => performance.timeOrigin + performance.now();
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** A phase's figures over every subscriber; latencies in ms from commit (or hand-over) to arrival. */
export interface PhaseStats extends Counts {
  /** Most committed events one subscriber missed. */
  readonly mostLostBySubscriber: number;
  /** Deliveries per second, from the first commit to the last arrival. */
  readonly deliveriesPerSecond: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  /** One `next` message as received (the raw baseline sends the same bytes). */
  readonly sample: string;
}

export type SubscriberOptions = Omit<Connect, 'type' | 'first' | 'clients'> & {
  /** Subscribers in all. */
  readonly clients: number;
  /** Client processes they are spread over. @default 1 */
  readonly processes?: number;
};

export interface Subscribers {
  /** Announces the seqs of the next phase (receipts of any other seq are ignored). */
  expect(seqs: number[]): Promise<void>;
  /** Waits until every subscriber got every committed event (or none arrived for `timeoutMs`), then merges the receipts. */
  collect(commits: [number, number][], timeoutMs: number): Promise<PhaseStats>;
  /** CPU the client processes used so far, in ms. */
  cpuMs(): number;
  close(): Promise<void>;
}

/** Starts the client processes and connects every subscriber (resolves once each has sent its `subscribe`). */
export async function startSubscribers(options: SubscriberOptions): Promise<Subscribers> {
  const { clients, processes = 1, ...connect } = options;
  const children: ChildProcess[] = [];
  const counts = Array.from({ length: processes }, (_, i) => Math.floor(clients / processes) + (i < clients % processes ? 1 : 0));
  let first = 0;
  await Promise.all(
    counts.map((count) => {
      const child = spawn(process.execPath, [path.join(__dirname, 'fanout-clients.js')], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
      children.push(child);
      const command: Connect = { type: 'connect', ...connect, first, clients: count };
      first += count;
      return ask(child, command, 'connected');
    }),
  );
  return {
    async expect(seqs) {
      await Promise.all(children.map((child) => ask(child, { type: 'expect', seqs }, 'ready')));
    },
    async collect(commits, timeoutMs) {
      const all = await Promise.all(children.map((child) => ask<{ receipts: Receipts }>(child, { type: 'collect', commits, timeoutMs }, 'receipts')));
      return merge(all.map((r) => r.receipts), commits);
    },
    cpuMs: () => children.reduce((sum, child) => sum + cpuMs(child.pid!), 0),
    async close() {
      await Promise.all(
        children.map((child) => {
          const exited = new Promise((resolve) => child.once('exit', resolve));
          child.send({ type: 'close' });
          return exited;
        }),
      );
    },
  };
}

function merge(receipts: Receipts[], commits: [number, number][]): PhaseStats {
  const sum = (pick: (r: Receipts) => number) => receipts.reduce((total, r) => total + pick(r), 0);
  const delivered = sum((r) => r.delivered);
  const latencies = new Float64Array(delivered);
  let offset = 0;
  for (const r of receipts) {
    latencies.set(r.latencies, offset);
    offset += r.latencies.length;
  }
  latencies.sort();
  const at = (q: number) => (delivered === 0 ? 0 : latencies[Math.min(delivered - 1, Math.floor(delivered * q))]!);
  const first = Math.min(...commits.map(([, at]) => at));
  const last = Math.max(...receipts.map((r) => r.last));
  return {
    expected: sum((r) => r.expected),
    delivered,
    duplicates: sum((r) => r.duplicates),
    outOfOrder: sum((r) => r.outOfOrder),
    errors: sum((r) => r.errors),
    reconnects: sum((r) => r.reconnects),
    mostLostBySubscriber: commits.length - Math.min(...receipts.map((r) => r.fewestPerSocket)),
    deliveriesPerSecond: delivered === 0 ? 0 : delivered / ((last - first) / 1000),
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    max: delivered === 0 ? 0 : latencies[delivered - 1]!,
    sample: receipts.find((r) => r.sample)?.sample ?? '',
  };
}

/** Subscriptions the API at `port` counts live (`kedai_subscriptions_active`: Redis confirmed them). */
export async function liveSubscriptions(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  return Number(/^kedai_subscriptions_active (\d+)$/m.exec(text)?.[1] ?? 0);
}

export async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Fails early when this process could not open one socket per subscriber. */
export function checkOpenFiles(clients: number): void {
  const limit = Number(execSync('ulimit -n', { shell: '/bin/sh' }).toString().trim());
  if (Number.isFinite(limit) && limit < clients + 200) {
    throw new Error(`open-file limit ${limit} is below ${clients + 200} (one socket per subscriber in each process): run \`ulimit -n ${clients * 2 + 1000}\` first`);
  }
}

/**
 * The raw baseline's template (bench/fanout-raw-server.ts) from a `next` message the API sent: its payload, with the
 * seq after `seqMarker` and the cursor as placeholders that the raw server fills per event.
 */
export function rawTemplate(sample: string, seqMarker: string): string {
  const escaped = seqMarker.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return sample
    .replace(/^\{"id":"[^"]*","type":"next","payload":/, '')
    .slice(0, -1)
    .replace(new RegExp(`${escaped}\\d+`), `${seqMarker}__SEQ__`)
    .replace(/"cursor":"[^"]*"/, '"cursor":"__CURSOR__"');
}
