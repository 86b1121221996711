/**
 * bench/live: one live stream, 2,000 overlay subscribers, purchases through `placeOrder`, on PostgreSQL + Redis.
 *
 * - The API runs in its own process (NODE_ENV=production) in scaled mode: PostgreSQL for the store, Redis for
 *   pub/sub, one instance. The seed: an approved shop, a LIVE stream with one product in its bag (stock for every
 *   order), many buyers with a default address, and one overlay token of the stream.
 * - 2,000 subscribers, spread over client processes (bench/fanout-clients.ts), all connect with that overlay token and
 *   send the overlay page's subscription (src/server/overlay-page.ts): one audience, so one fan-out group.
 * - A driver places COD orders with `source: LIVE` through `placeOrder` over HTTP, open loop at 50/s for 60 s, each
 *   from the next buyer (no per-buyer limit applies outside flash sales). No payment is needed: the purchase event the
 *   overlay toasts comes from the order's LIVE_ORDER_PLACED, which the relay's live handler turns into a
 *   LIVE_PURCHASE (src/live/live.handlers.ts) and publishes in its next pass.
 * - Each delivery is timed from the commit of its order's transaction to its arrival at the client, on the same
 *   machine clock. The API process records when each transaction that wrote a LIVE_ORDER_PLACED committed
 *   (bench/api-server.ts, a bench-only ORM subscriber), which is when the purchase became real. Not `occurredAt`:
 *   it is taken when the order records the event, before the transaction's last statements (the stock update, which
 *   waits for the hot variant's row lock) and its COMMIT, so it would count checkout's own queueing as delivery time.
 *   Each purchase is identified by `unitsSold` (1, 2, 3… in the stream); every subscriber must get each one exactly
 *   once, with cursors in increasing order.
 * - Baseline, in the same run: a raw `ws` server (bench/fanout-raw-server.ts) sends the same payload (a message the
 *   API sent, with its seq and cursor filled in) to as many clients over the same client code, as many events at the
 *   same rate, timed from the moment it is handed each one.
 *
 *   npm run bench:live
 *   KEDAI_BENCH_LIVE_SECONDS=10 KEDAI_BENCH_LIVE_RATE=50 KEDAI_BENCH_LIVE_SUBSCRIBERS=500 npm run bench:live
 * (also KEDAI_BENCH_LIVE_BUYERS, default 300, and KEDAI_BENCH_LIVE_CLIENT_PROCESSES, default 2)
 */
import 'reflect-metadata';
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import pg from 'pg';
import { signAccessToken } from '../src/accounts/tokens';
import { ProductVariant } from '../src/catalog/product.entity';
import { Topic } from '../src/events/topics';
import { LiveStream, LiveStreamProduct, LiveStreamStatus } from '../src/live/live-stream.entity';
import { LiveEventType } from '../src/live/live.events';
import { issueOverlayToken } from '../src/live/overlay-token.service';
import { toGlobalId } from '../src/shared/ids';
import { createAddress, createCategories, createProduct, createShop, createUser } from '../seeds/factories';
import { freshDatabase } from './bench-config';
import { ask, cpuMs, spawnServer } from './processes';
import { checkOpenFiles, liveSubscriptions, now, rawTemplate, sleep, startSubscribers, waitUntil, type PhaseStats, type Subscribers } from './subscribers';

const env = (name: string, fallback: number) => Number(process.env[`KEDAI_BENCH_LIVE_${name}`] ?? fallback);
const SECONDS = env('SECONDS', 60);
const RATE = env('RATE', 50);
const SUBSCRIBERS = env('SUBSCRIBERS', 2000);
const BUYERS = env('BUYERS', 300);
const CLIENT_PROCESSES = env('CLIENT_PROCESSES', 2);
const ORDERS = Math.round(SECONDS * RATE);
const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const API_OVERRIDES = { redisUrl: REDIS_URL, redisPrefix: `kedai-bench-live-${process.pid}:` };
/** How long to wait for one more delivery once every purchase is published before counting the missing ones as lost. */
const COLLECT_TIMEOUT_MS = 15_000;
/** How long the relay may take to publish the last purchase after the last order was placed. */
const PUBLISH_TIMEOUT_MS = 900_000;
/** Where the clients find each purchase's seq: units sold in the stream so far (one unit per order). */
const SEQ_MARKER = '"unitsSold":';

