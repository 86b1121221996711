/**
 * The port through which orders tell reviews who may review what, so neither feature imports the other.
 *
 * Reviews own the interface; the orders feature provides an object of this shape (structurally, without importing
 * this file) and the composition root, `src/features.ts`, registers it with {@link setReviewEligibility}. Until
 * then no order line is eligible and `addProductReview` answers `REVIEW_NOT_ELIGIBLE`.
 */
import type { Context } from '../shared/context';

/** What a reviewable order line is about. Database ids. */
export interface EligibleOrderLine {
  readonly productId: number;
  readonly variantId: number;
  /** The user who bought it; the review service checks it is the viewer. */
  readonly buyerId: number;
}

export interface ReviewEligibility {
  /**
   * The order line named by a global ID, when it may be reviewed now: it exists, the viewer may see it, and its
   * order is DELIVERED or COMPLETED. Null otherwise, including for a malformed ID. Whether it was reviewed
   * already is not its concern (reviews know that).
   */
  check(ctx: Context, orderLineGlobalId: string): Promise<EligibleOrderLine | null>;
}

/** Before orders exist: nothing can be reviewed. */
export const noReviewEligibility: ReviewEligibility = { check: async () => null };

let current: ReviewEligibility = noReviewEligibility;

/**
 * Registers the implementation (null restores the default). Returns a function that restores the previous one,
 * for tests: `const restore = setReviewEligibility(fake); … restore();`.
 */
export function setReviewEligibility(impl: ReviewEligibility | null): () => void {
  const previous = current;
  current = impl ?? noReviewEligibility;
  return () => {
    current = previous;
  };
}

export function reviewEligibility(): ReviewEligibility {
  return current;
}
