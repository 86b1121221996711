/**
 * bench/flash-sale: 100 buyers at once on one hot variant, on PostgreSQL.
 *
 * - API: `placeOrder` over HTTP (quantity 1, virtual-account transfer, default address, a fresh idempotency key per
 *   order) against the API in its own process (NODE_ENV=production), until the stock is gone; then the same buyers
 *   keep trying, to measure how fast sold-out requests are refused.
 * - Baseline, in the same run and at the same concurrency: a plain `pg` pool of the API's size doing, per order, one
 *   transaction with the conditional stock decrement (`stock = stock - 1 where stock >= 1`) and the order + order line
 *   inserts into the same tables; sold-out is the decrement updating no row.
 *
 * Runs are interleaved (API, baseline, then baseline, API, …), each on a variant of its own, after a warm-up round
 * that is not counted, and the medians of the rounds compared: on a shared 2-core virtual machine one run can differ
 * from the next by a third.
 * Checks the outcome too: exactly `stock` orders per run, stock 0, no error other than OUT_OF_STOCK. The API
 * process's CPU time per order (sale phase) and per refusal are reported too.
 *
 *   npm run bench:flash-sale [-- --buyers 100 --stock 1500 --soldout 2000 --rounds 3]
 */
import 'reflect-metadata';
import pg from 'pg';
import { Role } from '../src/shared/viewer';
import { signAccessToken } from '../src/accounts/tokens';
import { ProductVariant } from '../src/catalog/product.entity';
import { toGlobalId } from '../src/shared/ids';
import { createAddress, createCategories, createProduct, createShop, createUser } from '../seeds/factories';
import { freshDatabase } from './bench-config';
import { cpuMs, spawnServer } from './processes';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const BUYERS = arg('buyers', 100);
const STOCK = arg('stock', 1500);
const SOLD_OUT_REQUESTS = arg('soldout', 2000);
const ROUNDS = arg('rounds', 3);
const POOL_SIZE = 20; // the API's PostgreSQL pool (src/database/orm.ts)

const PLACE_ORDER = `mutation PlaceOrder($input: PlaceOrderInput!) {
  placeOrder(input: $input) { order { id orderNumber total { amount } } userErrors { code message } }
}`;

interface Fixture {
  readonly url: string;
  /** Per round: the hot variant of the API's run and the baseline's. */
  readonly rounds: { readonly apiVariantId: number; readonly baselineVariantId: number }[];
  readonly buyers: { id: number; token: string }[];
}

async function prepare(): Promise<Fixture> {
  const { url, config, orm } = await freshDatabase('kedai_flash');
  const em = orm.em.fork();
  const categories = await createCategories(em);
  const owner = await createUser(em, { name: 'Flash Seller', email: 'seller@flash.test', password: 'flash-sale-1', roles: [Role.BUYER] }, 1024);
  const shop = createShop(em, owner, { name: 'Toko Kilat', handle: 'toko-kilat', city: 'Jakarta Barat', province: 'DKI Jakarta', postalCode: '11480', approved: true });
  const product = (sku: string) =>
    createProduct(em, shop, [...categories.values()].at(-1)!, {
      title: `Flash sale ${sku}`,
      description: 'One hot variant.',
      imageUrls: ['https://picsum.photos/seed/flash/600/600'],
      variants: [{ sku, options: [], price: 99_000, stock: STOCK }],
    });
  // Round 0 warms both up (the JIT, the pools) and is not counted.
  const products = Array.from({ length: ROUNDS + 1 }, (_, round) => ({ api: product(`FLASH-API-${round}`), baseline: product(`FLASH-BASE-${round}`) }));
  const users = [];
  for (let i = 0; i < BUYERS; i += 1) {
    const user = await createUser(em, { name: `Pembeli ${i}`, email: `buyer${i}@flash.test`, password: 'flash-sale-1' }, 1024);
    createAddress(em, user, {
      recipientName: user.name,
      phone: '+6281234567890',
      line1: `Jl. Melati No. ${i + 1}`,
      district: 'Kebon Jeruk',
      city: 'Jakarta Barat',
      province: 'DKI Jakarta',
      postalCode: '11530',
      isDefault: true,
    });
    users.push(user);
  }
  await em.flush();
  const now = new Date();
  const buyers = await Promise.all(users.map(async (u) => ({ id: u.id, token: (await signAccessToken(config, u.id, now)).token })));
  const variantOf = async (product: (typeof products)[number]['api']) => (await em.findOneOrFail(ProductVariant, { product })).id;
  const rounds = [];
  for (const round of products) rounds.push({ apiVariantId: await variantOf(round.api), baselineVariantId: await variantOf(round.baseline) });
  const result = { url, rounds, buyers };
  await orm.close(true);
  return result;
}