/** The overlay page's subscription (src/server/overlay-page.ts), as the OBS browser source sends it. */
const OVERLAY_EVENTS =
  'subscription OverlayEvents($id: ID!, $after: String) { liveStreamEvents(liveStreamId: $id, after: $after) { __typename ' +
  '... on PurchaseEvent { cursor buyerName productId productTitle quantity stockLeft unitsSold } ' +
  '... on PinnedProductChangedEvent { cursor product { ...OverlayProduct } } ' +
  '... on FlashSaleEvent { cursor kind price { amount } startsAt endsAt } ' +
  '... on CheckoutStartedEvent { cursor } ... on ViewerCountEvent { cursor } ' +
  '... on StreamStatusEvent { cursor status } } } ' +
  'fragment OverlayProduct on Product { id title priceRange { min { amount } } totalStock }';
const PLACE_ORDER = `mutation PlaceOrder($input: PlaceOrderInput!) { placeOrder(input: $input) { order { id } userErrors { code message } } }`;

interface Fixture {
  readonly url: string;
  readonly liveStreamId: number;
  readonly variantId: number;
  readonly overlayToken: string;
  readonly buyerTokens: string[];
}

async function prepare(): Promise<Fixture> {
  const { url, config, orm } = await freshDatabase('kedai_live');
  const em = orm.em.fork();
  const categories = await createCategories(em);
  const seller = await createUser(em, { name: 'Rina', email: 'rina@live.test', password: 'live-bench-1' }, 1024);
  const shop = createShop(em, seller, { name: 'Rina Hijab Live', handle: 'rina-hijab', city: 'Bandung', province: 'Jawa Barat', postalCode: '40135', approved: true });
  const product = createProduct(em, shop, [...categories.values()].at(-1)!, {
    title: 'Hijab pashmina ceruty',
    description: 'Ceruty baby doll, jatuh dan tidak menerawang.',
    imageUrls: ['https://picsum.photos/seed/pashmina/600/600'],
    variants: [{ sku: 'PASHMINA-1', options: [], price: 45_000, stock: ORDERS + 1000 }],
  });
  const started = new Date();
  const stream = em.create(LiveStream, { shop, title: 'Live pashmina jam 8 malam', status: LiveStreamStatus.LIVE, scheduledAt: started, startedAt: started, pinnedProduct: product, createdAt: started, updatedAt: started });
  em.create(LiveStreamProduct, { liveStream: stream, product, position: 0 });
  const buyers = [];
  for (let i = 0; i < BUYERS; i += 1) {
    const buyer = await createUser(em, { name: `Pembeli Live ${i}`, email: `buyer${i}@live.test`, password: 'live-bench-1' }, 1024);
    createAddress(em, buyer, { recipientName: buyer.name, phone: '+6281234567890', line1: `Jl. Melati No. ${i + 1}`, district: 'Coblong', city: 'Bandung', province: 'Jawa Barat', postalCode: '40132', isDefault: true });
    buyers.push(buyer);
  }
  await em.flush();
  const { token } = await issueOverlayToken(em, stream.id, seller.id, 'bench OBS', started);
  const fixture: Fixture = {
    url,
    liveStreamId: stream.id,
    variantId: (await em.findOneOrFail(ProductVariant, { sku: 'PASHMINA-1' })).id,
    overlayToken: token,
    buyerTokens: await Promise.all(buyers.map(async (b) => (await signAccessToken(config, b.id, started)).token)),
  };
  await orm.close(true);
  return fixture;
}

interface Placement {
  readonly ok: boolean;
  readonly ms: number;
  readonly error?: string;
}

/** Connections the driver keeps open to the API; more requests at once wait for one (and that wait counts). */
const DRIVER_CONNECTIONS = 64;

/** POSTs a GraphQL request; resolves with the status and body, never rejects (a transport error is status 0). */
function post(agent: http.Agent, port: number, token: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve) => {
    const request = http.request({ agent, host: '127.0.0.1', port, path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      response.on('error', (error) => resolve({ status: 0, text: String(error) }));
    });
    request.on('error', (error) => resolve({ status: 0, text: String(error) }));
    request.end(body);
  });
}

