/**
 * bench/fanout: one topic, many graphql-ws subscribers, on PostgreSQL + Redis.
 *
 * - 2,000 subscribers (one seller's token, so one audience) follow `shopOrderEvents(shopId)` from a separate client
 *   process (bench/fanout-clients.ts). Events are written straight into the outbox, as a service would in its
 *   transaction, and the API's relay publishes them: a burst of 200 committed at once, then 200 paced at 25/s. Each
 *   delivery is timed from the commit to its arrival at the client.
 * - Runs: the API, one instance; two instances sharing PostgreSQL and Redis, the subscribers split between them;
 *   and the baseline, in the same run: a raw `ws` server (bench/fanout-raw-server.ts) broadcasting the same
 *   serialized event (a payload the API sent) to as many clients, timed from the moment it is handed the event.
 * - After each commit the bench nudges the first instance's relay (IPC, see api-server.ts), as a local commit does in
 *   production; with two instances, that one publishes through Redis to both.
 *
 * - With `--unshared N`, one more run (burst of N only): each subscriber sends its own document (a trailing comment), so
 *   nothing is shared and the selection runs once per subscriber per event, as graphql-ws alone does.
 *
 *   npm run bench:fanout [-- --clients 2000 --events 200 --rate 25 --unshared 20]
 */
import 'reflect-metadata';
import type { ChildProcess } from 'node:child_process';
import type { MikroORM } from '@mikro-orm/core';
import { signAccessToken } from '../src/accounts/tokens';
import { ProductVariant } from '../src/catalog/product.entity';
import { initOrm } from '../src/database/orm';
import { recordEvent } from '../src/events/outbox';
import { Topic } from '../src/events/topics';
import { entities } from '../src/features';
import { OrderEventType } from '../src/orders/order-status';
import { systemClock } from '../src/shared/clock';
import { decodeIdOf, toGlobalId } from '../src/shared/ids';
import { createAddress, createCategories, createProduct, createShop, createUser } from '../seeds/factories';
import { benchApiConfig, freshDatabase } from './bench-config';
import { ask, cpuMs, spawnServer } from './processes';
import { checkOpenFiles, liveSubscriptions, now, rawTemplate, sleep, startSubscribers, waitUntil, type PhaseStats, type Subscribers } from './subscribers';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const CLIENTS = arg('clients', 2000);
const EVENTS = arg('events', 200);
const RATE = arg('rate', 25);
/** Events in the burst of the optional run where no two subscribers share a document (0: skip it). */
const UNSHARED_EVENTS = arg('unshared', 0);
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const API_OVERRIDES = { redisUrl: REDIS_URL, redisPrefix: `kedai-bench-fanout-${process.pid}:` };
/** How long to wait for one more delivery of a phase before counting the missing ones as lost. */
const COLLECT_TIMEOUT_MS = 15_000;

const QUERY = `subscription ShopFeed($shopId: ID!) {
  shopOrderEvents(shopId: $shopId) { cursor kind occurredAt actor fromStatus toStatus reason order { id status } }
}`;
const PLACE_ORDER = `mutation PlaceOrder($input: PlaceOrderInput!) { placeOrder(input: $input) { order { id } userErrors { code message } } }`;

/** Where the clients find each event's seq (its `reason`). */
const SEQ_MARKER = '"reason":"seq:';

interface Fixture {
  readonly url: string;
  readonly sellerToken: string;
  readonly buyerToken: string;
  readonly shopId: number;
  readonly variantId: number;
}

