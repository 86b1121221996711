/** User error codes owned by live streams, their shopping bags and flash sales. */
export const liveErrorCodes = {
  LIVE_STREAM_NOT_LIVE: 'The live stream is not LIVE: it has not started yet, or it has ended.',
  LIVE_STREAM_ENDED: 'The live stream has ended: its shopping bag, pinned product and flash sales no longer change.',
  LIVE_STREAM_ALREADY_LIVE: 'The shop is live with another stream; end that one first (one LIVE stream per shop).',
  LIVE_STREAM_SHOP_MISMATCH: "A LIVE order buys from the stream's own shop only.",
  LIVE_PRODUCT_NOT_ACTIVE: "Only the shop's ACTIVE products go into a live shopping bag.",
  LIVE_PRODUCT_NOT_IN_BAG: "The product is not in the stream's shopping bag; add it first.",
  LIVE_PRODUCT_ON_FLASH_SALE: 'The product has a flash sale counting down or running; end the sale first.',
  FLASH_SALE_IN_PROGRESS: 'The stream has a flash sale counting down or running; one at a time.',
  FLASH_SALE_SOLD_OUT: 'Every unit of the flash sale was taken while you ordered; the order was not placed (order again for the normal price).',
  FLASH_SALE_LIMIT_REACHED: 'You would hold more units of the flash sale than one buyer may; the order was not placed.',
} as const;
export type LiveErrorCode = keyof typeof liveErrorCodes;
