import { describe, expect, it } from 'vitest';
import { quoteRefund } from '../../src/orders/return-amounts';
import { returnTransitions } from '../../src/orders/return-status';
import { ReturnStatus } from '../../src/orders/return.entity';
import { reachable } from '../../src/shared/state-machine';

describe('the return request state table', () => {
  it('reaches every status from REQUESTED, and ends only in REFUNDED, REJECTED or CANCELLED', () => {
    expect([...reachable(returnTransitions, ReturnStatus.REQUESTED)].sort()).toEqual(Object.values(ReturnStatus).sort());
    const terminal = Object.values(ReturnStatus).filter((s) => returnTransitions[s].length === 0);
    expect(terminal.sort()).toEqual([ReturnStatus.CANCELLED, ReturnStatus.REFUNDED, ReturnStatus.REJECTED]);
    // Once the buyer has shipped the items, the request can only end in a refund.
    expect([...reachable(returnTransitions, ReturnStatus.BUYER_SHIPPED)]).toEqual([ReturnStatus.BUYER_SHIPPED, ReturnStatus.RECEIVED, ReturnStatus.REFUNDED]);
  });
});

describe('refund quotes of returns', () => {
  // Rp100.000 + Rp50.000 of goods, Rp10.000 shipping, a Rp15.000 voucher: the buyer paid Rp145.000.
  const order = { subtotal: 150_000_00, discount: 15_000_00, shippingFee: 10_000_00, total: 145_000_00 };

  it('takes each line\'s share of the discount off its refund, and leaves the shipping fee out of a partial return', () => {
    expect(quoteRefund(order, [{ unitPrice: 50_000_00, quantity: 2 }], false, 0)).toEqual({ lines: [90_000_00], shippingFeeRefund: 0, refundAmount: 90_000_00 });
  });

  it('rounds each share up, so partial returns never refund more than the lines cost after the discount', () => {
    const odd = { subtotal: 3, discount: 1, shippingFee: 0, total: 2 };
    const perUnit = quoteRefund(odd, [{ unitPrice: 1, quantity: 1 }], false, 0);
    expect(perUnit.refundAmount).toBe(0); // a third of a minor unit of discount rounds up to a whole one
    expect(quoteRefund(odd, [{ unitPrice: 1, quantity: 2 }], false, 0).refundAmount).toBe(1);
  });

  it('refunds everything not refunded yet, shipping included, on the return that brings the whole order back', () => {
    const first = quoteRefund(order, [{ unitPrice: 50_000_00, quantity: 1 }], false, 0);
    expect(first.refundAmount).toBe(45_000_00);
    const last = quoteRefund(order, [{ unitPrice: 100_000_00, quantity: 1 }], true, first.refundAmount);
    expect(last).toEqual({ lines: [90_000_00], shippingFeeRefund: 10_000_00, refundAmount: 100_000_00 });
    expect(first.refundAmount + last.refundAmount).toBe(order.total);
  });

  it('never quotes more than the payments still hold (a claim refunded part of the order)', () => {
    // A claim sent back Rp140.000 of the Rp145.000: Rp5.000 is left, whatever the lines cost.
    expect(quoteRefund(order, [{ unitPrice: 50_000_00, quantity: 1 }], false, 140_000_00, 5_000_00)).toMatchObject({ shippingFeeRefund: 0, refundAmount: 5_000_00 });
    expect(quoteRefund(order, [{ unitPrice: 50_000_00, quantity: 1 }], true, 140_000_00, 5_000_00)).toMatchObject({ shippingFeeRefund: 5_000_00, refundAmount: 5_000_00 });
    // A claim of Rp50.000, then the whole order comes back: the rest, not the total.
    expect(quoteRefund(order, [{ unitPrice: 50_000_00, quantity: 3 }], true, 50_000_00, 95_000_00).refundAmount).toBe(95_000_00);
    expect(quoteRefund(order, [{ unitPrice: 50_000_00, quantity: 1 }], false, 0, 0).refundAmount).toBe(0);
  });

  it('computes shares exactly for large amounts', () => {
    const big = { subtotal: 9_000_000_000_00, discount: 1_000_000_000_00, shippingFee: 0, total: 8_000_000_000_00 };
    expect(quoteRefund(big, [{ unitPrice: 3_000_000_000_00, quantity: 3 }], false, 0).refundAmount).toBe(8_000_000_000_00);
  });
});
