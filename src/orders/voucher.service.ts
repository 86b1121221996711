/** Shop vouchers: creating, ending, listing and who sees them. Checkout use lives in `voucher.redemption.ts`. */
import { UniqueConstraintViolationException, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import { recordEvent } from '../events/outbox';
import { Topic } from '../events/topics';
import type { Context } from '../shared/context';
import type { EntityView } from '../shared/views';
import { decodeIdOf, toGlobalId } from '../shared/ids';
import { parseMoney } from '../shared/money';
import { paginate } from '../shared/pagination';
import { failWith } from '../shared/user-error';
import { InputChecker } from '../shared/validation';
import { hasRole, Role, viewerUserId } from '../shared/viewer';
import { approvedShopForMember, shopForMember, viewerRoleIn, visibleShop } from '../shops/shop-access';
import type { Shop } from '../shops/shop.entity';
import { Voucher, VoucherState, VoucherType } from './voucher.entity';
import type { VoucherErrorCode } from './voucher.errors';
import type { CreateVoucherInput, EndVoucherInput, ShopVouchersArgs } from './voucher.inputs';
import { usableVouchersByShop, viewerVoucherUses } from './voucher.loaders';
import { normaliseVoucherCode, VOUCHER_CODE } from './voucher.redemption';

const code = (c: VoucherErrorCode) => c;

/** Most vouchers a shop may have that have not expired yet. */
export const MAX_OPEN_VOUCHERS = 100;
/** Longest validity period. */
export const MAX_VALIDITY_DAYS = 180;

export const VoucherEventType = {
  VOUCHER_CREATED: 'VOUCHER_CREATED',
  VOUCHER_ENDED: 'VOUCHER_ENDED',
} as const;

/** A decimal IDR amount above 0 from input, in minor units; null when absent or invalid (reported on `field`). */
function positiveAmount(check: InputChecker, field: string, value: string | null | undefined, label: string): number | null {
  if (value == null) return null;
  const minor = parseMoney(value);
  if (minor === null || minor <= 0) check.fail(field, 'INVALID_INPUT', `${label} is a decimal IDR amount above 0, e.g. "15000".`);
  return minor !== null && minor > 0 ? minor : null;
}

/** What the voucher takes off: percent (with an optional cap) or a fixed amount, and the minimum spend. */
function checkDiscount(check: InputChecker, input: CreateVoucherInput) {
  const percent = input.type === VoucherType.PERCENT;
  const only = (field: string, type: string) => check.fail(field, 'INVALID_INPUT', `Only ${type} vouchers take \`${field}\`.`);
  if (percent) {
    const p = input.percentOff;
    if (p == null || !Number.isInteger(p) || p < 1 || p > 100) check.fail('percentOff', 'INVALID_INPUT', 'A percent voucher takes 1–100 percent off.');
    if (input.amountOff != null) only('amountOff', 'FIXED');
  } else {
    if (input.amountOff == null) check.fail('amountOff', 'INVALID_INPUT', 'A fixed voucher needs the amount it takes off.');
    if (input.percentOff != null) only('percentOff', 'PERCENT');
    if (input.maximumDiscount != null) only('maximumDiscount', 'PERCENT');
  }
  let minimumSpend = 0;
  if (input.minimumSpend != null) {
    const parsed = parseMoney(input.minimumSpend);
    if (parsed === null) check.fail('minimumSpend', 'INVALID_INPUT', 'The minimum spend is a decimal IDR amount, e.g. "100000".');
    minimumSpend = parsed ?? 0;
  }
  return {
    percentOff: percent ? (input.percentOff ?? null) : null,
    amountOff: percent ? null : positiveAmount(check, 'amountOff', input.amountOff, 'The amount off'),
    maximumDiscount: percent ? positiveAmount(check, 'maximumDiscount', input.maximumDiscount, 'The maximum discount') : null,
    minimumSpend,
  };
}

function checkLimits(check: InputChecker, input: CreateVoucherInput) {
  const usageLimit = input.usageLimit;
  const perBuyerLimit = input.perBuyerLimit ?? 1;
  if (!Number.isInteger(usageLimit) || usageLimit < 1 || usageLimit > 1_000_000) check.fail('usageLimit', 'INVALID_INPUT', 'The usage limit is 1–1,000,000.');
  if (!Number.isInteger(perBuyerLimit) || perBuyerLimit < 1 || perBuyerLimit > 100) check.fail('perBuyerLimit', 'INVALID_INPUT', 'The per-buyer limit is 1–100.');
  else if (perBuyerLimit > usageLimit) check.fail('perBuyerLimit', 'INVALID_INPUT', 'The per-buyer limit cannot exceed the usage limit.');
  return { usageLimit, perBuyerLimit };
}

function checkPeriod(check: InputChecker, input: CreateVoucherInput, now: Date) {
  const validFrom = input.validFrom && input.validFrom > now ? input.validFrom : now;
  const validUntil = input.validUntil;
  if (validUntil <= validFrom) check.fail('validUntil', 'INVALID_INPUT', 'The voucher must end after it starts (and after now).');
  else if (validUntil.getTime() - validFrom.getTime() > MAX_VALIDITY_DAYS * 86_400_000) {
    check.fail('validUntil', 'INVALID_INPUT', `A voucher is valid for at most ${MAX_VALIDITY_DAYS} days.`);
  }
  return { validFrom, validUntil };
}

export async function createVoucher(ctx: Context, input: CreateVoucherInput): Promise<Voucher> {
  const shop = await approvedShopForMember(ctx, input.shopId);
  const now = ctx.clock.now();
  const check = new InputChecker();
  const voucherCode = normaliseVoucherCode(input.code);
  const codeOk = VOUCHER_CODE.test(voucherCode);
  if (!codeOk) check.fail('code', 'INVALID_INPUT', 'A code has 3–20 letters and digits.');
  const name = check.optionalText('name', input.name, 100, 'Name');
  const discount = checkDiscount(check, input);
  const limits = checkLimits(check, input);
  const period = checkPeriod(check, input, now);
  const takenMessage = `The shop has a voucher ${voucherCode} already.`;
  if (codeOk && (await ctx.em.count(Voucher, { shop: shop.id, code: voucherCode })) > 0) check.fail('code', code('VOUCHER_CODE_TAKEN'), takenMessage);
  if ((await ctx.em.count(Voucher, { shop: shop.id, validUntil: { $gt: now } })) >= MAX_OPEN_VOUCHERS) {
    check.fail(null, 'LIMIT_REACHED', `A shop may have at most ${MAX_OPEN_VOUCHERS} vouchers that have not expired.`);
  }
  check.assert();
  try {
    return await ctx.em.transactional(async (em) => {
      const voucher = em.create(Voucher, { shop: shop.id, code: voucherCode, name, type: input.type, ...discount, ...limits, ...period, createdAt: now });
      await em.flush();
      voucherEvent(em, ctx, voucher, VoucherEventType.VOUCHER_CREATED);
      return voucher;
    });
  } catch (error) {
    // Another request created the same code between the check and the insert: the unique index decides.
    if (error instanceof UniqueConstraintViolationException) failWith(code('VOUCHER_CODE_TAKEN'), takenMessage, ['input', 'code']);
    throw error;
  }
}

/** Ends a voucher that has not expired: it expires now. Orders that used it keep their discount. */
export async function endVoucher(ctx: Context, input: EndVoucherInput): Promise<Voucher> {
  const field = ['input', 'voucherId'];
  const id = decodeIdOf('Voucher', input.voucherId);
  const voucher = id === null ? null : await visibleVoucher(ctx, id);
  if (!voucher) failWith('NOT_FOUND', 'No such voucher.', field);
  await shopForMember(ctx, toGlobalId('Shop', voucher.shop.id), undefined, field);
  const now = ctx.clock.now();
  if (voucher.stateAt(now) === VoucherState.EXPIRED) failWith('INVALID_TRANSITION', `${voucher.code} is EXPIRED already.`, field);
  voucher.validUntil = now;
  voucher.endedAt = now;
  voucherEvent(ctx.em, ctx, voucher, VoucherEventType.VOUCHER_ENDED);
  await ctx.em.flush();
  return voucher;
}

function voucherEvent(em: EntityManager, ctx: Context, voucher: Voucher, type: string): void {
  const payload = { shopId: voucher.shop.id, voucherId: voucher.id, code: voucher.code };
  recordEvent(em, ctx.clock, { topic: Topic.shop(voucher.shop.id), type, payload });
}

/** Members and admins see every voucher; anyone else only ACTIVE vouchers of shops they can see. */
export async function visibleVoucher(ctx: Context, id: number): Promise<Voucher | null> {
  const voucher = await ctx.em.findOne(Voucher, id);
  if (!voucher) return null;
  if (hasRole(ctx.viewer, Role.ADMIN) || (await viewerRoleIn(ctx, voucher.shop.id)) !== null) return voucher;
  const open = voucher.stateAt(ctx.clock.now()) === VoucherState.ACTIVE && (await visibleShop(ctx, voucher.shop.id)) !== null;
  return open ? voucher : null;
}

const STATE_FILTERS: Record<VoucherState, (now: Date) => FilterQuery<Voucher>> = {
  UPCOMING: (now) => ({ validFrom: { $gt: now }, validUntil: { $gt: now } }),
  ACTIVE: (now) => ({ validFrom: { $lte: now }, validUntil: { $gt: now } }),
  EXPIRED: (now) => ({ validUntil: { $lte: now } }),
};

/** The shop's vouchers, newest first, for its members. */
export function shopVouchers(ctx: Context, shop: EntityView<Shop>, args: ShopVouchersArgs) {
  const conditions: FilterQuery<Voucher>[] = [{ shop: shop.id }];
  if (args.state) conditions.push(STATE_FILTERS[args.state](ctx.clock.now()));
  return paginate(ctx.em, Voucher, { $and: conditions }, args, { sortField: 'id', direction: 'DESC' });
}

/** Uses of `voucher` the viewer has left; null for anonymous viewers. */
export async function remainingForViewer(ctx: Context, voucher: Voucher): Promise<number | null> {
  const userId = viewerUserId(ctx.viewer);
  if (userId === null) return null;
  return Math.max(0, voucher.perBuyerLimit - (await ctx.loaders.getFor(viewerVoucherUses, userId).load(voucher.id)));
}

/** The shop's vouchers the viewer could use now: started, not expired, uses left in total and for the viewer. Batched. */
export async function claimableVouchers(ctx: Context, shopId: number): Promise<Voucher[]> {
  const vouchers = await ctx.loaders.getFor(usableVouchersByShop, ctx.clock).load(shopId);
  const left = await Promise.all(vouchers.map((v) => remainingForViewer(ctx, v)));
  return vouchers.filter((_, i) => left[i] !== 0);
}
