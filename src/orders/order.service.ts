/** Checkout ("Buy now") and buyer cancellation. Stock moves with conditional UPDATEs in the order's transaction. */
import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { requireViewerId } from '../accounts/account.service';
import { Address } from '../accounts/address.entity';
import { checkAddressFields } from '../accounts/address.service';
import { ProductStatus } from '../catalog/product.entity';
import { newEvent } from '../events/outbox';
import { OutboxEvent } from '../events/outbox-event.entity';
import { nudgeRelayOnCommit } from '../events/outbox-relay';
import { Topic } from '../events/topics';
import { storeKind, type StoreKind } from '../database/orm';
import type { Config } from '../config';
import { returnFlashSaleUnits } from '../live/live-checkout';
import type { Clock } from '../shared/clock';
import type { Context } from '../shared/context';
import { decodeIdOf } from '../shared/ids';
import { idempotent } from '../shared/idempotency';
import { defineSharedRead } from '../shared/loaders';
import { failWith, UserErrorsException } from '../shared/user-error';
import { InputChecker } from '../shared/validation';
import { insertRowsStatement, insertStatement, jsonValue, readRows, runTogether, selectRows, updateRows, type SqlStatement } from '../shared/sql';
import type { IdempotencyRecord } from '../shared/idempotency.entity';
import { selectViews } from '../shared/views';
import { ShopStatus } from '../shops/shop.entity';
import { approveOpenRequest } from './cancellation-request.status';
import { buyersOrder } from './buyers-order';
import { applyAutoConfirm } from './fulfilment.auto-confirm';
import { Shipment, ShipmentStatus } from './fulfilment.entity';
import { cancelAs, OrderActor, OrderEventType, type StatusServices } from './order-status';
import { priceLines, takeFlashSaleLines, tellLiveStream, type CheckedLine, type CheckoutProduct, type CheckoutVariant } from './order.live-source';
import { Order, OrderEvent, OrderEventKind, OrderLine, OrderSourceType, OrderStatus, PaymentMethod, PaymentStatus } from './order.entity';
import type { OrderErrorCode } from './order.errors';
import type { CancelOrderInput, PlaceOrderInput } from './order.inputs';
import { refundInFull } from './payment.service';
import { shippingFee } from './shipping-fee';
import { checkVoucher, countVoucherUse, normaliseVoucherCode, returnVoucherUse } from './voucher.redemption';

const code = (c: OrderErrorCode) => c;

/** `KL` + date + 8 random characters: readable, unguessable, unique (a unique index backs it). */
function orderNumber(now: Date): string {
  const date = now.toISOString().slice(2, 10).replace(/-/g, '');
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const suffix = [...randomBytes(8)].map((b) => alphabet[b % alphabet.length]).join('');
  return `KL${date}${suffix}`;
}

/** The address to ship to, as a snapshot; problems are reported on `check`. */
async function shippingAddressFor(ctx: Context, check: InputChecker, userId: number, input: PlaceOrderInput): Promise<Order['shippingAddress'] | null> {
  if (input.shippingAddress) {
    const fields = checkAddressFields(check, input.shippingAddress, 'shippingAddress.');
    return {
      recipientName: fields.recipientName ?? '',
      phone: fields.phone ?? '',
      line1: fields.line1 ?? '',
      line2: fields.line2 ?? null,
      district: fields.district ?? '',
      city: fields.city ?? '',
      province: fields.province ?? '',
      postalCode: fields.postalCode ?? '',
      countryCode: 'ID',
    };
  }
  const addresses = await addressesOf.get(ctx.app.orm).load(userId);
  let address: AddressRow | undefined;
  if (input.shippingAddressId != null) {
    const id = decodeIdOf('Address', input.shippingAddressId);
    address = id === null ? undefined : addresses.find((row) => row.id === id);
    if (!address) check.fail('shippingAddressId', 'NOT_FOUND', 'No such address in your address book.');
  } else {
    address = addresses.find((row) => row.isDefault);
    if (!address) check.fail('shippingAddressId', code('ADDRESS_REQUIRED'), 'Give a shipping address, or save a default one first.');
  }
  return address?.snapshot ?? null;
}

interface AddressRow {
  readonly id: number;
  readonly isDefault: boolean;
  readonly snapshot: Order['shippingAddress'];
}

