/** User error codes owned by shops. */
export const shopErrorCodes = {
  SHOP_NAME_TAKEN: 'Another shop has this name (letter case does not matter).',
  SHOP_HANDLE_TAKEN: 'Another shop has this handle.',
  RESERVED_NAME: 'The name or handle contains a word reserved by the platform.',
  COUNTRY_NOT_ELIGIBLE: 'Shops cannot yet register from this country.',
  INVALID_CODE: 'The confirmation code is wrong.',
  CODE_EXPIRED: 'The confirmation code expired; ask for a new one.',
  TOO_MANY_ATTEMPTS: 'Too many wrong codes; ask for a new one.',
  TOO_SOON: 'Wait a little before asking again.',
  EMAIL_NOT_VERIFIED: 'The shop contact email must be confirmed first.',
  EMAIL_ALREADY_VERIFIED: 'The shop contact email is confirmed already.',
  SHOP_NOT_APPROVED: 'The shop must be approved before it can do this.',
} as const;
export type ShopErrorCode = keyof typeof shopErrorCodes;
