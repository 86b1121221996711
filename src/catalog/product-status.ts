import type { TransitionTable } from '../shared/state-machine';
import { ProductStatus } from './product.entity';

/** Listing states. REJECTED comes from platform review; a rejected product can be fixed as a draft. */
export const productTransitions: TransitionTable<ProductStatus> = {
  [ProductStatus.DRAFT]: [ProductStatus.ACTIVE, ProductStatus.ARCHIVED],
  [ProductStatus.ACTIVE]: [ProductStatus.DRAFT, ProductStatus.ARCHIVED, ProductStatus.REJECTED],
  [ProductStatus.REJECTED]: [ProductStatus.DRAFT, ProductStatus.ARCHIVED],
  [ProductStatus.ARCHIVED]: [ProductStatus.DRAFT],
};