/**
 * Buyers' address books for checkout, by user id, as read-only views: checkout only copies an address, and a MikroORM
 * find costs about ten times the statement's CPU. Read before the order's transaction (the order keeps a snapshot,
 * and a read in the transaction locked nothing either), so concurrent checkouts share the statement.
 */
const addressesOf = defineSharedRead<number, AddressRow[]>(async (em, userIds) => {
  const distinct = [...new Set(userIds)];
  const addresses = await selectViews(em, Address, 'a', `select {columns} from address a where a.user_id in (${distinct.map(() => '?').join(', ')}) order by a.id`, distinct);
  return userIds.map((userId) =>
    addresses
      .filter((address) => address.user.id === userId)
      .map(({ id, isDefault, recipientName, phone, line1, line2, district, city, province, postalCode, countryCode }) => ({
        id,
        isDefault,
        snapshot: { recipientName, phone, line1, line2: line2 ?? null, district, city, province, postalCode, countryCode },
      })),
  );
});

export async function placeOrder(ctx: Context, input: PlaceOrderInput): Promise<{ order: Order; replayed: boolean }> {
  const buyerId = requireViewerId(ctx);
  const check = new InputChecker();
  if (input.lines.length < 1 || input.lines.length > 50) check.fail('lines', 'INVALID_INPUT', 'An order has 1–50 lines.');
  const variantIds = input.lines.map((line, i) => {
    const id = decodeIdOf('ProductVariant', line.variantId);
    if (id === null) check.fail(`lines.${i}.variantId`, 'NOT_FOUND', 'No such variant.');
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > 99) check.fail(`lines.${i}.quantity`, 'INVALID_INPUT', 'Quantity is 1–99.');
    return id;
  });
  variantIds.forEach((id, i) => {
    if (id !== null && variantIds.indexOf(id) !== i) check.fail(`lines.${i}.variantId`, 'INVALID_INPUT', 'Each variant appears once; raise its quantity instead.');
  });
  const buyerMessage = check.optionalText('buyerMessage', input.buyerMessage, 500, 'Message');
  const source = input.source ?? { type: OrderSourceType.SHOP, id: null };
  let sourceId: number | null = null;
  if (source.type === OrderSourceType.VIDEO || source.type === OrderSourceType.LIVE) {
    sourceId = source.id ? decodeIdOf(source.type === OrderSourceType.VIDEO ? 'Video' : 'LiveStream', source.id) : null;
    if (sourceId === null) check.fail('source.id', 'INVALID_INPUT', `A ${source.type} purchase names its ${source.type === OrderSourceType.VIDEO ? 'video' : 'live stream'}.`);
  }
  const voucherCode = input.voucherCode?.trim() ? normaliseVoucherCode(input.voucherCode) : null;
  check.assert();

  const store = storeKind(ctx.config);
  // The most common order, one line paid later without a voucher or a live price, is one PostgreSQL statement
  // (stock, order, lines, timeline, events, idempotency claim) in autocommit: nothing else for it to be atomic with.
  const atomic = writesInOneStatement(store, source.type, input.paymentMethod) && input.lines.length === 1 && voucherCode === null;
  let read: CheckoutRead | undefined;
  let shippingAddress: Order['shippingAddress'] | null = null;
  const { result, replayed } = await idempotent<Order, { orderId: number }>(ctx, buyerId, {
    operation: 'placeOrder',
    key: input.idempotencyKey,
    input: { lines: input.lines, shippingAddressId: input.shippingAddressId ?? null, shippingAddress: input.shippingAddress ?? null, paymentMethod: input.paymentMethod, buyerMessage, source, ...(voucherCode ? { voucherCode } : {}) },
    // The variants are read (and a sold-out order refused) before the transaction, in a statement that concurrent
    // checkouts share; in a flash sale most requests end there. Then the address, shared the same way.
    precheck: async () => {
      const rows = await checkoutRowsOf.get(ctx.app.orm).loadMany(variantIds as number[]);
      refuseSoldOut(input, rows);
      const addressCheck = new InputChecker();
      shippingAddress = await shippingAddressFor(ctx, addressCheck, buyerId, input);
      addressCheck.assert();
      const found = rows.filter((row): row is CheckoutRow => row !== null);
      read = { rows: found, orderId: store === 'postgresql' && found.length > 0 ? await nextOrderIds.get(ctx.app.orm).load(0) : null };
    },
    effectWritesClaim: true,
    atomic,
    run: (em, claim) =>
      createOrder(ctx, em, claim, buyerId, input, variantIds as number[], { buyerMessage, sourceType: source.type, sourceId, shippingAddress: shippingAddress!, voucherCode, read }),
    toJson: (order) => ({ orderId: order.id }),
    fromJson: (json, em) => em.findOneOrFail(Order, json.orderId),
  });
  return { order: result, replayed };
}