/** Places orders from the stream over HTTP (kept-alive connections); resolves with the outcome and its latency. */
function orderPlacer(fixture: Fixture, port: number, agent: http.Agent) {
  let n = 0;
  const variantId = toGlobalId('ProductVariant', fixture.variantId);
  const source = { type: 'LIVE', id: toGlobalId('LiveStream', fixture.liveStreamId) };
  return async (): Promise<Placement> => {
    n += 1;
    const started = now();
    const token = fixture.buyerTokens[n % fixture.buyerTokens.length]!;
    const body = JSON.stringify({ query: PLACE_ORDER, variables: { input: { lines: [{ variantId, quantity: 1 }], paymentMethod: 'COD', source, idempotencyKey: `live-bench-${n}` } } });
    let { status, text } = await post(agent, port, token, body);
    // A kept-alive connection the server closed as the request went out: resend, as a client would. The idempotency
    // key makes the retry safe (a second order is never placed).
    for (let retry = 0; status === 0 && /ECONNRESET|socket hang up/.test(text) && retry < 3; retry += 1) ({ status, text } = await post(agent, port, token, body));
    const ms = now() - started;
    const placed = status === 200 ? (JSON.parse(text) as { data?: { placeOrder: { order: unknown } } }).data?.placeOrder : undefined;
    return placed?.order ? { ok: true, ms } : { ok: false, ms, error: `${status} ${text.slice(0, 300)}` };
  };
}

/** Calls `act` `count` times at `rate` per second, open loop (a slow call does not delay the next); resolves when all are done. */
async function paced<T>(count: number, rate: number, act: (i: number) => Promise<T>): Promise<T[]> {
  const start = now();
  const calls: Promise<T>[] = [];
  for (let i = 0; i < count; i += 1) {
    await sleep(start + (i * 1000) / rate - now());
    calls.push(act(i));
  }
  return Promise.all(calls);
}

/** A published purchase: its seq (unitsSold), when its order committed and when the relay published it (ms). */
interface Purchase {
  readonly seq: number;
  readonly committed: number;
  readonly published: number;
}

/**
 * The stream's published purchases. The relay's live handler turns LIVE_ORDER_PLACED events into purchases one by
 * one in position order, counting units sold (one per order here), so the purchase with `unitsSold` k comes from the
 * k-th LIVE_ORDER_PLACED by position (checked: both carry the order's occurredAt); that event's id gives its order's
 * commit time, as the API recorded it (`commits` in bench/api-server.ts).
 */
async function purchases(db: pg.Client, fixture: Fixture, api: ChildProcess): Promise<Purchase[]> {
  const rows = async (type: string) =>
    (
      await db.query<{ id: number; seq: number | null; at: string; published: string }>(
        `select id, (payload->>'unitsSold')::int as seq, extract(epoch from created_at) * 1000 as at, extract(epoch from published_at) * 1000 as published
         from outbox_event where topic = $1 and type = $2 and published_at is not null order by position`,
        [Topic.live(fixture.liveStreamId), type],
      )
    ).rows;
  const [placed, bought] = [await rows(LiveEventType.ORDER_PLACED), await rows(LiveEventType.PURCHASE)];
  const { commits } = await ask<{ commits: [number, number][] }>(api, { type: 'commits', eventType: LiveEventType.ORDER_PLACED }, 'commits');
  const commitOf = new Map(commits);
  return bought.map((purchase, i) => {
    const order = placed[i];
    if (purchase.seq !== i + 1 || !order || order.at !== purchase.at || !commitOf.has(order.id)) {
      throw new Error(`purchase ${i + 1} does not match its order event: ${JSON.stringify({ purchase, order })}`);
    }
    return { seq: i + 1, committed: commitOf.get(order.id)!, published: Number(purchase.published) };
  });
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;
};

interface RunResult {
  readonly name: string;
  readonly stats: PhaseStats;
  /** Server CPU over the phase, as a share of one core. */
  readonly serverCpu: number;
  readonly clientCpu: number;
}

