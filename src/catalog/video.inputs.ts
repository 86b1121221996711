import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { ConnectionArgs } from '../shared/pagination';

/** Limits of a published video, shared by the service and the descriptions. */
export const videoRules = {
  caption: { min: 1, max: 2200 },
  /** Tagged products per video. */
  products: { min: 1, max: 20 },
  /** Longest video, and so the latest `atSecond`: ten hours. */
  maxSeconds: 36_000,
} as const;

@InputType({ description: 'A product shown in a video.' })
export class VideoProductInput {
  @Field(() => ID, { description: "Global ID of an ACTIVE product of the video's shop." })
  productId!: string;

  @Field(() => Int, { nullable: true, description: `Second of the video at which the product appears (0–${videoRules.maxSeconds}); omit when not known.` })
  atSecond?: number | null;
}

@InputType({ description: 'A shoppable video to publish. Only members of an approved shop may publish.' })
export class PublishVideoInput {
  @Field(() => ID, { description: 'Global ID of the shop publishing the video.' })
  shopId!: string;

  @Field({ description: `Caption, plain text, ${videoRules.caption.min}–${videoRules.caption.max.toLocaleString('en')} characters (trimmed).` })
  caption!: string;

  @Field({ description: 'Where the video file is played from: an https URL of at most 500 characters.' })
  videoUrl!: string;

  @Field(() => String, { nullable: true, description: 'Cover image: an https URL of at most 500 characters.' })
  thumbnailUrl?: string | null;

  @Field(() => Int, { nullable: true, description: `Length of the video in seconds (1–${videoRules.maxSeconds}); tags may not appear after it.` })
  durationSeconds?: number | null;

  @Field(() => [VideoProductInput], {
    description: `The products shown, in display order: ${videoRules.products.min}–${videoRules.products.max}, each at most once.`,
  })
  products!: VideoProductInput[];
}

@ArgsType()
export class VideosArgs extends ConnectionArgs {
  @Field(() => ID, { nullable: true, description: 'Only videos of this shop.' })
  shopId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only videos tagged with this product.' })
  productId?: string | null;
}
