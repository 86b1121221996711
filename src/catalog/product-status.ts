import type { TransitionTable } from '../shared/state-machine';
import { ProductStatus } from './product.entity';

/**
 * Listing states. REJECTED comes from platform review (reviewProduct REJECT) and leaves it by RESTORE (ACTIVE), or by
 * the shop's updateProduct: re-checked against the guidelines, it goes back to ACTIVE with `publish: true`, else DRAFT.
 */
export const productTransitions: TransitionTable<ProductStatus> = {
  [ProductStatus.DRAFT]: [ProductStatus.ACTIVE, ProductStatus.ARCHIVED, ProductStatus.REJECTED],
  [ProductStatus.ACTIVE]: [ProductStatus.DRAFT, ProductStatus.ARCHIVED, ProductStatus.REJECTED],
  [ProductStatus.REJECTED]: [ProductStatus.ACTIVE, ProductStatus.DRAFT, ProductStatus.ARCHIVED],
  [ProductStatus.ARCHIVED]: [ProductStatus.DRAFT],
};
