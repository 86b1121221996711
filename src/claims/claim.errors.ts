/** User error codes owned by claims. */
export const claimErrorCodes = {
  CLAIM_ORDER_NOT_DELIVERED: 'Claims are filed on DELIVERED or COMPLETED orders; this one has not been delivered.',
  CLAIM_ORDER_CANCELLED: 'The order was cancelled; there is nothing to claim.',
  CLAIM_ORDER_UNPAID: 'Nothing was paid for the order, so there is nothing to refund.',
  CLAIM_ORDER_REFUNDED: 'Everything paid for the order was refunded already.',
  CLAIM_WINDOW_CLOSED: 'The claim window (`CLAIM_WINDOW_DAYS` after delivery) has ended.',
  CLAIM_RETURN_OPEN: 'An open return request of the order already refunds everything left; wait for it to end.',
  CLAIM_ALREADY_OPEN: 'The order has an open claim; one at a time.',
  CLAIM_EVIDENCE_REQUIRED: 'DAMAGED and WRONG_ITEM claims need at least one photo or video in `evidenceUrls`.',
  CLAIM_ALREADY_RESOLVED: 'The claim was resolved already (perhaps by another staff member at the same moment).',
  CLAIM_REFUND_EXCEEDS_REFUNDABLE: 'The refund asked for is more than the order still has refundable; the message gives the most.',
  CLAIM_NOTHING_TO_REFUND: 'Nothing of the order is left to refund; reject the claim instead.',
} as const;
export type ClaimErrorCode = keyof typeof claimErrorCodes;