/** Runs one phase: `publish` makes the events (resolving with their seqs and commit times), then the receipts are collected. */
async function measure(name: string, clients: Subscribers, serverPid: number, seqs: number[], publish: () => Promise<[number, number][]>): Promise<RunResult> {
  await clients.expect(seqs);
  const started = now();
  const serverBefore = cpuMs(serverPid);
  const clientBefore = clients.cpuMs();
  const commits = await publish();
  const stats = await clients.collect(commits, COLLECT_TIMEOUT_MS);
  const wall = now() - started;
  return { name, stats, serverCpu: (cpuMs(serverPid) - serverBefore) / wall, clientCpu: (clients.cpuMs() - clientBefore) / wall };
}

const connectOptions = (url: string, fixture: Fixture) => ({
  urls: [url],
  clients: SUBSCRIBERS,
  processes: CLIENT_PROCESSES,
  token: fixture.overlayToken,
  query: OVERLAY_EVENTS,
  distinctDocuments: false,
  variables: { id: toGlobalId('LiveStream', fixture.liveStreamId) },
  seqMarker: SEQ_MARKER,
  resumeWith: 'after',
});

async function main() {
  checkOpenFiles(SUBSCRIBERS);
  console.log(
    `live overlay on PostgreSQL + Redis (1 API instance): ${SUBSCRIBERS} overlay subscribers on one stream over ${CLIENT_PROCESSES} client processes, ${ORDERS} LIVE orders through placeOrder at ${RATE}/s for ${SECONDS} s, ${BUYERS} buyers`,
  );
  const fixture = await prepare();
  const api = await spawnServer('api-server.js', ['postgresql', fixture.url, JSON.stringify(API_OVERRIDES)]);
  const agent = new http.Agent({ keepAlive: true, maxSockets: DRIVER_CONNECTIONS });
  const db = new pg.Client({ connectionString: fixture.url });
  await db.connect();
  const results: RunResult[] = [];
  const placements: Placement[] = [];
  /** Order commit → purchase published (the relay's two passes), in ms. */
  let relayLags: number[] = [];
  try {
    // The API, seq 1 a warm-up order, then ORDERS more.
    let clients = await startSubscribers(connectOptions(`ws://127.0.0.1:${api.port}/graphql`, fixture));
    let sample = '';
    try {
      await waitUntil(async () => (await liveSubscriptions(api.port)) === SUBSCRIBERS, `${SUBSCRIBERS} live subscriptions`);
      await ask(api.child, { type: 'commits', eventType: LiveEventType.ORDER_PLACED }, 'commits'); // start recording
      const place = orderPlacer(fixture, api.port, agent);
      const published = async (fromSeq: number, count: number): Promise<[number, number][]> => {
        const publishedCount = async () =>
          Number((await db.query('select count(*) as n from outbox_event where topic = $1 and type = $2 and published_at is not null', [Topic.live(fixture.liveStreamId), LiveEventType.PURCHASE])).rows[0].n);
        await waitUntil(async () => (await publishedCount()) >= fromSeq + count - 1, `${count} published purchases`, PUBLISH_TIMEOUT_MS);
        const phase = (await purchases(db, fixture, api.child)).filter((p) => p.seq >= fromSeq);
        relayLags = phase.map((p) => p.published - p.committed);
        return phase.map((p) => [p.seq, p.committed]);
      };
      const warmUp = await measure('warm-up', clients, api.child.pid!, [1], async () => {
        const placed = await place();
        if (!placed.ok) throw new Error(`warm-up order failed: ${placed.error}`);
        return published(1, 1);
      });
      if (warmUp.stats.delivered !== SUBSCRIBERS) throw new Error(`warm-up reached ${warmUp.stats.delivered} of ${SUBSCRIBERS} subscribers`);
      const seqs = Array.from({ length: ORDERS }, (_, i) => 2 + i);
      results.push(
        await measure('API (placeOrder → relay → Redis → graphql-ws)', clients, api.child.pid!, seqs, async () => {
          placements.push(...(await paced(ORDERS, RATE, () => place())));
          return published(2, placements.filter((p) => p.ok).length);
        }),
      );
      sample = results[0]!.stats.sample;
    } finally {
      await clients.close();
    }

    // The baseline: as many events, at the same rate, through a raw `ws` broadcast.
    const raw = await spawnServer('fanout-raw-server.js', []);
    try {
      raw.child.send({ type: 'template', payload: rawTemplate(sample, SEQ_MARKER) });
      clients = await startSubscribers(connectOptions(`ws://127.0.0.1:${raw.port}/graphql`, fixture));
      try {
        await waitUntil(async () => (await ask<{ count: number }>(raw.child, { type: 'subscribers' }, 'subscribers')).count === SUBSCRIBERS, `${SUBSCRIBERS} raw subscribers`);
        const handOver = (seq: number): [number, number] => {
          const at = now();
          raw.child.send({ type: 'publish', seqs: [seq] });
          return [seq, at];
        };
        await measure('raw warm-up', clients, raw.child.pid!, [1], async () => [handOver(1)]);
        const count = results[0]!.stats.expected / SUBSCRIBERS;
        const seqs = Array.from({ length: count }, (_, i) => 2 + i);
        results.push(await measure('raw ws broadcast (baseline)', clients, raw.child.pid!, seqs, () => paced(count, RATE, async (i) => handOver(seqs[i]!))));
      } finally {
        await clients.close();
      }
    } finally {
      raw.child.kill();
    }
    report(results, placements, relayLags, sample);
  } finally {
    agent.destroy();
    await db.end();
    api.child.kill();
  }
}

