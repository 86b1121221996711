/** User error codes owned by cancellation requests. */
export const cancellationRequestErrorCodes = {
  CANCELLATION_ALREADY_REQUESTED: 'The order already has a pending cancellation request; wait for the answer or withdraw it.',
  CANCELLATION_ALREADY_REJECTED: 'The seller rejected an earlier cancellation request for this order; it cannot be asked again.',
  CANCELLATION_PENDING: 'The buyer asked to cancel this order: answer the request (`respondToCancellation`) before arranging shipment.',
} as const;
export type CancellationRequestErrorCode = keyof typeof cancellationRequestErrorCodes;