/**
 * Whether an order's stock, rows, events and claim go into one statement: PostgreSQL (DML in WITH), and no live
 * price or COD, whose writes go through the unit of work. A multi-line order or a voucher still needs a transaction
 * around it (a later line may be short; the voucher's use is counted after).
 */
function writesInOneStatement(store: StoreKind, sourceType: OrderSourceType, paymentMethod: PaymentMethod): boolean {
  return store === 'postgresql' && sourceType !== OrderSourceType.LIVE && paymentMethod !== PaymentMethod.COD;
}

/**
 * A flash sale's sold-out requests are most of its traffic: refuse them from the shared read, before any
 * transaction or row lock. Only a shortage is decided here; the conditional UPDATE that takes the stock remains the
 * arbiter. (`rows` are the lines' variants, in order; an unknown variant is reported by `createOrder`.)
 */
function refuseSoldOut(input: PlaceOrderInput, rows: readonly (CheckoutRow | Error | null)[]): void {
  const shortages = new InputChecker();
  input.lines.forEach((line, i) => {
    const row = rows[i];
    if (row instanceof Error) throw row;
    if (row && row.variant.stock < line.quantity) shortages.fail(`lines.${i}.quantity`, code('OUT_OF_STOCK'), outOfStock(row.variant.stock, row.variant.title));
  });
  shortages.assert();
}

/** A line's variant with its product and the product's shop, as checkout reads them. */
export interface CheckoutRow {
  readonly variant: CheckoutVariant & { readonly stock: number };
  readonly product: CheckoutProduct;
  readonly shop: { readonly id: number; readonly status: ShopStatus; readonly name: string };
}

/** What checkout read before its transaction: the lines' variants, and on PostgreSQL the order's id. */
export interface CheckoutRead {
  readonly rows: readonly CheckoutRow[];
  readonly orderId: number | null;
}

/**
 * Variants with their products and shops for checkout, by variant id, in one plain statement that concurrent
 * checkouts share (the buyers of a flash sale all ask for the same variant). Plain rows, not entities: checkout only
 * reads them, and a MikroORM find with its hydration cost more CPU than the rest of the order. Read outside the
 * order's transaction, as a read in it would be (it locks nothing): the stock is taken by a conditional UPDATE.
 */
const checkoutRowsOf = defineSharedRead<number, CheckoutRow | null>(async (em, ids) => {
  const distinct = [...new Set(ids)];
  const rows = await checkoutRows(em, distinct);
  return ids.map((id) => rows.find((row) => row.variant.id === id) ?? null);
});

async function checkoutRows(em: EntityManager, variantIds: readonly number[]): Promise<CheckoutRow[]> {
  const found = await readRows<{
    id: number;
    title: string;
    sku: string;
    price: number | string;
    stock: number;
    weight_grams: number;
    is_active: boolean | number;
    product_id: number;
    product_title: string;
    product_status: ProductStatus;
    image_urls: unknown;
    shop_id: number;
    shop_status: ShopStatus;
    shop_name: string;
  }>(
    em,
    `select v.id, v.title, v.sku, v.price, v.stock, v.weight_grams, v.is_active, p.id as product_id, p.title as product_title, p.status as product_status, p.image_urls, s.id as shop_id, s.status as shop_status, s.name as shop_name from product_variant v join product p on p.id = v.product_id join shop s on s.id = p.shop_id where v.id in (${variantIds.map(() => '?').join(', ')})`,
    variantIds,
  );
  return found.map((row) => {
    const imageUrls = jsonValue<string[]>(em, row.image_urls);
    return {
      variant: { id: Number(row.id), title: row.title, sku: row.sku, price: Number(row.price), stock: Number(row.stock), weightGrams: Number(row.weight_grams), isActive: Boolean(row.is_active) },
      product: { id: Number(row.product_id), title: row.product_title, status: row.product_status, imageUrl: imageUrls[0] ?? null },
      shop: { id: Number(row.shop_id), status: row.shop_status, name: row.shop_name },
    };
  });
}

