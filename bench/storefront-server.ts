/**
 * The baseline server of bench/storefront: plain node:http with the same database driver running the same batched
 * statements the API needs for the storefront query (shop, products with their rating, variants, videos), with
 * JSON.stringify. Prints `PORT <n>` when listening.
 */
import 'reflect-metadata';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import pg from 'pg';
import { toGlobalId } from '../src/shared/ids';
import { money } from '../src/shared/money';

const [store, target, handle = 'toko-budi', firstArg = '20'] = process.argv.slice(2);
const first = Number(firstArg);

type Row = Record<string, unknown>;
type Query = (sql: string, params: unknown[]) => Promise<Row[]>;

async function baseline(query: Query): Promise<http.Server> {
  const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');
  return http.createServer((req, res) => {
    req.resume();
    req.on('end', async () => {
      try {
        const [shop] = await query('select id, name from shop where handle = ? and status = ?', [handle, 'APPROVED']);
        const products = await query(
          'select id, title, shop_id, rating_average from product where shop_id = ? and status = ? order by sold_count desc, id desc limit ?',
          [shop!['id'], 'ACTIVE', first + 1],
        );
        const page = products.slice(0, first);
        const ids = page.map((p) => p['id']);
        const [variants, videos] = await Promise.all([
          query(`select product_id, price, stock from product_variant where product_id in (${placeholders(ids.length)}) and is_active = ? order by position, id`, [...ids, true]),
          query(
            `select * from (select v.id, vp.product_id as page_parent, row_number() over (partition by vp.product_id order by v.created_at desc, v.id desc) as page_rank ` +
              `from video v join video_product vp on vp.video_id = v.id where vp.product_id in (${placeholders(ids.length)})) ranked where page_rank <= ? order by page_parent, page_rank`,
            [...ids, 2],
          ),
        ]);
        const body = {
          data: {
            shop: {
              name: shop!['name'],
              products: {
                edges: page.map((p) => {
                  const id = p['id'];
                  return {
                    node: {
                      id: toGlobalId('Product', Number(id)),
                      title: p['title'],
                      variants: variants.filter((v) => v['product_id'] === id).map((v) => ({ price: money(Number(v['price'])), stock: Number(v['stock']) })),
                      ratingSummary: { average: Math.round(Number(p['rating_average']) * 100) / 100 },
                      shop: { name: shop!['name'] },
                      videos: { edges: videos.filter((v) => v['page_parent'] === id).map((v) => ({ node: { id: toGlobalId('Video', Number(v['id'])) } })) },
                    },
                  };
                }),
              },
            },
          },
        };
        const json = JSON.stringify(body);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
        res.end(json);
      } catch (error) {
        res.writeHead(500).end(String(error));
      }
    });
  });
}

async function main() {
  let query: Query;
  if (store === 'postgresql') {
    const pool = new pg.Pool({ connectionString: target, max: 20 });
    query = async (sql, params) => {
      let n = 0;
      return (await pool.query(sql.replace(/\?/g, () => `$${(n += 1)}`), params)).rows as Row[];
    };
  } else {
    const db = new Database(target!, { readonly: true });
    // Each statement prepared once, as the API's reads are.
    const statements = new Map<string, Database.Statement>();
    query = async (sql, params) => {
      let statement = statements.get(sql);
      if (!statement) statements.set(sql, (statement = db.prepare(sql)));
      return statement.all(...params.map((p) => (typeof p === 'boolean' ? Number(p) : p))) as Row[];
    };
  }
  const server = await baseline(query);
  server.listen(0, '127.0.0.1', () => console.log(`PORT ${(server.address() as AddressInfo).port}`));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
