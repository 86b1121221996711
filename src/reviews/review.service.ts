/** Product reviews: writing one per order line, the shop's reply, listing, and the product's rating columns. */
import { LockMode, UniqueConstraintViolationException, type EntityManager, type FilterQuery } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { requireViewerUser } from '../accounts/account.service';
import { visibleProduct } from '../catalog/catalog-access';
import type { CatalogErrorCode } from '../catalog/catalog.errors';
import { Product } from '../catalog/product.entity';
import { recordEvent } from '../events/outbox';
import { Topic } from '../events/topics';
import type { Context } from '../shared/context';
import { badUserInput } from '../shared/errors';
import { decodeIdOf, toGlobalId } from '../shared/ids';
import { paginate, type ConnectionArgs, type ConnectionResult } from '../shared/pagination';
import { failWith } from '../shared/user-error';
import { InputChecker, isWebUrl } from '../shared/validation';
import { shopForMember } from '../shops/shop-access';
import { reviewEligibility, type EligibleOrderLine } from './review-eligibility';
import { ProductReview } from './review.entity';
import type { ReviewErrorCode } from './review.errors';
import type { AddProductReviewInput, ReplyToReviewInput } from './review.inputs';
import { reviewById } from './reviews.loaders';

export const ReviewEvent = {
  /** On the shop's topic: a buyer reviewed one of its products. */
  PRODUCT_REVIEWED: 'PRODUCT_REVIEWED',
  /** On the author's topic: the shop replied to their review. */
  REVIEW_REPLIED: 'PRODUCT_REVIEW_REPLIED',
} as const;

export const reviewRules = {
  rating: { min: 1, max: 5 },
  textMax: 2000,
  maxImages: 6,
  replyMax: 1000,
} as const;

/** The global ID type name of order lines (owned by the orders feature). */
const ORDER_LINE_TYPE = 'OrderLine';

const code = (c: ReviewErrorCode | CatalogErrorCode) => c;
const orderLineField = ['input', 'orderLineId'];
const notEligibleMessage = 'Only the buyer of a delivered or completed order line can review it.';

/** "Siti" → "S***i": the first and last letter of a display name, nothing else. */
export function maskName(name: string): string {
  const letters = Array.from(name.trim());
  if (letters.length === 0) return '***';
  return letters.length === 1 ? `${letters[0]}***` : `${letters[0]}***${letters.at(-1)}`;
}

/** A review the viewer may see (its product is visible to them), or null. */
export async function visibleReview(ctx: Context, id: number): Promise<ProductReview | null> {
  const review = await ctx.loaders.get(reviewById).load(id);
  return review && (await visibleProduct(ctx, review.product.id)) ? review : null;
}

export async function addProductReview(ctx: Context, input: AddProductReviewInput): Promise<ProductReview> {
  const author = await requireViewerUser(ctx);
  const check = new InputChecker();
  const { rating: ratingRule, textMax, maxImages } = reviewRules;

  if (!Number.isInteger(input.rating) || input.rating < ratingRule.min || input.rating > ratingRule.max) {
    check.fail('rating', 'INVALID_INPUT', `Rating must be a whole number from ${ratingRule.min} to ${ratingRule.max}.`);
  }
  const text = check.optionalText('text', input.text, textMax, 'Review text') ?? '';
  const imageUrls = (input.imageUrls ?? []).map((url) => url.trim());
  if (imageUrls.length > maxImages) check.fail('imageUrls', 'INVALID_INPUT', `Add at most ${maxImages} photos.`);
  imageUrls.forEach((url, index) => {
    if (!isWebUrl(url)) check.fail(`imageUrls.${index}`, 'INVALID_INPUT', 'Each photo must be an https URL of at most 500 characters.');
  });

  const orderLineId = decodeIdOf(ORDER_LINE_TYPE, input.orderLineId);
  const line = orderLineId === null ? null : await eligibleLine(ctx, input.orderLineId, author.id);
  if (!line) check.fail('orderLineId', code('REVIEW_NOT_ELIGIBLE'), notEligibleMessage);
  check.assert();

  const product = await visibleProduct(ctx, line!.productId);
  if (!product) failWith(code('PRODUCT_NOT_AVAILABLE'), 'The product is no longer available.', orderLineField);
  if ((await ctx.em.count(ProductReview, { orderLineId })) > 0) alreadyReviewed();

  const now = ctx.clock.now();
  const shopId = product.shop.id;
  try {
    // One transaction: the review, the product's rating columns recomputed from the reviews table, the event.
    return await ctx.em.transactional(async (em) => {
      await lockProduct(em, product.id);
      const review = em.create(ProductReview, {
        product: product.id,
        shop: shopId,
        author: author.id,
        orderLineId,
        rating: input.rating,
        text,
        imageUrls,
        imageCount: imageUrls.length,
        createdAt: now,
        updatedAt: now,
      });
      await em.flush();
      await recomputeProductRating(em, product.id);
      recordEvent(em, ctx.clock, {
        topic: Topic.shop(shopId),
        type: ReviewEvent.PRODUCT_REVIEWED,
        payload: { reviewId: review.id, productId: product.id, shopId, rating: review.rating },
      });
      return review;
    });
  } catch (error) {
    // A concurrent submission for the same line won the race: the unique index on order_line_id refused ours.
    if (error instanceof UniqueConstraintViolationException) alreadyReviewed();
    throw error;
  }
}