/**
 * PostgreSQL: order ids drawn ahead of the order's statement (its lines, events and topics name the order), one
 * `nextval` each, in one statement for all checkouts of an event-loop turn.
 */
const nextOrderIds = defineSharedRead<0, number>(async (em, keys) => {
  const rows = await readRows<{ id: number | string }>(em, "select nextval('shop_order_id_seq') as id from generate_series(1, ?)", [keys.length]);
  return rows.map((row) => Number(row.id));
});

const outOfStock = (left: number, title: string) => (left === 0 ? `"${title}" is sold out.` : `Only ${left} of "${title}" left.`);

/**
 * PostgreSQL: takes the lines' stock with conditional UPDATEs (never read-then-write) and counts the units sold, as
 * WITHs for the statement that writes the order (`taken` lists the variants whose stock was taken). Each variant's
 * UPDATE waits for the one before it, so the rows are locked in variant id order, then the products in id order: the
 * order `releaseStock` uses too, so checkouts and cancellations cannot deadlock. After a shortage the later variants
 * are left alone (the order rolls back anyway).
 */
function takeStockStatements(lines: readonly CheckedLine[]): { statements: (SqlStatement & { name: string })[]; allTaken: string } {
  const byVariant = [...lines].sort((a, b) => a.variant!.id - b.variant!.id);
  const takes = byVariant.map(({ line, variant }, i) => ({
    name: `take${i}`,
    sql: `update product_variant set stock = stock - ? where id = ? and stock >= ?${i === 0 ? '' : ` and exists (select 1 from take${i - 1})`} returning id`,
    params: [line.quantity, variant!.id, line.quantity],
  }));
  const sold = soldByProduct(lines);
  // Each take runs only after the one before it took its units, so the last one took them only if all did.
  const allTaken = `exists (select 1 from ${takes[takes.length - 1]!.name})`;
  const statements = [
    ...takes,
    { name: 'taken', sql: takes.map((take) => `select id from ${take.name}`).join(' union all '), params: [] },
    {
      name: 'sold',
      sql: `update product p set sold_count = p.sold_count + x.quantity from (values ${sold.map(() => '(?::int, ?::int)').join(', ')}) as x(id, quantity) where p.id = x.id and ${allTaken}`,
      params: sold.flat(),
    },
  ];
  return { statements, allTaken };
}

/** [product id, units] of the lines, by product id. */
function soldByProduct(lines: readonly { line: { quantity: number }; product?: { id: number } }[]): [number, number][] {
  const units = new Map<number, number>();
  for (const { line, product } of lines) units.set(product!.id, (units.get(product!.id) ?? 0) + line.quantity);
  return [...units].sort((a, b) => a[0] - b[0]);
}

/** SQLite (one writer, no DML in WITH): one conditional UPDATE per line, then the product's sold count. */
async function takeStockOneByOne(em: EntityManager, lines: readonly CheckedLine[]): Promise<number[]> {
  const taken: number[] = [];
  for (const { line, variant, product } of lines) {
    if ((await updateRows(em, 'update product_variant set stock = stock - ? where id = ? and stock >= ?', [line.quantity, variant!.id, line.quantity])) === 0) continue;
    taken.push(variant!.id);
    await updateRows(em, 'update product set sold_count = sold_count + ? where id = ?', [line.quantity, product!.id]);
  }
  return taken;
}

/**
 * OUT_OF_STOCK for the lines whose stock was not taken (the order then rolls back). PostgreSQL stops at the first
 * shortage, so the lines it did not try are read again and only the short ones are reported.
 */
async function assertStockTaken(em: EntityManager, lines: readonly CheckedLine[], taken: readonly number[]): Promise<void> {
  const missed = lines.filter(({ variant }) => !taken.includes(variant!.id));
  if (missed.length === 0) return;
  const left = await selectRows<{ id: number; stock: number }>(em, `select id, stock from product_variant where id in (${missed.map(() => '?').join(', ')})`, missed.map(({ variant }) => variant!.id));
  const stockOfLine = (variantId: number) => Number(left.find((row) => Number(row.id) === variantId)?.stock ?? 0);
  // A line short when it was tried may have stock again by now (a cancellation committed): then all missed lines are.
  const anyShort = missed.some(({ line, variant }) => stockOfLine(variant!.id) < line.quantity);
  const shortages = new InputChecker();
  lines.forEach(({ line, variant }, i) => {
    if (taken.includes(variant!.id)) return;
    const stock = stockOfLine(variant!.id);
    if (stock < line.quantity) shortages.fail(`lines.${i}.quantity`, code('OUT_OF_STOCK'), outOfStock(stock, variant!.title));
    else if (!anyShort) shortages.fail(`lines.${i}.quantity`, code('OUT_OF_STOCK'), `The stock of "${variant!.title}" changed while you ordered; try again.`);
  });
  shortages.assert();
}

