/** Product reviews and rating summaries (depends on catalog and orders; neither depends on it). */
import type { NodeFetcher } from '../shared/context';
import { ProductReview } from './review.entity';
import { reviewErrorCodes } from './review.errors';
import { ProductReviewResolver, ProductReviewsFieldResolver, RatingSummaryResolver } from './review.resolver';
import { visibleReview } from './review.service';

export const reviewEntities = [ProductReview];
export const reviewResolvers = [ProductReviewResolver, ProductReviewsFieldResolver, RatingSummaryResolver] as const;
export const reviewErrors = reviewErrorCodes;
export const reviewNodes: NodeFetcher[] = [{ typeName: 'ProductReview', fetch: (ctx, id) => visibleReview(ctx, id) }];