async function prepare(): Promise<Fixture> {
  const { url, config, orm } = await freshDatabase('kedai_fanout');
  const em = orm.em.fork();
  const categories = await createCategories(em);
  const seller = await createUser(em, { name: 'Dewi', email: 'dewi@fanout.test', password: 'fanout-bench-1' }, 1024);
  const shop = createShop(em, seller, { name: 'Dewi Hijab', handle: 'dewi-hijab', city: 'Bandung', province: 'Jawa Barat', postalCode: '40135', approved: true });
  createProduct(em, shop, [...categories.values()].at(-1)!, {
    title: 'Hijab segi empat',
    description: 'Voal, lembut.',
    imageUrls: ['https://picsum.photos/seed/hijab/600/600'],
    variants: [{ sku: 'HIJAB-1', options: [], price: 45_000, stock: 1000 }],
  });
  const buyer = await createUser(em, { name: 'Siti', email: 'siti@fanout.test', password: 'fanout-bench-1' }, 1024);
  createAddress(em, buyer, { recipientName: 'Siti', phone: '+6281234567890', line1: 'Jl. Melati 1', district: 'Coblong', city: 'Bandung', province: 'Jawa Barat', postalCode: '40132', isDefault: true });
  await em.flush();
  const variantId = (await em.findOneOrFail(ProductVariant, { sku: 'HIJAB-1' })).id;
  const fixture = {
    url,
    sellerToken: (await signAccessToken(config, seller.id, new Date())).token,
    buyerToken: (await signAccessToken(config, buyer.id, new Date())).token,
    shopId: shop.id,
    variantId,
  };
  await orm.close(true);
  return fixture;
}


const startApi = (fixture: Fixture) => spawnServer('api-server.js', ['postgresql', fixture.url, JSON.stringify(API_OVERRIDES)]);

/** Hands events to the system under test; resolves with each event's commit (or hand-over) time. */
type Publish = (seqs: number[]) => Promise<[number, number][]>;

/** Writes the events in one transaction, like a service recording them with its change, then nudges `relayOf`. */
function outboxWriter(orm: MikroORM, fixture: Fixture, orderId: number, relayOf: ChildProcess): Publish {
  return async (seqs) => {
    const em = orm.em.fork();
    for (const seq of seqs) {
      recordEvent(em, systemClock, {
        topic: Topic.shop(fixture.shopId),
        type: OrderEventType.STATUS_CHANGED,
        payload: { orderId, from: 'ON_HOLD', to: 'ON_HOLD', actor: 'SELLER', reason: `seq:${seq}` },
      });
    }
    await em.flush();
    const committed = now();
    relayOf.send({ type: 'nudge' });
    return seqs.map((seq) => [seq, committed]);
  };
}


interface Measured extends PhaseStats {
  /**
   * CPU the server processes spent per delivery, in µs, less what they spend idle over as long (the relays' polling);
   * the database's and Redis's CPU not counted.
   */
  readonly serverCpuMicros: number;
  /** CPU the client process spent per delivery, in µs. */
  readonly clientCpuMicros: number;
}

interface RunResult {
  readonly name: string;
  readonly burst: Measured;
  readonly paced: Measured | null;
  readonly sample: string;
  /** CPU ms per second the servers used idle. */
  readonly idleCpu: number;
}

const serverCpu = (pids: number[]) => pids.reduce((sum, pid) => sum + cpuMs(pid), 0);

/** CPU ms per second the servers use with nothing to deliver (relay polling, keep-alive pings). */
async function idleCpuRate(pids: number[]): Promise<number> {
  const before = serverCpu(pids);
  const started = now();
  await sleep(3000);
  return (serverCpu(pids) - before) / ((now() - started) / 1000);
}

async function phase(clients: Subscribers, servers: number[], idleRate: number, publish: Publish, seqs: number[], paced: boolean): Promise<Measured> {
  await clients.expect(seqs);
  const started = now();
  const cpuBefore = servers.reduce((sum, pid) => sum + cpuMs(pid), 0);
  const clientCpuBefore = clients.cpuMs();
  const commits: [number, number][] = [];
  if (paced) {
    const start = now();
    for (let i = 0; i < seqs.length; i += 1) {
      await sleep(start + (i * 1000) / RATE - now());
      commits.push(...(await publish([seqs[i]!])));
    }
  } else {
    commits.push(...(await publish(seqs)));
  }
  const stats = await clients.collect(commits, COLLECT_TIMEOUT_MS);
  const cpu = serverCpu(servers) - cpuBefore - (idleRate * (now() - started)) / 1000;
  const clientCpu = clients.cpuMs() - clientCpuBefore;
  const perDelivery = (ms: number) => (stats.delivered === 0 ? 0 : (ms * 1000) / stats.delivered);
  return { ...stats, serverCpuMicros: perDelivery(cpu), clientCpuMicros: perDelivery(clientCpu) };
}