function report(results: RunResult[], placements: Placement[], relayLags: number[], sample: string): void {
  const [apiRun, rawRun] = results as [RunResult, RunResult];
  const ms = placements.map((p) => p.ms);
  const failed = placements.filter((p) => !p.ok);
  console.log('');
  console.log(`orders placed: ${placements.length - failed.length} of ${placements.length}; placeOrder p50 ${quantile(ms, 0.5).toFixed(1)} ms, p99 ${quantile(ms, 0.99).toFixed(1)} ms`);
  console.log(`order commit → purchase published by the relay (ms clock): p50 ${quantile(relayLags, 0.5).toFixed(1)} ms, p99 ${quantile(relayLags, 0.99).toFixed(1)} ms`);
  if (failed.length) console.log(`first failure: ${failed[0]!.error}`);
  console.log(`message size: ${Buffer.byteLength(sample)} bytes`);
  console.log('');
  console.log('| run | purchases | deliveries | deliveries/s | events/s | p50 ms | p95 ms | p99 ms | max ms | lost | most lost by one subscriber | duplicates | out of order | errors | resumed after 4413 | server CPU | client CPU |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const { name, stats: s, serverCpu, clientCpu } of results) {
    console.log(
      `| ${name} | ${s.expected / SUBSCRIBERS} | ${s.delivered} | ${s.deliveriesPerSecond.toFixed(0)} | ${(s.deliveriesPerSecond / SUBSCRIBERS).toFixed(1)} | ${s.p50.toFixed(1)} | ${s.p95.toFixed(1)} | ${s.p99.toFixed(1)} | ${s.max.toFixed(1)} | ${s.expected - s.delivered} | ${s.mostLostBySubscriber} | ${s.duplicates} | ${s.outOfOrder} | ${s.errors} | ${s.reconnects} | ${(serverCpu * 100).toFixed(0)}% | ${(clientCpu * 100).toFixed(0)}% |`,
    );
  }
  const ratio = (a: number, b: number) => (b === 0 ? '∞' : (a / b).toFixed(1));
  console.log('');
  console.log(`p99 commit → overlay, API / raw ws: ${ratio(apiRun.stats.p99, rawRun.stats.p99)} (${apiRun.stats.p99.toFixed(1)} ms / ${rawRun.stats.p99.toFixed(1)} ms); p50: ${ratio(apiRun.stats.p50, rawRun.stats.p50)}`);
  console.log('latency: API from the commit of the order\'s transaction (seen by the API), raw ws from the hand-over to its server; server CPU: the API process (not PostgreSQL, Redis) or the raw server, share of one core');
  const broken = results.filter((r) => r.stats.delivered < r.stats.expected || r.stats.duplicates > 0 || r.stats.outOfOrder > 0);
  if (broken.length) throw new Error(`events lost, repeated or out of order in: ${broken.map((r) => r.name).join(', ')}`);
  if (failed.length) throw new Error(`${failed.length} orders failed`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
