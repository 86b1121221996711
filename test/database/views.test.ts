import { afterAll, beforeAll, expect, it } from 'vitest';
import { helper, type EntityClass } from '@mikro-orm/core';
import { PublishVideoDocument } from '../generated/graphql';
import { Product, ProductVariant } from '../../src/catalog/product.entity';
import { Video } from '../../src/catalog/video.entity';
import { Shop } from '../../src/shops/shop.entity';
import { readRows } from '../../src/shared/sql';
import { selectViews, viewOf } from '../../src/shared/views';
import { toGlobalId } from '../../src/shared/ids';
import { describeStore, startTestServer, type TestServer } from '../support/server';
import { listPlainProduct, openShop, seedCategories } from '../support/shops';

/** A property's value as a comparable plain value: relations by id, dates by time. */
function plain(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (value && typeof value === 'object' && 'id' in value && !Array.isArray(value)) return { id: (value as { id: unknown }).id };
  return value;
}

describeStore('read-only views hold what the entities hold', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
    const categories = await seedCategories(server);
    const shop = await openShop(server, 'Toko Tampilan', 'toko-tampilan');
    const product = await listPlainProduct(shop, categories, 'VIEW-1', '125000', 300);
    const { publishVideo } = await shop.owner.client.data(PublishVideoDocument, {
      input: { shopId: shop.shopId, caption: 'Tampilan', videoUrl: 'https://video.example.com/v.mp4', products: [{ productId: product.id, atSecond: 3 }] },
    });
    expect(publishVideo.userErrors).toEqual([]);
  });
  afterAll(() => server?.stop());

  const tables: [EntityClass<{ id: number }>, string][] = [
    [Shop, 'shop'],
    [Product, 'product'],
    [ProductVariant, 'product_variant'],
    [Video, 'video'],
  ];

  it.each(tables)('%o: every eagerly loaded property, relations as { id }, and the global ID', async (entity, table) => {
    const em = server.app.orm.em.fork();
    const entities = await em.find(entity, {}, { orderBy: { id: 'ASC' } });
    const views = await selectViews(em, entity, 't', `select {columns} from ${table} t order by t.id`, []);
    expect(entities.length).toBeGreaterThan(0);
    expect(views).toHaveLength(entities.length);
    const meta = helper(entities[0]!).__meta;
    const properties = meta.props.filter((p) => p.persist !== false && !p.lazy && (p.kind === 'scalar' || p.kind === 'm:1')).map((p) => p.name);
    expect(properties.length).toBeGreaterThan(3);
    for (const [i, view] of views.entries()) {
      const loaded = entities[i] as unknown as Record<string, unknown>;
      const shown = view as unknown as Record<string, unknown>;
      for (const name of properties) expect(plain(shown[name]), `${meta.className}.${name}`).toEqual(plain(loaded[name]));
      expect(view.globalId()).toBe(toGlobalId(meta.className, entities[i]!.id));
    }
  });

  it('a narrower view reads only its columns, and reading another property throws', async () => {
    const em = server.app.orm.em.fork();
    const [full] = await selectViews(em, Product, 'p', 'select {columns} from product p order by p.id', []);
    const [narrow] = await selectViews(em, Product, 'p', 'select {columns} from product p order by p.id', [], ['title', 'shop']);
    expect(viewOf(em, Product).only(['title', 'shop']).columns('p')).toBe('p.id, p.shop_id, p.title');
    expect({ id: narrow!.id, title: narrow!.title, shop: narrow!.shop }).toEqual({ id: full!.id, title: full!.title, shop: full!.shop });
    expect(narrow!.globalId()).toBe(full!.globalId());
    expect(() => narrow!.description).toThrow('Product.description is not in this view');
    expect(viewOf(em, Product).only(null)).toBe(viewOf(em, Product));
  });

  it('readRows binds values (dates, booleans) and answers each call with its own values when a statement is reused', async () => {
    const em = server.app.orm.em.fork();
    const sql = 'select v.id from product_variant v join product p on p.id = v.product_id where v.id > ? and v.is_active = ? and p.created_at < ? order by v.id';
    const all = await readRows<{ id: number }>(em, sql, [0, true, new Date(Date.now() + 60_000)]);
    expect(all.length).toBeGreaterThan(0);
    // The same SQL again with other values (on SQLite, the statement prepared by the first call).
    expect(await readRows(em, sql, [0, true, new Date(0)])).toEqual([]);
    expect(await readRows(em, sql, [0, false, new Date(Date.now() + 60_000)])).toEqual([]);
    const later = await readRows<{ id: number }>(em, sql, [Number(all[0]!.id), true, new Date(Date.now() + 60_000)]);
    expect(later.map((row) => Number(row.id))).toEqual(all.slice(1).map((row) => Number(row.id)));
    // Inside a transaction it reads the transaction's own writes.
    await em.transactional(async (tx) => {
      await tx.getConnection().execute('update product_variant set is_active = ? where id = ?', [false, Number(all[0]!.id)], 'run', tx.getTransactionContext());
      const inside = await readRows<{ id: number }>(tx, sql, [0, true, new Date(Date.now() + 60_000)]);
      expect(inside.map((row) => Number(row.id))).toEqual(all.slice(1).map((row) => Number(row.id)));
      throw new RollBack();
    }).catch((error: unknown) => {
      if (!(error instanceof RollBack)) throw error;
    });
    expect(await readRows(em, sql, [0, true, new Date(Date.now() + 60_000)])).toEqual(all);
  });

  it('readRows outside a transaction reads the last committed state, without waiting for a transaction in progress', async () => {
    const sql = 'select v.id, v.stock from product_variant v order by v.id';
    const before = await readRows<{ id: number; stock: number }>(server.app.orm.em.fork(), sql, []);
    const id = Number(before[0]!.id);
    const stockOf = async () => Number((await readRows<{ id: number; stock: number }>(server.app.orm.em.fork(), sql, [])).find((row) => Number(row.id) === id)!.stock);
    await server.app.orm.em.fork().transactional(async (tx) => {
      await tx.getConnection().execute('update product_variant set stock = stock + 7 where id = ?', [id], 'run', tx.getTransactionContext());
      // A read beside the open transaction answers now (on SQLite: through the file's read-only connection) and
      // sees nothing of it; awaiting a read that waited for the transaction would never return.
      expect(await stockOf()).toBe(Number(before[0]!.stock));
    });
    expect(await stockOf()).toBe(Number(before[0]!.stock) + 7);
  });
});

/** Thrown to roll a test's transaction back. */
class RollBack extends Error {}

