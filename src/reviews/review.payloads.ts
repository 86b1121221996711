import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Connection } from '../shared/pagination';
import { UserError } from '../shared/user-error';
import { ProductReview } from './review.entity';

@ObjectType({ description: 'How many reviews gave one star rating.', simpleResolvers: true })
export class RatingBucket {
  @Field(() => Int, { description: 'The star rating, 1 to 5.' })
  rating!: number;

  @Field(() => Int, { description: 'How many reviews gave it.' })
  count!: number;
}

@ObjectType({ description: "A product's ratings at a glance.", simpleResolvers: true })
export class RatingSummary {
  @Field(() => Float, { description: 'Mean rating, rounded to 2 decimals; 0 when there are no reviews.' })
  average!: number;

  @Field(() => Int, { description: 'How many reviews there are.' })
  count!: number;

  @Field(() => [RatingBucket], { description: 'Reviews per star rating: always five buckets, from 5 stars down to 1.' })
  histogram?: RatingBucket[];

  /** The product it summarises; the histogram is counted from its reviews only when asked for (`RatingSummaryResolver`). */
  productId!: number;
}

@ObjectType({ description: 'Result of a review mutation.' })
export class ProductReviewPayload {
  @Field(() => ProductReview, { nullable: true, description: 'The review after the change.' })
  review!: ProductReview | null;

  @Field(() => [UserError], { description: 'Why it failed; empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'A page of product reviews.' })
export class ProductReviewConnection extends Connection(ProductReview) {}
