/**
 * Vouchers at checkout and at cancellation. A use is counted in the order's transaction by conditional UPDATEs,
 * per buyer and in total, never read-then-write: under any concurrency a voucher is used at most `usageLimit`
 * times and at most `perBuyerLimit` times by one buyer. A failure throws a user error, rolling back the order.
 */
import type { EntityManager } from '@mikro-orm/core';
import { money } from '../shared/money';
import { updateRows } from '../shared/sql';
import { failWith } from '../shared/user-error';
import type { Order } from './order.entity';
import { Voucher, VoucherState, VoucherType } from './voucher.entity';
import type { VoucherErrorCode } from './voucher.errors';

const code = (c: VoucherErrorCode) => c;
const FIELD = ['input', 'voucherCode'];

/** A stored voucher code: 3–20 upper-case letters and digits. */
export const VOUCHER_CODE = /^[A-Z0-9]{3,20}$/;

/** Codes are compared upper case, so buyers may type them in any case. */
export function normaliseVoucherCode(value: string): string {
  return value.trim().toUpperCase();
}

/** The saving on `subtotal` (minor units): a percentage rounded down and capped, or the fixed amount; never above the subtotal. */
export function discountFor(voucher: Voucher, subtotal: number): number {
  const off =
    voucher.type === VoucherType.PERCENT
      ? Math.min(Number((BigInt(subtotal) * BigInt(voucher.percentOff ?? 0)) / 100n), voucher.maximumDiscount ?? Number.MAX_SAFE_INTEGER)
      : (voucher.amountOff ?? 0);
  return Math.min(off, subtotal);
}

export interface VoucherUse {
  readonly shopId: number;
  readonly buyerId: number;
  /** As normalised by {@link normaliseVoucherCode}. */
  readonly code: string;
  readonly subtotal: number;
}

/** Checks the voucher against the order (no lock taken). Returns the voucher and the discount; `countVoucherUse` counts it. */
export async function checkVoucher(em: EntityManager, now: Date, use: VoucherUse): Promise<{ voucher: Voucher; discount: number }> {
  const voucher = VOUCHER_CODE.test(use.code) ? await em.findOne(Voucher, { shop: use.shopId, code: use.code }) : null;
  if (!voucher) failWith(code('VOUCHER_NOT_FOUND'), `This shop has no voucher ${use.code}.`, FIELD);
  const state = voucher.stateAt(now);
  if (state === VoucherState.UPCOMING) failWith(code('VOUCHER_NOT_STARTED'), `${voucher.code} can be used from ${voucher.validFrom.toISOString()}.`, FIELD);
  if (state === VoucherState.EXPIRED) failWith(code('VOUCHER_EXPIRED'), `${voucher.code} has ended.`, FIELD);
  if (use.subtotal < voucher.minimumSpend) {
    failWith(code('VOUCHER_MINIMUM_NOT_MET'), `${voucher.code} needs a subtotal of at least IDR ${money(voucher.minimumSpend).amount}.`, FIELD);
  }
  return { voucher, discount: discountFor(voucher, use.subtotal) };
}

/**
 * Counts one use of a checked voucher, per buyer and in total, in `em`'s transaction; a refusal throws (rolling back
 * the order). Runs after the stock is taken, so locks come in the same order as a cancellation's: variant, product,
 * voucher.
 */
export async function countVoucherUse(em: EntityManager, voucher: Voucher, buyerId: number): Promise<void> {
  // The buyer's row is created once (a concurrent insert waits for the first and then does nothing), then counted
  // conditionally like the total. `perBuyerLimit` never changes after creation, so it is safe to pass as a value.
  await updateRows(em, 'insert into voucher_buyer_usage (voucher_id, buyer_id, used_count) values (?, ?, 0) on conflict (voucher_id, buyer_id) do nothing', [
    voucher.id,
    buyerId,
  ]);
  const mine = await updateRows(em, 'update voucher_buyer_usage set used_count = used_count + 1 where voucher_id = ? and buyer_id = ? and used_count < ?', [
    voucher.id,
    buyerId,
    voucher.perBuyerLimit,
  ]);
  if (mine === 0) failWith(code('VOUCHER_LIMIT_REACHED'), `You have used ${voucher.code} ${voucher.perBuyerLimit === 1 ? 'already' : `${voucher.perBuyerLimit} times already`}.`, FIELD);
  const taken = await updateRows(em, 'update voucher set used_count = used_count + 1 where id = ? and used_count < usage_limit', [voucher.id]);
  if (taken === 0) failWith(code('VOUCHER_USED_UP'), `Every use of ${voucher.code} is taken.`, FIELD);
}

/** Gives a cancelled order's voucher use back (in total and to its buyer), in the cancellation's transaction. */
export async function returnVoucherUse(em: EntityManager, order: Order): Promise<void> {
  if (!order.voucher) return;
  const voucherId = order.voucher.id;
  await updateRows(em, 'update voucher set used_count = used_count - 1 where id = ? and used_count > 0', [voucherId]);
  await updateRows(em, 'update voucher_buyer_usage set used_count = used_count - 1 where voucher_id = ? and buyer_id = ? and used_count > 0', [voucherId, order.buyer.id]);
}
