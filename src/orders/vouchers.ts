/** Shop vouchers: registered into the orders feature from here. */
import type { NodeFetcher } from '../shared/context';
import { Voucher, VoucherBuyerUsage } from './voucher.entity';
import { voucherErrorCodes } from './voucher.errors';
import { ProductVouchersResolver, ShopVouchersResolver, VoucherResolver } from './voucher.resolver';
import { visibleVoucher } from './voucher.service';

export const voucherEntities: Function[] = [Voucher, VoucherBuyerUsage];
export const voucherResolvers: Function[] = [VoucherResolver, ShopVouchersResolver, ProductVouchersResolver];
export const voucherErrors: Record<string, string> = { ...voucherErrorCodes };
export const voucherNodes: NodeFetcher[] = [{ typeName: 'Voucher', fetch: visibleVoucher }];