type Outcome = 'ordered' | 'soldOut' | 'error';
let lastError = '';
interface Attempt {
  readonly outcome: Outcome;
  readonly ms: number;
}

/**
 * `workers` loops at once, each calling `attempt(worker, n)` until the shared budget is spent: first until
 * `stock` orders succeeded (the sale), then `soldOutRequests` more (the refusals). Returns both phases.
 */
async function run(workers: number, attempt: (worker: number, n: number) => Promise<Outcome>, onSoldOut: () => void = () => undefined) {
  const sale: Attempt[] = [];
  const refusals: Attempt[] = [];
  let ordered = 0;
  let refusalBudget = SOLD_OUT_REQUESTS;
  let n = 0;
  const saleStart = performance.now();
  let saleEnd = 0;
  let refusalStart = 0;
  let errors = 0;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (;;) {
        const soldOut = ordered >= STOCK;
        if (soldOut && refusalBudget-- <= 0) return;
        if (soldOut && refusalStart === 0) {
          refusalStart = performance.now();
          onSoldOut();
        }
        const started = performance.now();
        const outcome = await attempt(worker, (n += 1));
        const sample = { outcome, ms: performance.now() - started };
        if (outcome === 'error' && (errors += 1) > 20) throw new Error(`more than 20 errors; last: ${lastError}`);
        if (outcome === 'ordered') {
          ordered += 1;
          saleEnd = performance.now();
        }
        (soldOut ? refusals : sale).push(sample);
      }
    }),
  );
  const refusalEnd = performance.now();
  return { sale, refusals, saleSeconds: (saleEnd - saleStart) / 1000, refusalSeconds: (refusalEnd - refusalStart) / 1000, ordered };
}

const p99 = (samples: Attempt[]) => {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))]! : 0;
};

