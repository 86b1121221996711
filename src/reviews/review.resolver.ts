import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import { userById } from '../accounts/accounts.loaders';
import { productById } from '../catalog/catalog.loaders';
import { Product } from '../catalog/product.entity';
import type { Context } from '../shared/context';
import type { EntityView } from '../shared/views';
import { ConnectionArgs } from '../shared/pagination';
import { toPayload } from '../shared/user-error';
import { ProductReview } from './review.entity';
import { AddProductReviewInput, ReplyToReviewInput } from './review.inputs';
import { ProductReviewConnection, ProductReviewPayload, RatingBucket, RatingSummary } from './review.payloads';
import * as reviews from './review.service';
import { ratingSummaryByProduct } from './reviews.loaders';

@ArgsType()
class ProductReviewsArgs extends ConnectionArgs {
  @Field(() => Int, { nullable: true, description: 'Only reviews with this many stars (1–5).' })
  rating?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only reviews with photos; false: only reviews without; omitted: all.' })
  withImages?: boolean | null;
}

const noReview = { review: null };

@Resolver(() => ProductReview)
export class ProductReviewResolver {
  @FieldResolver(() => String, { description: 'The author\'s display name, masked to its first and last letter, e.g. "S***i".' })
  async authorName(@Root() review: ProductReview, @Ctx() ctx: Context): Promise<string> {
    const author = await ctx.loaders.get(userById).load(review.author.id);
    return reviews.maskName(author?.name ?? '');
  }

  @FieldResolver(() => Product, { description: 'The product reviewed.' })
  async product(@Root() review: ProductReview, @Ctx() ctx: Context): Promise<Product> {
    // A review is only reachable through a product the viewer may see.
    return (await ctx.loaders.get(productById).load(review.product.id))!;
  }

  @Authorized()
  @Mutation(() => ProductReviewPayload, {
    description: 'Rates and reviews an order line you bought once its order is DELIVERED or COMPLETED. Once per line.',
  })
  addProductReview(@Arg('input', () => AddProductReviewInput, { description: 'The review.' }) input: AddProductReviewInput, @Ctx() ctx: Context) {
    return toPayload(noReview, async () => ({ review: await reviews.addProductReview(ctx, input) }));
  }

  @Authorized()
  @Mutation(() => ProductReviewPayload, { description: "Replies to a review of your shop's product. Shop members only; one reply per review." })
  replyToReview(@Arg('input', () => ReplyToReviewInput, { description: 'The reply.' }) input: ReplyToReviewInput, @Ctx() ctx: Context) {
    return toPayload(noReview, async () => ({ review: await reviews.replyToReview(ctx, input) }));
  }
}

/** `product.reviews` and `product.ratingSummary`. */
@Resolver(() => Product)
export class ProductReviewsFieldResolver {
  @FieldResolver(() => ProductReviewConnection, { description: "The product's reviews, newest first." })
  reviews(@Root() product: EntityView<Product>, @Args() args: ProductReviewsArgs, @Ctx() ctx: Context) {
    return reviews.productReviews(ctx, product.id, args, { rating: args.rating, withImages: args.withImages });
  }

  /**
   * The average and the count are the product row's own (`rating_average`, `rating_count`, recounted in every review's
   * transaction), so a product list's summaries cost no statement unless the histogram is asked for. A managed entity
   * may have been loaded before a review changed them in this request: its summary is counted from the reviews.
   */
  @FieldResolver(() => RatingSummary, { description: 'Average rating, review count and how many reviews gave each star rating.' })
  ratingSummary(@Root() product: EntityView<Product>, @Ctx() ctx: Context): RatingSummary | Promise<RatingSummary> {
    if (product instanceof Product) return ctx.loaders.get(ratingSummaryByProduct).load(product.id);
    return { productId: product.id, average: Math.round(product.ratingAverage * 100) / 100, count: product.ratingCount };
  }
}

/** `ratingSummary.histogram`, counted from the reviews when the summary came from the product row. */
@Resolver(() => RatingSummary)
export class RatingSummaryResolver {
  @FieldResolver(() => [RatingBucket])
  async histogram(@Root() summary: RatingSummary, @Ctx() ctx: Context): Promise<RatingBucket[]> {
    return summary.histogram ?? (await ctx.loaders.get(ratingSummaryByProduct).load(summary.productId)).histogram!;
  }
}
