/** User error codes owned by chat. */
export const chatErrorCodes = {
  ORDER_NOT_IN_CONVERSATION: "The referenced order is not one of this buyer's orders from this shop.",
  PRODUCT_NOT_IN_SHOP: "The referenced product is not one of this shop's products (or is not visible to you).",
  CANNOT_CHAT_WITH_OWN_SHOP: 'You are a member of this shop: reply to its buyers through their conversations instead.',
} as const;
export type ChatErrorCode = keyof typeof chatErrorCodes;
