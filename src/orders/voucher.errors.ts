/** User error codes owned by vouchers. At checkout they point at `["input", "voucherCode"]`. */
export const voucherErrorCodes = {
  VOUCHER_CODE_TAKEN: 'The shop has a voucher with this code already (letter case does not matter).',
  VOUCHER_NOT_FOUND: 'The shop of the order has no voucher with this code.',
  VOUCHER_NOT_STARTED: 'The voucher cannot be used before its `validFrom`.',
  VOUCHER_EXPIRED: 'The voucher is past its `validUntil`, or the shop ended it.',
  VOUCHER_MINIMUM_NOT_MET: "The order's subtotal is below the voucher's minimum spend.",
  VOUCHER_USED_UP: 'Every use of the voucher is taken.',
  VOUCHER_LIMIT_REACHED: 'You have used the voucher as many times as one buyer may.',
} as const;
export type VoucherErrorCode = keyof typeof voucherErrorCodes;
