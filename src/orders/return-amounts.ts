/**
 * What a return refunds. Each line refunds unit price × quantity less its share of the order discount, the share
 * rounded up, so partial returns together never refund more than the lines cost after the discount. The return
 * that brings the whole order back (every unit of every line, with earlier refunded returns) refunds everything
 * not refunded yet: the rest of the lines, the shipping fee and any rounding left over. Over all returns the buyer
 * gets back exactly the order total, never more. Whatever the lines come to, a return never refunds more than the
 * order's payments still hold (a claim may have refunded part of the order already).
 */
import type { Order } from './order.entity';

export interface ReturnedUnits {
  readonly unitPrice: number;
  readonly quantity: number;
}

export interface RefundQuote {
  /** Per line, in the order given. */
  readonly lines: number[];
  /** The shipping fee, when this return completes the order; 0 otherwise. */
  readonly shippingFeeRefund: number;
  /** What the request refunds in all. */
  readonly refundAmount: number;
}

/** `discount × gross / subtotal`, rounded up, in exact integer arithmetic. */
function discountShare(discount: number, gross: number, subtotal: number): number {
  if (discount <= 0 || subtotal <= 0) return 0;
  const numerator = BigInt(discount) * BigInt(gross);
  const denominator = BigInt(subtotal);
  return Number((numerator + denominator - 1n) / denominator);
}

/**
 * The refund of returning `lines` of `order`. `completesOrder`: with this return every unit is back;
 * `refundedBefore`: what earlier refunds of the order (returns and claims) sent back; `refundable`: what the
 * order's payments still hold, the most the request may refund.
 */
export function quoteRefund(
  order: Pick<Order, 'subtotal' | 'discount' | 'shippingFee' | 'total'>,
  lines: readonly ReturnedUnits[],
  completesOrder: boolean,
  refundedBefore: number,
  refundable: number = Number.POSITIVE_INFINITY,
): RefundQuote {
  const amounts = lines.map(({ unitPrice, quantity }) => {
    const gross = unitPrice * quantity;
    return Math.max(0, gross - discountShare(order.discount, gross, order.subtotal));
  });
  const cap = Math.max(0, refundable);
  if (completesOrder) {
    const refundAmount = Math.min(cap, Math.max(0, order.total - refundedBefore));
    return { lines: amounts, shippingFeeRefund: Math.min(order.shippingFee, refundAmount), refundAmount };
  }
  return { lines: amounts, shippingFeeRefund: 0, refundAmount: Math.min(cap, amounts.reduce((sum, a) => sum + a, 0)) };
}
