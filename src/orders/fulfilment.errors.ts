/** User error codes owned by fulfilment. */
export const fulfilmentErrorCodes = {
  UNKNOWN_CARRIER: 'The carrier code is not one of JNE, JNT, SICEPAT, ANTERAJA, POS, SPX.',
  INVALID_TRACKING_NUMBER: 'The tracking number is not 8–30 letters and digits.',
  TRACKING_NUMBER_IN_USE: 'Another order ships with this carrier and tracking number already.',
} as const;
export type FulfilmentErrorCode = keyof typeof fulfilmentErrorCodes;
