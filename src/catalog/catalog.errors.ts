/** User error codes owned by the catalog. Guideline codes name the rule that was broken. */
export const catalogErrorCodes = {
  SKU_TAKEN: 'Another variant of this shop has this SKU.',
  INSUFFICIENT_STOCK: 'The change would make stock negative.',
  PROHIBITED_CATEGORY: 'Products may not be listed in this category.',
  PROHIBITED_KEYWORD: 'The title or description contains a prohibited word.',
  PRICE_OUT_OF_BOUNDS: 'The price is below the minimum or above the maximum allowed.',
  COMPARE_AT_PRICE_TOO_LOW: 'The compare-at price must be higher than the price.',
  TOO_FEW_IMAGES: 'The product needs more images.',
  TOO_MANY_IMAGES: 'The product has more images than allowed.',
  REQUIRED_FIELD_MISSING: 'A field the guidelines require is empty.',
  INVALID_VARIANTS: 'The variants do not match the options (missing, duplicate or unknown values).',
  PRODUCT_NOT_AVAILABLE: 'The product is not active, or its shop is not approved.',
} as const;
export type CatalogErrorCode = keyof typeof catalogErrorCodes;