async function apiRun(fixture: Fixture, port: number, round: number, onSoldOut: () => void) {
  const variantId = toGlobalId('ProductVariant', fixture.rounds[round]!.apiVariantId);
  return run(BUYERS, async (worker, n) => {
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${fixture.buyers[worker]!.token}` },
      body: JSON.stringify({
        query: PLACE_ORDER,
        variables: { input: { lines: [{ variantId, quantity: 1 }], paymentMethod: 'BANK_TRANSFER', source: { type: 'SHOP' }, idempotencyKey: `flash-sale-${round}-${n}` } },
      }),
    });
    const text = await response.text();
    const payload = response.status === 200 ? (JSON.parse(text) as { data?: { placeOrder: { order: unknown; userErrors: { code: string }[] } } }).data?.placeOrder : undefined;
    if (payload?.order) return 'ordered';
    if (payload?.userErrors[0]?.code === 'OUT_OF_STOCK') return 'soldOut';
    lastError = `${response.status} ${text.slice(0, 300)}`;
    return 'error';
  }, onSoldOut);
}

async function baselineRun(fixture: Fixture, round: number) {
  const variantId = fixture.rounds[round]!.baselineVariantId;
  const pool = new pg.Pool({ connectionString: fixture.url, max: POOL_SIZE });
  const address = JSON.stringify({ recipientName: 'Pembeli', phone: '+6281234567890', line1: 'Jl. Melati', line2: null, district: 'Kebon Jeruk', city: 'Jakarta Barat', province: 'DKI Jakarta', postalCode: '11530', countryCode: 'ID' });
  try {
    return await run(BUYERS, async (worker, n) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const taken = await client.query(
          'update product_variant set stock = stock - 1 where id = $1 and stock >= 1 returning price, product_id, shop_id, sku, title',
          [variantId],
        );
        if (taken.rowCount === 0) {
          await client.query('rollback');
          return 'soldOut';
        }
        const v = taken.rows[0] as { price: string; product_id: number; shop_id: number; sku: string; title: string };
        const order = await client.query(
          `insert into shop_order (order_number, buyer_id, shop_id, status, payment_method, source_type, shipping_address, subtotal, shipping_fee, discount, total, item_count, payment_due_at, created_at, updated_at)
           values ($1, $2, $3, 'UNPAID', 'BANK_TRANSFER', 'SHOP', $4, $5::bigint, 9000, 0, $5::bigint + 9000, 1, now() + interval '60 minutes', now(), now()) returning id`,
          [`BASE-${round}-${n}`, fixture.buyers[worker]!.id, v.shop_id, address, v.price],
        );
        await client.query(
          `insert into order_line (order_id, product_id, variant_id, product_title, variant_title, sku, image_url, unit_price, quantity, line_total)
           values ($1, $2, $3, 'Flash sale', $4, $5, null, $6, 1, $6)`,
          [order.rows[0].id, v.product_id, variantId, v.title, v.sku, v.price],
        );
        await client.query('commit');
        return 'ordered';
      } catch (error) {
        lastError = String(error);
        await client.query('rollback').catch(() => undefined);
        return 'error';
      } finally {
        client.release();
      }
    });
  } finally {
    await pool.end();
  }
}

/**
 * Waits until the API's relay has delivered every outbox event (inbox notifications included), so that its
 * catching up after a run does not load the next one; returns how long that took.
 */
async function relayDrained(url: string): Promise<number> {
  const started = performance.now();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (;;) {
      const { rows } = await client.query('select count(*)::int as pending from outbox_event where published_at is null');
      if (rows[0].pending === 0) return performance.now() - started;
      if (performance.now() - started > 120_000) throw new Error(`the relay still has ${rows[0].pending} events after 2 minutes`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await client.end();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

interface RunFigures {
  readonly ordersPerSecond: number;
  readonly orderP99: number;
  readonly refusalsPerSecond: number;
  readonly refusalP99: number;
  readonly errors: number;
}

function figures(r: Awaited<ReturnType<typeof run>>): RunFigures {
  return {
    ordersPerSecond: r.ordered / r.saleSeconds,
    orderP99: p99(r.sale.filter((s) => s.outcome === 'ordered')),
    refusalsPerSecond: r.refusals.length / r.refusalSeconds,
    refusalP99: p99(r.refusals),
    errors: [...r.sale, ...r.refusals].filter((s) => s.outcome === 'error').length,
  };
}

async function main() {
  console.log(`flash sale on PostgreSQL: ${BUYERS} concurrent buyers, one variant with stock ${STOCK}, then ${SOLD_OUT_REQUESTS} sold-out attempts; ${ROUNDS} interleaved rounds, medians`);
  const fixture = await prepare();
  const api = await spawnServer('api-server.js', ['postgresql', fixture.url]);
  const results: { api: RunFigures; baseline: RunFigures; cpuPerOrder: number; cpuPerRefusal: number }[] = [];
  try {
    for (let round = 0; round <= ROUNDS; round += 1) {
      const apiRound = async () => {
        const pid = api.child.pid!;
        const start = cpuMs(pid);
        let soldOutAt = 0;
        const r = await apiRun(fixture, api.port, round, () => (soldOutAt = cpuMs(pid)));
        const end = cpuMs(pid);
        return { r, cpuPerOrder: (soldOutAt - start) / r.sale.length, cpuPerRefusal: (end - soldOutAt) / Math.max(1, r.refusals.length), drainMs: await relayDrained(fixture.url) };
      };
      // Interleaved: API first in even rounds, baseline first in odd ones.
      let apiResult: Awaited<ReturnType<typeof apiRound>>;
      let baseResult: Awaited<ReturnType<typeof run>>;
      if (round % 2 === 0) {
        apiResult = await apiRound();
        baseResult = await baselineRun(fixture, round);
      } else {
        baseResult = await baselineRun(fixture, round);
        apiResult = await apiRound();
      }
      const last = { api: figures(apiResult.r), baseline: figures(baseResult), cpuPerOrder: apiResult.cpuPerOrder, cpuPerRefusal: apiResult.cpuPerRefusal };
      if (round > 0) results.push(last);
      console.log(
        `${round === 0 ? 'warm-up' : `round ${round}`}: API ${last.api.ordersPerSecond.toFixed(0)} orders/s, baseline ${last.baseline.ordersPerSecond.toFixed(0)} orders/s, ratio ${(last.api.ordersPerSecond / last.baseline.ordersPerSecond).toFixed(2)}; API CPU ${last.cpuPerOrder.toFixed(2)} ms/order attempt, ${last.cpuPerRefusal.toFixed(2)} ms/refusal; relay caught up ${apiResult.drainMs.toFixed(0)} ms after the run`,
      );
    }
    const check = new pg.Client({ connectionString: fixture.url });
    await check.connect();
    const variantIds = fixture.rounds.flatMap((r) => [r.apiVariantId, r.baselineVariantId]); // warm-up included
    const stocks = await check.query('select id, stock from product_variant where id = any($1)', [variantIds]);
    const sold = await check.query('select variant_id, count(*) as orders from order_line where variant_id = any($1) group by variant_id', [variantIds]);
    await check.end();
    const stockOf = (id: number) => Number(stocks.rows.find((row) => row.id === id)!.stock);
    const ordersOf = (id: number) => Number(sold.rows.find((row) => row.variant_id === id)?.orders ?? 0);
    const med = (pick: (f: RunFigures) => number, of: 'api' | 'baseline') => median(results.map((r) => pick(r[of])));
    const rows = (['api', 'baseline'] as const).map((of) => ({
      name: of === 'api' ? 'API placeOrder (HTTP)' : 'baseline pg transaction',
      ordersPerSecond: med((f) => f.ordersPerSecond, of),
      orderP99: med((f) => f.orderP99, of),
      refusalsPerSecond: med((f) => f.refusalsPerSecond, of),
      refusalP99: med((f) => f.refusalP99, of),
      orders: fixture.rounds.map((r) => ordersOf(of === 'api' ? r.apiVariantId : r.baselineVariantId)),
      stock: fixture.rounds.map((r) => stockOf(of === 'api' ? r.apiVariantId : r.baselineVariantId)),
      errors: results.reduce((sum, r) => sum + r[of].errors, 0),
    }));
    console.log('');
    console.log('| run (median of rounds) | orders/s | order p99 ms | sold-out refusals/s | refusal p99 ms | orders per round | final stock | errors |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const row of rows) {
      console.log(
        `| ${row.name} | ${row.ordersPerSecond.toFixed(0)} | ${row.orderP99.toFixed(0)} | ${row.refusalsPerSecond.toFixed(0)} | ${row.refusalP99.toFixed(0)} | ${row.orders.join(', ')} | ${row.stock.join(', ')} | ${row.errors} |`,
      );
    }
    console.log('');
    if (lastError) console.log(`last error: ${lastError}`);
    console.log(`API process CPU (medians): ${median(results.map((r) => r.cpuPerOrder)).toFixed(2)} ms per order attempt in the sale, ${median(results.map((r) => r.cpuPerRefusal)).toFixed(2)} ms per sold-out refusal`);
    console.log(
      `ratio orders/s (API / baseline): ${(rows[0]!.ordersPerSecond / rows[1]!.ordersPerSecond).toFixed(2)} (target ≥ 0.3; per round: ${results.map((r) => (r.api.ordersPerSecond / r.baseline.ordersPerSecond).toFixed(2)).join(', ')}); sold-out refusals/s ratio: ${(rows[0]!.refusalsPerSecond / rows[1]!.refusalsPerSecond).toFixed(2)}`,
    );
    const wrong = rows.filter((row) => row.orders.some((n) => n !== STOCK) || row.stock.some((n) => n !== 0));
    if (wrong.length) throw new Error(`oversold or undersold: ${wrong.map((w) => `${w.name}: ${w.orders.join(', ')} orders, stock ${w.stock.join(', ')}`).join('; ')}`);
  } finally {
    api.child.kill();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
