import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { ConnectionArgs } from '../shared/pagination';
import { LiveStreamStatus } from './live-stream.entity';

@InputType({ description: 'A live stream to announce.' })
export class ScheduleLiveStreamInput {
  @Field(() => ID, { description: 'The shop; it must be approved and you its owner or staff.' })
  shopId!: string;

  @Field({ description: 'Title, 3–100 characters (e.g. "Flash sale hijab jam 8 malam!").' })
  title!: string;

  @Field({ description: 'When you plan to go live: in the future, at most 30 days ahead. You may start earlier or later.' })
  scheduledAt!: Date;

  @Field(() => String, { nullable: true, description: 'Cover image, an https URL of at most 500 characters.' })
  coverUrl?: string | null;
}

@InputType({ description: 'A live stream of your shop.' })
export class LiveStreamInput {
  @Field(() => ID, { description: 'The live stream.' })
  liveStreamId!: string;
}

@InputType({ description: 'Products to put in a stream\'s shopping bag.' })
export class AddLiveStreamProductsInput {
  @Field(() => ID, { description: 'The live stream (not ENDED).' })
  liveStreamId!: string;

  @Field(() => [ID], { description: "1–50 of the shop's ACTIVE products; they go to the end of the bag in this order. Products already in the bag stay where they are." })
  productIds!: string[];
}

@InputType({ description: 'One product of a stream\'s shopping bag.' })
export class LiveStreamProductInput {
  @Field(() => ID, { description: 'The live stream (not ENDED).' })
  liveStreamId!: string;

  @Field(() => ID, { description: 'A product in its bag.' })
  productId!: string;
}

@InputType({ description: 'A new order for a stream\'s shopping bag.' })
export class ReorderLiveStreamProductsInput {
  @Field(() => ID, { description: 'The live stream (not ENDED).' })
  liveStreamId!: string;

  @Field(() => [ID], { description: 'Every product of the bag, once each, in the new order.' })
  productIds!: string[];
}

@InputType({ description: 'A flash sale to start in a LIVE stream: a countdown, then a live-only price for a few minutes.' })
export class StartFlashSaleInput {
  @Field(() => ID, { description: 'The LIVE stream.' })
  liveStreamId!: string;

  @Field(() => ID, { description: "An active variant of a product in the stream's shopping bag." })
  variantId!: string;

  @Field({ description: "Live price of one unit, a decimal IDR amount above 0 and below the variant's price." })
  price!: string;

  @Field(() => Int, { description: "Units at the live price: 1–10,000, at most the variant's stock." })
  quantity!: number;

  @Field(() => Int, { description: 'Units one buyer may take at the live price: 1–99, at most `quantity`.' })
  perBuyerLimit!: number;

  @Field(() => Int, { description: 'Countdown before the price starts, 10–300 seconds.' })
  countdownSeconds!: number;

  @Field(() => Int, { description: 'How long the price lasts after the countdown, 1–20 minutes.' })
  durationMinutes!: number;
}

@InputType({ description: 'A flash sale of your shop.' })
export class FlashSaleInput {
  @Field(() => ID, { description: 'The flash sale.' })
  flashSaleId!: string;
}

@InputType({ description: 'A viewer opening checkout during a live stream.' })
export class StartCheckoutInput {
  @Field(() => ID, { description: 'The LIVE stream.' })
  liveStreamId!: string;

  @Field(() => ID, { nullable: true, description: "The variant being bought, when known (a product of the stream's shop)." })
  variantId?: string | null;
}

@ArgsType()
export class LiveStreamsArgs extends ConnectionArgs {
  @Field(() => LiveStreamStatus, {
    nullable: true,
    description: 'Which streams: LIVE (the default; latest started first), SCHEDULED (soonest first) or ENDED (latest ended first).',
  })
  status?: LiveStreamStatus | null;

  @Field(() => ID, { nullable: true, description: "Only this shop's streams." })
  shopId?: string | null;
}
