/** A live stream's shopping bag ("keranjang"): the shop's products on offer, their order, and the pinned one. */
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { Product, ProductStatus } from '../catalog/product.entity';
import type { Context } from '../shared/context';
import { decodeIdOf } from '../shared/ids';
import { failWith } from '../shared/user-error';
import { InputChecker } from '../shared/validation';
import { FlashSale, FlashSalePhase } from './flash-sale.entity';
import { LiveStreamProduct, type LiveStream } from './live-stream.entity';
import type { AddLiveStreamProductsInput, LiveStreamInput, LiveStreamProductInput, ReorderLiveStreamProductsInput } from './live-stream.inputs';
import { changedMeanwhile, openStreamForMember } from './live-stream.service';
import { LiveEventType, recordLiveEvent } from './live.events';
import type { LiveErrorCode } from './live.errors';

const code = (c: LiveErrorCode) => c;
const PRODUCT_FIELD = ['input', 'productId'];

/** Most products in one bag. */
export const MAX_BAG_PRODUCTS = 200;
/** Most products added in one call. */
export const MAX_PRODUCTS_PER_ADD = 50;

/** Decodes a list of product ids, reporting malformed ones and duplicates on `check`. */
function productIdsOf(check: InputChecker, globalIds: readonly string[]): number[] {
  const ids = globalIds.map((globalId, i) => {
    const id = decodeIdOf('Product', globalId);
    if (id === null) check.fail(`productIds.${i}`, 'NOT_FOUND', 'No such product.');
    return id ?? 0;
  });
  ids.forEach((id, i) => {
    if (id !== 0 && ids.indexOf(id) !== i) check.fail(`productIds.${i}`, 'INVALID_INPUT', 'Each product appears once.');
  });
  return ids;
}

function bagOf(ctx: Context, stream: LiveStream): Promise<LiveStreamProduct[]> {
  return ctx.em.find(LiveStreamProduct, { liveStream: stream.id }, { orderBy: { position: 'ASC', id: 'ASC' } });
}

/** Adds the shop's ACTIVE products at the end of the bag, in the given order; products already in it stay put. */
export async function addLiveStreamProducts(ctx: Context, input: AddLiveStreamProductsInput): Promise<LiveStream> {
  const stream = await openStreamForMember(ctx, input.liveStreamId);
  const check = new InputChecker();
  if (input.productIds.length < 1 || input.productIds.length > MAX_PRODUCTS_PER_ADD) {
    check.fail('productIds', 'INVALID_INPUT', `Add 1–${MAX_PRODUCTS_PER_ADD} products at a time.`);
  }
  const ids = productIdsOf(check, input.productIds);
  const products = await ctx.em.find(Product, { id: { $in: ids } });
  ids.forEach((id, i) => {
    if (id === 0) return; // reported as malformed
    const product = products.find((p) => p.id === id);
    // Another shop's product reads as missing, like a product the viewer may not see.
    if (!product || product.shop.id !== stream.shop.id) check.fail(`productIds.${i}`, 'NOT_FOUND', 'No such product in this shop.');
    else if (product.status !== ProductStatus.ACTIVE) check.fail(`productIds.${i}`, code('LIVE_PRODUCT_NOT_ACTIVE'), `"${product.title}" is not ACTIVE.`);
  });
  check.assert();
  const bag = await bagOf(ctx, stream);
  const added = ids.filter((id) => !bag.some((row) => row.product.id === id));
  if (bag.length + added.length > MAX_BAG_PRODUCTS) failWith('LIMIT_REACHED', `A shopping bag holds at most ${MAX_BAG_PRODUCTS} products.`, ['input', 'productIds']);
  const next = (bag.at(-1)?.position ?? -1) + 1;
  added.forEach((id, i) => ctx.em.create(LiveStreamProduct, { liveStream: stream.id, product: id, position: next + i }));
  stream.updatedAt = ctx.clock.now();
  await flushBag(ctx);
  return stream;
}

