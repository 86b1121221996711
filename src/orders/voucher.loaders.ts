import DataLoader from 'dataloader';
import type { Clock } from '../shared/clock';
import { byKeys, defineParamLoader, groupByKeys } from '../shared/loaders';
import { Voucher, VoucherBuyerUsage } from './voucher.entity';

/**
 * Vouchers usable now in each shop (started, not expired, uses left in total), oldest first, keyed by shop id.
 * The parameter is the clock that says when "now" is. A shop has at most MAX_OPEN_VOUCHERS unexpired vouchers,
 * so the used-up ones are dropped here rather than by comparing two columns in SQL.
 */
export const usableVouchersByShop = defineParamLoader('usableVouchersByShop', (em, clock: Clock) =>
  new DataLoader<number, Voucher[]>(async (shopIds) => {
    const now = clock.now();
    const rows = await em.find(Voucher, { shop: { $in: [...shopIds] }, validFrom: { $lte: now }, validUntil: { $gt: now } }, { orderBy: { id: 'ASC' } });
    return groupByKeys(shopIds, rows.filter((v) => v.usedCount < v.usageLimit), (v) => v.shop.id);
  }),
);

/** How many uses of each voucher the user given as the parameter holds (0 when none). */
export const viewerVoucherUses = defineParamLoader('viewerVoucherUses', (em, userId: number) =>
  new DataLoader<number, number>(async (voucherIds) => {
    const rows = await em.find(VoucherBuyerUsage, { buyer: userId, voucher: { $in: [...voucherIds] } });
    return byKeys(voucherIds, rows, (u) => u.voucher.id).map((u) => u?.usedCount ?? 0);
  }),
);
