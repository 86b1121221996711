/**
 * Flash sales in a live stream: the seller starts one (a countdown, then a live-only price for a few minutes) and may
 * end it early; the sweeper starts and ends them by the clock. What checkout does with them is in live-checkout.ts.
 */
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { Product, ProductStatus, ProductVariant } from '../catalog/product.entity';
import type { Clock } from '../shared/clock';
import type { Context } from '../shared/context';
import { decodeIdOf, toGlobalId } from '../shared/ids';
import type { BackgroundJob } from '../shared/jobs';
import { parseMoney } from '../shared/money';
import { sweepEach } from '../shared/sweep';
import { failWith } from '../shared/user-error';
import { InputChecker } from '../shared/validation';
import { FlashSale, FlashSalePhase } from './flash-sale.entity';
import { LiveStreamProduct, LiveStreamStatus, type LiveStream } from './live-stream.entity';
import type { FlashSaleInput, StartFlashSaleInput } from './live-stream.inputs';
import { changedMeanwhile, lockStream, STREAM_FIELD, streamForMember } from './live-stream.service';
import { writeFlashSalePhase } from './live-stream.status';
import { LiveEventType, recordFlashSaleEvent } from './live.events';
import type { LiveErrorCode } from './live.errors';
import { flashSaleById } from './live.loaders';

const code = (c: LiveErrorCode) => c;
const SALE_FIELD = ['input', 'flashSaleId'];

export const flashSaleRules = {
  countdownSeconds: { min: 10, max: 300 },
  durationMinutes: { min: 1, max: 20 },
  quantity: { min: 1, max: 10_000 },
  perBuyerLimit: { min: 1, max: 99 },
} as const;

const isIntegerIn = (value: number, { min, max }: { min: number; max: number }) => Number.isInteger(value) && value >= min && value <= max;

/** The terms of a new sale, checked against its variant; problems go to `check`. */
function saleTerms(check: InputChecker, input: StartFlashSaleInput, variant: ProductVariant) {
  const price = parseMoney(input.price);
  if (price === null || price <= 0 || price >= variant.price) check.fail('price', 'INVALID_INPUT', "The live price is a decimal IDR amount above 0 and below the variant's price.");
  const { quantity, perBuyerLimit, countdownSeconds, durationMinutes } = input;
  if (!isIntegerIn(quantity, flashSaleRules.quantity)) check.fail('quantity', 'INVALID_INPUT', `Put ${flashSaleRules.quantity.min}–${flashSaleRules.quantity.max} units on sale.`);
  else if (quantity > variant.stock) check.fail('quantity', 'INVALID_INPUT', `Only ${variant.stock} of "${variant.title}" in stock.`);
  if (!isIntegerIn(perBuyerLimit, flashSaleRules.perBuyerLimit)) check.fail('perBuyerLimit', 'INVALID_INPUT', 'The per-buyer limit is 1–99 units.');
  else if (perBuyerLimit > quantity) check.fail('perBuyerLimit', 'INVALID_INPUT', 'The per-buyer limit cannot exceed the quantity.');
  if (!isIntegerIn(countdownSeconds, flashSaleRules.countdownSeconds)) check.fail('countdownSeconds', 'INVALID_INPUT', 'The countdown is 10–300 seconds.');
  if (!isIntegerIn(durationMinutes, flashSaleRules.durationMinutes)) check.fail('durationMinutes', 'INVALID_INPUT', 'A flash sale lasts 1–20 minutes.');
  return { price: price ?? 0, quantity, perBuyerLimit, countdownSeconds, durationMinutes };
}

/** The variant of a sale: active, of an ACTIVE product in the stream's bag. */
async function saleVariant(ctx: Context, stream: LiveStream, globalId: string): Promise<ProductVariant> {
  const field = ['input', 'variantId'];
  const id = decodeIdOf('ProductVariant', globalId);
  const variant = id === null ? null : await ctx.em.findOne(ProductVariant, { id, shop: stream.shop.id, isActive: true }, { populate: ['product'] });
  if (!variant) failWith('NOT_FOUND', 'No such variant in this shop.', field);
  const product = variant.product.getEntity() as Product;
  if ((await ctx.em.count(LiveStreamProduct, { liveStream: stream.id, product: product.id })) === 0) {
    failWith(code('LIVE_PRODUCT_NOT_IN_BAG'), `Add "${product.title}" to the shopping bag first.`, field);
  }
  if (product.status !== ProductStatus.ACTIVE) failWith(code('LIVE_PRODUCT_NOT_ACTIVE'), `"${product.title}" is not ACTIVE.`, field);
  return variant;
}

