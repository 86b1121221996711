/** User error codes owned by fulfilment. */
export const fulfilmentErrorCodes = {
  UNKNOWN_CARRIER: 'The carrier code is not one of JNE, JNT, SICEPAT, ANTERAJA, POS, SPX.',
  INVALID_TRACKING_NUMBER: "The tracking number does not have the carrier's format (the message names it; the `carriers` query lists them).",
  TRACKING_NUMBER_IN_USE: 'Another order ships with this carrier and tracking number already.',
} as const;
export type FulfilmentErrorCode = keyof typeof fulfilmentErrorCodes;
