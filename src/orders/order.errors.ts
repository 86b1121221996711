/** User error codes owned by orders. */
export const orderErrorCodes = {
  OUT_OF_STOCK: 'Not enough stock for a line; `field` names it.',
  PRODUCT_UNAVAILABLE: 'A product is not on sale (draft, archived, rejected, or the variant was removed).',
  SHOP_NOT_ACTIVE: 'The shop is not approved or no longer sells.',
  MULTIPLE_SHOPS: 'An order buys from one shop; place one order per shop.',
  ADDRESS_REQUIRED: 'Give a shipping address, or save a default one first.',
} as const;
export type OrderErrorCode = keyof typeof orderErrorCodes;