function alreadyReviewed(): never {
  failWith(code('ALREADY_REVIEWED'), 'You reviewed this order line already.', orderLineField);
}

/** The line from the eligibility port, when the viewer bought it. */
async function eligibleLine(ctx: Context, orderLineGlobalId: string, viewerId: number): Promise<EligibleOrderLine | null> {
  const line = await reviewEligibility().check(ctx, orderLineGlobalId);
  return line && line.buyerId === viewerId ? line : null;
}

/**
 * Takes the product row's write lock first, so concurrent reviews of one product queue here. On PostgreSQL (read
 * committed) the statements after it then see every review committed before, so the recount below cannot lose
 * one. SQLite has a single writer, and knex leaves `for update` out there.
 */
async function lockProduct(em: EntityManager, productId: number): Promise<void> {
  await (em as SqlEntityManager).createQueryBuilder(Product).select('id').where({ id: productId }).setLockMode(LockMode.PESSIMISTIC_WRITE).execute();
}

/** Recomputes `rating_count` and `rating_average` from the reviews table, in the caller's transaction (the demo seed uses it too). */
export async function recomputeProductRating(em: EntityManager, productId: number): Promise<void> {
  await em.getConnection().execute(
    `update product set
       rating_count = (select count(*) from product_review r where r.product_id = product.id),
       rating_average = coalesce((select avg(r.rating) from product_review r where r.product_id = product.id), 0)
     where id = ?`,
    [productId],
    'run',
    em.getTransactionContext(),
  );
}

/** The review named by the input, which the viewer must be a member of the shop of (NOT_FOUND / FORBIDDEN otherwise). */
async function reviewForShopMember(ctx: Context, reviewGlobalId: string): Promise<ProductReview> {
  const field = ['input', 'reviewId'];
  const id = decodeIdOf('ProductReview', reviewGlobalId);
  const review = id === null ? null : await visibleReview(ctx, id);
  if (!review) failWith('NOT_FOUND', 'No such review.', field);
  await shopForMember(ctx, toGlobalId('Shop', review.shop.id), undefined, field);
  return review;
}

export async function replyToReview(ctx: Context, input: ReplyToReviewInput): Promise<ProductReview> {
  const review = await reviewForShopMember(ctx, input.reviewId);
  const check = new InputChecker();
  const reply = check.text('text', input.text, 1, reviewRules.replyMax, 'Reply');
  check.assert();
  if (review.reply !== null) alreadyReplied();

  const now = ctx.clock.now();
  await ctx.em.transactional(async (em) => {
    // Conditional on `reply is null`: of two concurrent replies exactly one claims the review.
    const claimed = await em.nativeUpdate(ProductReview, { id: review.id, reply: null }, { reply, repliedAt: now, updatedAt: now });
    if (claimed === 0) alreadyReplied();
    recordEvent(em, ctx.clock, {
      topic: Topic.user(review.author.id),
      type: ReviewEvent.REVIEW_REPLIED,
      payload: { reviewId: review.id, productId: review.product.id, shopId: review.shop.id },
    });
  });
  return (await ctx.em.refresh(review)) ?? review;
}

function alreadyReplied(): never {
  failWith(code('ALREADY_REPLIED'), 'The shop replied to this review already.', ['input', 'reviewId']);
}

export interface ReviewFilter {
  /** Only reviews with this many stars. */
  readonly rating?: number | null;
  /** Only reviews with photos. */
  readonly withImages?: boolean | null;
}

/** A product's reviews, newest first. */
export function productReviews(
  ctx: Context,
  productId: number,
  args: ConnectionArgs,
  filter: ReviewFilter,
): Promise<ConnectionResult<ProductReview>> {
  const { rating, withImages } = filter;
  if (rating != null && (rating < reviewRules.rating.min || rating > reviewRules.rating.max)) {
    throw badUserInput(`\`rating\` must be from ${reviewRules.rating.min} to ${reviewRules.rating.max}.`, 'rating');
  }
  const where: FilterQuery<ProductReview> = {
    product: productId,
    ...(rating != null ? { rating } : {}),
    ...(withImages === true ? { imageCount: { $gt: 0 } } : withImages === false ? { imageCount: 0 } : {}),
  };
  return paginate(ctx.em, ProductReview, where, args, { sortField: 'createdAt', direction: 'DESC' });
}