/** Takes a product out of the bag (unpinning it if it was pinned); not while it has an open flash sale. */
export async function removeLiveStreamProduct(ctx: Context, input: LiveStreamProductInput): Promise<LiveStream> {
  const stream = await openStreamForMember(ctx, input.liveStreamId);
  const row = await bagRow(ctx, stream, input.productId);
  const now = ctx.clock.now();
  const sale = await ctx.em.findOne(FlashSale, { liveStream: stream.id, product: row.product.id, phase: { $ne: FlashSalePhase.ENDED }, endsAt: { $gt: now } });
  if (sale) failWith(code('LIVE_PRODUCT_ON_FLASH_SALE'), 'End the flash sale on this product first.', PRODUCT_FIELD);
  if (stream.pinnedProduct?.id === row.product.id) changePin(ctx, stream, null);
  ctx.em.remove(row);
  stream.updatedAt = now;
  await flushBag(ctx);
  return stream;
}

/** Puts the whole bag in a new order: every product once. */
export async function reorderLiveStreamProducts(ctx: Context, input: ReorderLiveStreamProductsInput): Promise<LiveStream> {
  const stream = await openStreamForMember(ctx, input.liveStreamId);
  const check = new InputChecker();
  const ids = productIdsOf(check, input.productIds);
  const bag = await bagOf(ctx, stream);
  if (check.ok && (ids.length !== bag.length || bag.some((row) => !ids.includes(row.product.id)))) {
    check.fail('productIds', 'INVALID_INPUT', `List every product of the bag once (${bag.length}), in the new order.`);
  }
  check.assert();
  for (const row of bag) row.position = ids.indexOf(row.product.id);
  stream.updatedAt = ctx.clock.now();
  await flushBag(ctx);
  return stream;
}

/** Pins a product of the bag on top of the stream, replacing the pinned one; pinning it again changes nothing. */
export async function pinLiveStreamProduct(ctx: Context, input: LiveStreamProductInput): Promise<LiveStream> {
  const stream = await openStreamForMember(ctx, input.liveStreamId);
  const row = await bagRow(ctx, stream, input.productId);
  if (stream.pinnedProduct?.id === row.product.id) return stream;
  const product = await ctx.em.findOneOrFail(Product, row.product.id);
  if (product.status !== ProductStatus.ACTIVE) failWith(code('LIVE_PRODUCT_NOT_ACTIVE'), `"${product.title}" is not ACTIVE.`, PRODUCT_FIELD);
  changePin(ctx, stream, product.id);
  await flushBag(ctx);
  return stream;
}

export async function unpinLiveStreamProduct(ctx: Context, input: LiveStreamInput): Promise<LiveStream> {
  const stream = await openStreamForMember(ctx, input.liveStreamId);
  if (!stream.pinnedProduct) return stream;
  changePin(ctx, stream, null);
  await flushBag(ctx);
  return stream;
}

function changePin(ctx: Context, stream: LiveStream, productId: number | null): void {
  const previousProductId = stream.pinnedProduct?.id ?? null;
  stream.pinnedProduct = productId === null ? null : ctx.em.getReference(Product, productId, { wrapped: true });
  stream.updatedAt = ctx.clock.now();
  recordLiveEvent(ctx.em, ctx.clock, stream.id, LiveEventType.PINNED_PRODUCT_CHANGED, { productId, previousProductId });
}

async function bagRow(ctx: Context, stream: LiveStream, globalId: string): Promise<LiveStreamProduct> {
  const productId = decodeIdOf('Product', globalId);
  const row = productId === null ? null : await ctx.em.findOne(LiveStreamProduct, { liveStream: stream.id, product: productId });
  if (!row) failWith(code('LIVE_PRODUCT_NOT_IN_BAG'), "The product is not in the stream's shopping bag.", PRODUCT_FIELD);
  return row;
}

/**
 * One flush (one transaction). The stream's version check refuses a change racing another one (a concurrent pin),
 * and the unique (stream, product) index a product added twice at once.
 */
async function flushBag(ctx: Context): Promise<void> {
  try {
    await ctx.em.flush();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) failWith('VERSION_CONFLICT', 'The shopping bag changed at the same moment; reload and try again.', ['input', 'productIds']);
    throw changedMeanwhile(error);
  }
}