/** Connects the subscribers, waits until each is live, then warms up and runs the burst and the paced phases. */
interface RunOptions {
  readonly servers: ChildProcess[];
  readonly urls: string[];
  readonly publish: Publish;
  readonly live: () => Promise<number>;
  /** Subscribers send distinct documents (nothing shared). @default false */
  readonly distinct?: boolean;
  /** Events of the burst. @default EVENTS */
  readonly events?: number;
  /** Run the paced phase too. @default true */
  readonly paced?: boolean;
}

async function run(name: string, fixture: Fixture, options: RunOptions): Promise<RunResult> {
  const { publish, live, events = EVENTS } = options;
  const pids = options.servers.map((child) => child.pid!);
  const clients = await startSubscribers({
    urls: options.urls,
    clients: CLIENTS,
    token: fixture.sellerToken,
    query: QUERY,
    distinctDocuments: options.distinct ?? false,
    variables: { shopId: toGlobalId('Shop', fixture.shopId) },
    seqMarker: SEQ_MARKER,
  });
  try {
    await waitUntil(async () => (await live()) === CLIENTS, `${CLIENTS} live subscriptions (${name})`);
    const warmUp = await phase(clients, pids, 0, publish, [0], false);
    if (warmUp.delivered !== CLIENTS) throw new Error(`${name}: warm-up reached ${warmUp.delivered} of ${CLIENTS} subscribers`);
    const idleCpu = await idleCpuRate(pids);
    const burst = await phase(clients, pids, idleCpu, publish, Array.from({ length: events }, (_, i) => 1 + i), false);
    const paced = options.paced === false ? null : await phase(clients, pids, idleCpu, publish, Array.from({ length: EVENTS }, (_, i) => 1 + events + i), true);
    return { name, burst, paced, sample: warmUp.sample, idleCpu };
  } finally {
    await clients.close();
  }
}

async function main() {
  checkOpenFiles(CLIENTS);
  console.log(`fan-out on PostgreSQL + Redis: ${CLIENTS} graphql-ws subscribers on one topic, ${EVENTS} events in a burst, then ${EVENTS} at ${RATE}/s; relay nudged after each commit`);
  const fixture = await prepare();
  const apiA = await startApi(fixture);
  const children: ChildProcess[] = [apiA.child];
  const orm = await initOrm(benchApiConfig('postgresql', fixture.url), { entities });
  try {
    const placed = (await (
      await fetch(`http://127.0.0.1:${apiA.port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${fixture.buyerToken}` },
        body: JSON.stringify({
          query: PLACE_ORDER,
          variables: { input: { lines: [{ variantId: toGlobalId('ProductVariant', fixture.variantId), quantity: 1 }], paymentMethod: 'COD', source: { type: 'SHOP' }, idempotencyKey: 'fanout-order' } },
        }),
      })
    ).json()) as { data: { placeOrder: { order: { id: string } | null; userErrors: unknown[] } } };
    if (!placed.data.placeOrder.order) throw new Error(`placeOrder failed: ${JSON.stringify(placed.data.placeOrder.userErrors)}`);
    const writer = outboxWriter(orm, fixture, decodeIdOf('Order', placed.data.placeOrder.order.id)!, apiA.child);
    const ws = (port: number) => `ws://127.0.0.1:${port}/graphql`;

    const results: RunResult[] = [];
    results.push(await run('API, 1 instance', fixture, { servers: [apiA.child], urls: [ws(apiA.port)], publish: writer, live: () => liveSubscriptions(apiA.port) }));

    const apiB = await startApi(fixture);
    children.push(apiB.child);
    results.push(
      await run('API, 2 instances via Redis', fixture, {
        servers: [apiA.child, apiB.child],
        urls: [ws(apiA.port), ws(apiB.port)],
        publish: writer,
        live: async () => (await liveSubscriptions(apiA.port)) + (await liveSubscriptions(apiB.port)),
      }),
    );
    apiB.child.kill();

    const raw = await spawnServer('fanout-raw-server.js', []);
    children.push(raw.child);
    raw.child.send({ type: 'template', payload: rawTemplate(results[0]!.sample, SEQ_MARKER) });
    const handOver: Publish = async (seqs) => {
      const at = now();
      raw.child.send({ type: 'publish', seqs });
      return seqs.map((seq) => [seq, at]);
    };
    results.push(
      await run('raw ws broadcast (baseline)', fixture, {
        servers: [raw.child],
        urls: [ws(raw.port)],
        publish: handOver,
        live: async () => (await ask<{ count: number }>(raw.child, { type: 'subscribers' }, 'subscribers')).count,
      }),
    );
    raw.child.kill();

    if (UNSHARED_EVENTS > 0) {
      results.push(
        await run('API, 1 instance, nothing shared', fixture, {
          servers: [apiA.child],
          urls: [ws(apiA.port)],
          publish: writer,
          live: () => liveSubscriptions(apiA.port),
          distinct: true,
          events: UNSHARED_EVENTS,
          paced: false,
        }),
      );
    }

    report(results);
  } finally {
    await orm.close(true);
    for (const child of children) child.kill();
  }
}

