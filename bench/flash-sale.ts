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
 * Checks the outcome too: exactly `stock` orders, stock 0, no error other than OUT_OF_STOCK.
 *
 *   npm run bench:flash-sale [-- --buyers 100 --stock 2000 --soldout 3000]
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
const STOCK = arg('stock', 2000);
const SOLD_OUT_REQUESTS = arg('soldout', 3000);
const POOL_SIZE = 20; // the API's PostgreSQL pool (src/database/orm.ts)

const PLACE_ORDER = `mutation PlaceOrder($input: PlaceOrderInput!) {
  placeOrder(input: $input) { order { id orderNumber total { amount } } userErrors { code message } }
}`;

interface Fixture {
  readonly url: string;
  readonly variantId: number;
  readonly baselineVariantId: number;
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
  const hot = product('FLASH-API');
  const baseline = product('FLASH-BASE');
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
  const variantOf = async (product: typeof hot) => (await em.findOneOrFail(ProductVariant, { product })).id;
  const result = { url, variantId: await variantOf(hot), baselineVariantId: await variantOf(baseline), buyers };
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
async function run(workers: number, attempt: (worker: number, n: number) => Promise<Outcome>) {
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
        if (soldOut && refusalStart === 0) refusalStart = performance.now();
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

async function apiRun(fixture: Fixture, port: number) {
  const variantId = toGlobalId('ProductVariant', fixture.variantId);
  return run(BUYERS, async (worker, n) => {
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${fixture.buyers[worker]!.token}` },
      body: JSON.stringify({
        query: PLACE_ORDER,
        variables: { input: { lines: [{ variantId, quantity: 1 }], paymentMethod: 'BANK_TRANSFER', source: { type: 'SHOP' }, idempotencyKey: `flash-sale-${n}` } },
      }),
    });
    const text = await response.text();
    const payload = response.status === 200 ? (JSON.parse(text) as { data?: { placeOrder: { order: unknown; userErrors: { code: string }[] } } }).data?.placeOrder : undefined;
    if (payload?.order) return 'ordered';
    if (payload?.userErrors[0]?.code === 'OUT_OF_STOCK') return 'soldOut';
    lastError = `${response.status} ${text.slice(0, 300)}`;
    return 'error';
  });
}

async function baselineRun(fixture: Fixture) {
  const pool = new pg.Pool({ connectionString: fixture.url, max: POOL_SIZE });
  const address = JSON.stringify({ recipientName: 'Pembeli', phone: '+6281234567890', line1: 'Jl. Melati', line2: null, district: 'Kebon Jeruk', city: 'Jakarta Barat', province: 'DKI Jakarta', postalCode: '11530', countryCode: 'ID' });
  try {
    return await run(BUYERS, async (worker, n) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const taken = await client.query(
          'update product_variant set stock = stock - 1 where id = $1 and stock >= 1 returning price, product_id, shop_id, sku, title',
          [fixture.baselineVariantId],
        );
        if (taken.rowCount === 0) {
          await client.query('rollback');
          return 'soldOut';
        }
        const v = taken.rows[0] as { price: string; product_id: number; shop_id: number; sku: string; title: string };
        const order = await client.query(
          `insert into shop_order (order_number, buyer_id, shop_id, status, payment_method, source_type, shipping_address, subtotal, shipping_fee, discount, total, item_count, payment_due_at, created_at, updated_at)
           values ($1, $2, $3, 'UNPAID', 'BANK_TRANSFER', 'SHOP', $4, $5::bigint, 9000, 0, $5::bigint + 9000, 1, now() + interval '60 minutes', now(), now()) returning id`,
          [`BASE-${n}`, fixture.buyers[worker]!.id, v.shop_id, address, v.price],
        );
        await client.query(
          `insert into order_line (order_id, product_id, variant_id, product_title, variant_title, sku, image_url, unit_price, quantity, line_total)
           values ($1, $2, $3, 'Flash sale', $4, $5, null, $6, 1, $6)`,
          [order.rows[0].id, v.product_id, fixture.baselineVariantId, v.title, v.sku, v.price],
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

async function main() {
  console.log(`flash sale on PostgreSQL: ${BUYERS} concurrent buyers, one variant with stock ${STOCK}, then ${SOLD_OUT_REQUESTS} sold-out attempts`);
  const fixture = await prepare();
  const api = await spawnServer('api-server.js', ['postgresql', fixture.url]);
  try {
    const apiCpuBefore = cpuMs(api.child.pid!);
    const apiResult = await apiRun(fixture, api.port);
    const apiCpu = cpuMs(api.child.pid!) - apiCpuBefore;
    const baseResult = await baselineRun(fixture);
    const check = new pg.Client({ connectionString: fixture.url });
    await check.connect();
    const stocks = await check.query('select id, stock from product_variant where id = any($1)', [[fixture.variantId, fixture.baselineVariantId]]);
    const orders = await check.query("select count(*) filter (where order_number like 'BASE-%') as base, count(*) filter (where order_number not like 'BASE-%') as api from shop_order");
    await check.end();
    const stockOf = (id: number) => Number(stocks.rows.find((r) => r.id === id)!.stock);
    const rows = [
      { name: 'API placeOrder (HTTP)', r: apiResult, orders: Number(orders.rows[0].api), stock: stockOf(fixture.variantId) },
      { name: 'baseline pg transaction', r: baseResult, orders: Number(orders.rows[0].base), stock: stockOf(fixture.baselineVariantId) },
    ];
    console.log('');
    console.log('| run | orders/s | order p99 ms | sold-out refusals/s | refusal p99 ms | orders | final stock | errors |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const { name, r, orders: count, stock } of rows) {
      const errors = [...r.sale, ...r.refusals].filter((s) => s.outcome === 'error').length;
      const ordersPerSecond = r.ordered / r.saleSeconds;
      const refusalsPerSecond = r.refusals.length / r.refusalSeconds;
      console.log(
        `| ${name} | ${ordersPerSecond.toFixed(0)} | ${p99(r.sale.filter((s) => s.outcome === 'ordered')).toFixed(0)} | ${refusalsPerSecond.toFixed(0)} | ${p99(r.refusals).toFixed(0)} | ${count} | ${stock} | ${errors} |`,
      );
    }
    const ratio = (apiResult.ordered / apiResult.saleSeconds) / (baseResult.ordered / baseResult.saleSeconds);
    const refusalRatio = (apiResult.refusals.length / apiResult.refusalSeconds) / (baseResult.refusals.length / baseResult.refusalSeconds);
    console.log('');
    if (lastError) console.log(`last error: ${lastError}`);
    const attempts = apiResult.sale.length + apiResult.refusals.length;
    console.log(`API process CPU: ${apiCpu.toFixed(0)} ms for ${attempts} requests (${(apiCpu / attempts).toFixed(1)} ms per request)`);
    console.log(`ratio orders/s (API / baseline): ${ratio.toFixed(2)} (target ≥ 0.3); sold-out refusals/s ratio: ${refusalRatio.toFixed(2)}`);
    const wrong = rows.filter((row) => row.orders !== STOCK || row.stock !== 0);
    if (wrong.length) throw new Error(`oversold or undersold: ${wrong.map((w) => `${w.name}: ${w.orders} orders, stock ${w.stock}`).join('; ')}`);
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