/**
 * Creates the order of checked input: lines with price snapshots, totals, the voucher's discount and use, the
 * timeline's first entry, auto-confirm, and the stock. `variantIds` are the lines' decoded variant ids. Throws a
 * user error (rolling everything back) when a line or the voucher is refused. Runs in `em`'s transaction, or without
 * one for the orders `placeOrder` writes in one statement (one line, PostgreSQL, no live price, no COD, no voucher).
 * The order is written by SQL; `em` manages it only when a flush here changed it (live, COD): merging it costs more
 * CPU than a hot checkout's other ORM work, and checkout only returns it. The demo seed places its orders through
 * here too, and merges them to go on changing them.
 */
export async function createOrder(
  ctx: StatusServices & { readonly config: Pick<Config, 'databaseUrl'> },
  em: EntityManager,
  claim: ((order: Order) => IdempotencyRecord) | null,
  buyerId: number,
  input: Pick<PlaceOrderInput, 'lines' | 'paymentMethod'>,
  variantIds: number[],
  extra: {
    buyerMessage: string | null;
    sourceType: OrderSourceType;
    sourceId: number | null;
    shippingAddress: Order['shippingAddress'];
    voucherCode: string | null;
    /** The variants (and the order's id) read before the transaction; read here when absent. */
    read?: CheckoutRead | undefined;
  },
): Promise<Order> {
  const store = storeKind(ctx.config);
  // SQLite has one writer: read in the transaction, nothing can change before the order is written. PostgreSQL (read
  // committed): a read in the transaction would lock nothing either, so the shared read before it is as good.
  const found = (store === 'postgresql' ? extra.read?.rows : undefined) ?? (await checkoutRows(em, variantIds));
  const check = new InputChecker();
  const lines = input.lines.map((line, i) => {
    const row = found.find((r) => r.variant.id === variantIds[i]);
    if (!row) check.fail(`lines.${i}.variantId`, 'NOT_FOUND', 'No such variant.');
    else if (!row.variant.isActive || row.product.status !== ProductStatus.ACTIVE) {
      check.fail(`lines.${i}.variantId`, code('PRODUCT_UNAVAILABLE'), `"${row.product.title}" is not on sale.`);
    }
    return { line, variant: row?.variant, product: row?.product, shop: row?.shop };
  });
  check.assert();
  const shopIds = new Set(lines.map((l) => l.shop!.id));
  if (shopIds.size > 1) failWith(code('MULTIPLE_SHOPS'), 'An order buys from one shop; place one order per shop.', ['input', 'lines']);
  const shop = lines[0]!.shop!;
  if (shop.status !== ShopStatus.APPROVED) failWith(code('SHOP_NOT_ACTIVE'), `${shop.name} is not selling right now.`, ['input', 'lines']);

  const now = ctx.clock.now();
  const live = extra.sourceType === OrderSourceType.LIVE ? { liveStreamId: extra.sourceId!, shopId: shop.id } : null;
  // A line whose variant has an ACTIVE flash sale in the stream gets the live price (its units are taken below).
  const priced = await priceLines(em, now, lines, live);
  const subtotal = priced.reduce((sum, { line, unitPrice }) => sum + unitPrice * line.quantity, 0);
  const voucher = extra.voucherCode === null ? null : await checkVoucher(em, now, { shopId: shop.id, buyerId, code: extra.voucherCode, subtotal });
  const discount = voucher?.discount ?? 0;
  const grams = lines.reduce((sum, { line, variant }) => sum + variant!.weightGrams * line.quantity, 0);
  const fee = shippingFee(grams);
  const cod = input.paymentMethod === PaymentMethod.COD;
  const deadlines = ctx.config.orders;
  const order = em.create(
    Order,
    {
      orderNumber: orderNumber(now),
      buyer: buyerId,
      shop: shop.id,
      status: cod ? OrderStatus.ON_HOLD : OrderStatus.UNPAID,
      paymentMethod: input.paymentMethod,
      sourceType: extra.sourceType,
      sourceId: extra.sourceId,
      buyerMessage: extra.buyerMessage,
      shippingAddress: extra.shippingAddress,
      subtotal,
      shippingFee: fee,
      discount,
      total: subtotal + fee - discount,
      voucher: voucher?.voucher ?? null,
      voucherCode: voucher?.voucher.code ?? null,
      itemCount: lines.reduce((sum, { line }) => sum + line.quantity, 0),
      paymentDueAt: cod ? null : new Date(now.getTime() + deadlines.paymentWindowMinutes * 60_000),
      cancelFreeUntil: cod ? new Date(now.getTime() + deadlines.freeCancelMinutes * 60_000) : null,
      createdAt: now,
      updatedAt: now,
    },
    { persist: false },
  );
  // The order's id goes into every other row. PostgreSQL (with an id drawn ahead): one statement takes the stock and,
  // only if every line got its units, writes the order with everything else, so the hot rows are locked only for that
  // statement (and the commit, when the order has other writes). Otherwise the order is inserted first, for its id.
  const orderId = extra.read?.orderId ?? null; // drawn ahead on PostgreSQL only
  const together = orderId !== null && writesInOneStatement(store, extra.sourceType, input.paymentMethod);
  if (!together && !em.getTransactionContext()) throw new Error('createOrder: this order takes several statements; run it in a transaction');
  const stock = together ? takeStockStatements(lines) : null;
  const when = stock ? { when: stock.allTaken } : {};
  const rows: (SqlStatement & { name?: string })[] = [...(stock?.statements ?? [])];
  if (orderId !== null) {
    order.id = orderId;
    rows.push(insertStatement(em, [order], when));
  } else order.id = await em.insert(order);
  rows.push(
    insertRowsStatement(
      em,
      OrderLine,
      priced.map(({ line, variant, product, sale, unitPrice }) => ({
        order: order.id,
        product: product!.id,
        variant: variant!.id,
        productTitle: product!.title,
        variantTitle: variant!.title,
        sku: variant!.sku,
        imageUrl: product!.imageUrl,
        unitPrice,
        flashSale: sale?.id ?? null,
        quantity: line.quantity,
        lineTotal: unitPrice * line.quantity,
      })),
      when,
    ),
    insertRowsStatement(em, OrderEvent, [{ order: order.id, kind: OrderEventKind.PLACED, fromStatus: null, toStatus: order.status, actor: OrderActor.BUYER, reason: null, createdAt: now }], when),
  );
  const payload = { orderId: order.id, orderNumber: order.orderNumber, shopId: shop.id, buyerId, status: order.status, total: order.total, sourceType: order.sourceType, sourceId: order.sourceId };
  const events = [Topic.order(order.id), Topic.user(buyerId), Topic.shop(shop.id)].map((topic) => newEvent(ctx.clock, { topic, type: OrderEventType.PLACED, payload }));
  rows.push(insertRowsStatement(em, OutboxEvent, events, when));
  if (claim) rows.push(insertStatement(em, [claim(order)], when));
  if (stock) {
    const taken = await runTogether<{ id: number }>(em, store, [...rows, { sql: 'select id from taken', params: [] }]);
    await assertStockTaken(em, lines, taken.map((row) => Number(row.id)));
  } else {
    await runTogether(em, store, rows);
    if (live || cod) {
      // The live stream's event and an automatic confirmation come after the order's first timeline entry and
      // events, through the unit of work, and before the hot rows are locked.
      em.merge(order);
      if (live) await tellLiveStream(em, ctx.clock, order, priced);
      if (cod) await applyAutoConfirm(em, ctx, order);
      await em.flush();
    }
    if (store === 'postgresql') {
      const taken = await runTogether<{ id: number }>(em, store, [...takeStockStatements(lines).statements, { sql: 'select id from taken', params: [] }]);
      await assertStockTaken(em, lines, taken.map((row) => Number(row.id)));
    } else await assertStockTaken(em, lines, await takeStockOneByOne(em, lines));
  }
  // After the statement that wrote the events: at once without a transaction, else when it commits.
  nudgeRelayOnCommit(em);
  if (voucher) await countVoucherUse(em, voucher.voucher, buyerId);
  // The flash sale's row is the hottest of all (every buyer of the sale): taken last.
  if (live) await takeFlashSaleLines(em, buyerId, priced);
  return order;
}