function report(results: RunResult[]): void {
  console.log('');
  console.log(`message size: ${Buffer.byteLength(results[0]!.sample)} bytes`);
  console.log('');
  console.log('| run | phase | deliveries/s | events/s | p50 ms | p99 ms | max ms | server CPU µs/delivery | client CPU µs/delivery | lost | duplicates | out of order | errors |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    const phases = [[`burst ${r.burst.expected / CLIENTS}`, r.burst], ...(r.paced ? [[`paced ${RATE}/s`, r.paced] as const] : [])] as const;
    for (const [label, s] of phases) {
      console.log(
        `| ${r.name} | ${label} | ${s.deliveriesPerSecond.toFixed(0)} | ${(s.deliveriesPerSecond / CLIENTS).toFixed(1)} | ${s.p50.toFixed(1)} | ${s.p99.toFixed(1)} | ${s.max.toFixed(1)} | ${s.serverCpuMicros.toFixed(1)} | ${s.clientCpuMicros.toFixed(1)} | ${s.expected - s.delivered} | ${s.duplicates} | ${s.outOfOrder} | ${s.errors} |`,
      );
    }
  }
  const [one, two, raw, unshared] = results as [RunResult, RunResult, RunResult, RunResult | undefined];
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  console.log('');
  console.log(`burst deliveries/s, API 1 instance / raw ws: ${ratio(one.burst.deliveriesPerSecond, raw.burst.deliveriesPerSecond)} (target ≥ 0.5)`);
  console.log(`burst deliveries/s, API 2 instances / raw ws: ${ratio(two.burst.deliveriesPerSecond, raw.burst.deliveriesPerSecond)}; 2 instances / 1: ${ratio(two.burst.deliveriesPerSecond, one.burst.deliveriesPerSecond)}`);
  console.log(`servers idle (subtracted above), CPU ms/s: ${results.map((r) => `${r.name} ${r.idleCpu.toFixed(0)}`).join(', ')}`);
  console.log(`server CPU per delivery in the burst, raw ws / API 1 instance: ${ratio(raw.burst.serverCpuMicros, one.burst.serverCpuMicros)}`);
  console.log(`paced p99 ms: API 1 instance ${one.paced!.p99.toFixed(1)}, 2 instances ${two.paced!.p99.toFixed(1)}, raw ws ${raw.paced!.p99.toFixed(1)}`);
  if (unshared) {
    console.log(`nothing shared / shared, server CPU per delivery in the burst: ${ratio(unshared.burst.serverCpuMicros, one.burst.serverCpuMicros)}; deliveries/s: ${ratio(unshared.burst.deliveriesPerSecond, one.burst.deliveriesPerSecond)}`);
  }
  const lost = results.filter((r) => r.burst.delivered < r.burst.expected || (r.paced && r.paced.delivered < r.paced.expected));
  if (lost.length) throw new Error(`events lost in: ${lost.map((r) => r.name).join(', ')}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
