import { Field, ID, InputType, Int } from 'type-graphql';

@InputType({ description: 'A review of one order line you bought, once its order is DELIVERED or COMPLETED.' })
export class AddProductReviewInput {
  @Field(() => ID, { description: 'The order line reviewed; each line can be reviewed once.' })
  orderLineId!: string;

  @Field(() => Int, { description: 'Stars, 1 (poor) to 5 (excellent).' })
  rating!: number;

  @Field(() => String, { nullable: true, description: 'What you think, plain text up to 2,000 characters. Optional.' })
  text?: string | null;

  @Field(() => [String], { nullable: true, description: 'Photo URLs (https), at most 6. Optional.' })
  imageUrls?: string[] | null;
}

@InputType({ description: "The shop's one reply to a review." })
export class ReplyToReviewInput {
  @Field(() => ID, { description: 'The review.' })
  reviewId!: string;

  @Field({ description: 'The reply, plain text, 1–1,000 characters. It cannot be changed later.' })
  text!: string;
}