/**
 * Gives back what a cancelled order held: every line's units to stock (and off the sold count), its voucher use and
 * its flash-sale units. Every cancellation before shipment calls it, in the cancellation's transaction; the locks
 * come in checkout's order (variant, product, voucher, flash sale).
 */
export async function releaseStock(em: EntityManager, clock: Clock, order: Order): Promise<void> {
  // Variants in id order, then products in id order: checkout's lock order.
  const lines = (await em.find(OrderLine, { order })).sort((a, b) => a.variant.id - b.variant.id);
  for (const line of lines) await updateRows(em, 'update product_variant set stock = stock + ? where id = ?', [line.quantity, line.variant.id]);
  for (const [productId, units] of soldByProduct(lines.map((line) => ({ line, product: line.product })))) {
    await updateRows(em, 'update product set sold_count = sold_count - ? where id = ?', [units, productId]);
  }
  await returnVoucherUse(em, order);
  const saleLines = lines.flatMap((line) => (line.flashSale ? [{ flashSaleId: line.flashSale.id, quantity: line.quantity }] : []));
  if (saleLines.length > 0) await returnFlashSaleUnits(em, clock, order.buyer.id, saleLines);
}

/** Whether the order holds money to give back when it is cancelled. */
export function holdsPayment(order: Order): boolean {
  return order.paymentStatus === PaymentStatus.PAID || order.paymentStatus === PaymentStatus.PARTIALLY_REFUNDED;
}

