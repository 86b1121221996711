/** User error codes owned by returns and refunds. */
export const returnErrorCodes = {
  RETURN_WINDOW_CLOSED: 'The return window (`returnableUntil`) has ended, or the order is COMPLETED and closed.',
  RETURN_OPEN: 'The order has an open return or refund request; one at a time, and the order completes only when it ends.',
  RETURN_QUANTITY_EXCEEDED: 'A line asks for more units than were bought and not returned before; `field` names it.',
  RETURN_TYPE_NOT_ALLOWED: 'The reason does not fit the type (NOT_RECEIVED is REFUND_ONLY, CHANGED_MIND is RETURN_AND_REFUND).',
  EVIDENCE_REQUIRED: 'This reason needs at least one photo or video of the problem in `evidenceUrls`.',
} as const;
export type ReturnErrorCode = keyof typeof returnErrorCodes;