export async function startFlashSale(ctx: Context, input: StartFlashSaleInput): Promise<FlashSale> {
  const stream = await streamForMember(ctx, input.liveStreamId);
  const notLive = () => failWith(code('LIVE_STREAM_NOT_LIVE'), 'Flash sales run while the stream is LIVE.', STREAM_FIELD);
  if (stream.status !== LiveStreamStatus.LIVE) notLive();
  const variant = await saleVariant(ctx, stream, input.variantId);
  const check = new InputChecker();
  const terms = saleTerms(check, input, variant);
  check.assert();
  const now = ctx.clock.now();
  const inProgress = () => failWith(code('FLASH_SALE_IN_PROGRESS'), 'The stream has a flash sale counting down or running; end it first.', STREAM_FIELD);
  try {
    return await ctx.em.transactional(async (em) => {
      // The stream's row first (as endLiveStream takes it): a stream ending meanwhile ends this sale or refuses it.
      if (!(await lockStream(em, stream.id, LiveStreamStatus.LIVE))) notLive();
      await closeExpiredSales(em, ctx.clock, stream, now);
      const startsAt = new Date(now.getTime() + terms.countdownSeconds * 1000);
      const sale = em.create(FlashSale, {
        liveStream: stream.id,
        variant: variant.id,
        product: variant.product.id,
        price: terms.price,
        quantity: terms.quantity,
        perBuyerLimit: terms.perBuyerLimit,
        startsAt,
        endsAt: new Date(startsAt.getTime() + terms.durationMinutes * 60_000),
        createdAt: now,
      });
      await em.flush();
      recordFlashSaleEvent(em, ctx.clock, sale, LiveEventType.FLASH_SALE_SCHEDULED);
      return sale;
    });
  } catch (error) {
    // The unique index allows one sale that has not ENDED per stream: this start lost a race, or one is open.
    if (error instanceof UniqueConstraintViolationException) inProgress();
    throw error;
  }
}

/**
 * Ends the stream's sale whose time is up but which the sweeper has not reached yet, so it no longer blocks a new
 * one; a sale still open is left alone (the unique index then refuses the new sale).
 */
async function closeExpiredSales(em: EntityManager, clock: Clock, stream: LiveStream, now: Date): Promise<void> {
  for (const sale of await em.find(FlashSale, { liveStream: stream.id, phase: { $ne: FlashSalePhase.ENDED }, endsAt: { $lte: now } })) {
    writeFlashSalePhase(em, clock, sale, FlashSalePhase.ENDED);
  }
  await em.flush();
}

/** Ends a sale now, during its countdown or while it runs. */
export async function endFlashSale(ctx: Context, input: FlashSaleInput): Promise<FlashSale> {
  const id = decodeIdOf('FlashSale', input.flashSaleId);
  const sale = id === null ? null : await ctx.loaders.get(flashSaleById).load(id);
  if (!sale) failWith('NOT_FOUND', 'No such flash sale.', SALE_FIELD);
  await streamForMember(ctx, toGlobalId('LiveStream', sale.liveStream.id), SALE_FIELD);
  writeFlashSalePhase(ctx.em, ctx.clock, sale, FlashSalePhase.ENDED);
  try {
    await ctx.em.flush();
  } catch (error) {
    throw changedMeanwhile(error, SALE_FIELD);
  }
  return sale;
}

/**
 * Starts sales whose countdown is over and ends those whose time is up ("the sale ends by itself"), each in its own
 * version-guarded transaction with its event, so several instances sweeping at once announce each change once.
 */
export const flashSaleSweeper: BackgroundJob = {
  name: 'live-flash-sales',
  intervalMs: (app) => app.config.live.flashSaleSweepMs,
  run: async (app) => {
    const now = app.clock.now();
    const started = await sweepEach(
      app,
      FlashSale,
      { phase: FlashSalePhase.SCHEDULED, startsAt: { $lte: now }, endsAt: { $gt: now } },
      (sale) => sale.phase === FlashSalePhase.SCHEDULED,
      async (em, sale) => writeFlashSalePhase(em, app.clock, sale, FlashSalePhase.ACTIVE),
    );
    const ended = await sweepEach(
      app,
      FlashSale,
      { phase: { $ne: FlashSalePhase.ENDED }, endsAt: { $lte: now } },
      (sale) => sale.phase !== FlashSalePhase.ENDED,
      async (em, sale) => writeFlashSalePhase(em, app.clock, sale, FlashSalePhase.ENDED),
    );
    return started + ended;
  },
};