/**
 * Cancels `order` as `actor` and settles what hangs on it, in the caller's transaction: an open cancellation
 * request is approved, an arranged shipment is cancelled, the stock goes back and a paid order is refunded in
 * full. Every cancellation goes through here except a parcel lost in transit (its goods do not come back).
 */
export async function cancelAndSettle(em: EntityManager, services: StatusServices, order: Order, actor: OrderActor, reason: string): Promise<void> {
  const paid = holdsPayment(order);
  // Requests are only opened, and shipments only arranged, in these statuses: other orders skip the look-ups.
  if (order.status === OrderStatus.AWAITING_SHIPMENT) await approveOpenRequest(em, services.clock, order, actor);
  const shipment = order.status === OrderStatus.AWAITING_COLLECTION ? await em.findOne(Shipment, { order }) : null;
  cancelAs(em, services, order, actor, reason);
  if (shipment) shipment.status = ShipmentStatus.CANCELLED;
  // The version check makes a concurrent second cancellation fail here instead of releasing stock twice.
  await em.flush();
  await releaseStock(em, services.clock, order);
  // A paid order's money goes back in the same transaction.
  if (paid) await refundInFull(em, services, order, reason);
}

export async function cancelOrder(ctx: Context, input: CancelOrderInput): Promise<Order> {
  const order = await buyersOrder(ctx, input.orderId);
  const check = new InputChecker();
  const reason = check.text('reason', input.reason, 1, 200, 'Reason');
  check.assert();
  // Buyers cancel directly only before the seller's turn; later, a cancellation request goes to the seller.
  if (order.status !== OrderStatus.UNPAID && order.status !== OrderStatus.ON_HOLD) {
    failWith('INVALID_TRANSITION', `The order cannot go from ${order.status} to CANCELLED by the buyer directly; request a cancellation instead.`, ['input', 'orderId']);
  }
  if (order.status === OrderStatus.ON_HOLD && order.cancelFreeUntil && order.cancelFreeUntil <= ctx.clock.now()) {
    failWith('INVALID_TRANSITION', 'The free cancellation window has ended; ask the seller to cancel instead.', ['input', 'orderId']);
  }
  try {
    await ctx.em.transactional((em) => cancelAndSettle(em, ctx, order, OrderActor.BUYER, reason));
  } catch (error) {
    if ((error as Error).name === 'OptimisticLockError') failWith('INVALID_TRANSITION', 'The order changed at the same moment; reload it.', ['input', 'orderId']);
    if (error instanceof UserErrorsException) throw new UserErrorsException(error.userErrors.map((e) => ({ ...e, field: e.field ?? ['input', 'orderId'] })));
    throw error;
  }
  return order;
}
