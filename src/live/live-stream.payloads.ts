import { Field, ObjectType } from 'type-graphql';
import { Connection } from '../shared/pagination';
import { UserError } from '../shared/user-error';
import { FlashSale } from './flash-sale.entity';
import { LiveStream } from './live-stream.entity';

@ObjectType({ description: 'Result of a change to a live stream (status, shopping bag, pinned product).' })
export class LiveStreamPayload {
  @Field(() => LiveStream, { nullable: true, description: 'The live stream after the change.' })
  liveStream!: LiveStream | null;

  @Field(() => [UserError], { description: 'Why it failed (e.g. LIVE_STREAM_ALREADY_LIVE); empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of starting or ending a flash sale.' })
export class FlashSalePayload {
  @Field(() => FlashSale, { nullable: true, description: 'The flash sale after the change.' })
  flashSale!: FlashSale | null;

  @Field(() => [UserError], { description: 'Why it failed (e.g. FLASH_SALE_IN_PROGRESS); empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of `startCheckout`.' })
export class StartCheckoutPayload {
  @Field(() => Boolean, {
    nullable: true,
    description: 'True when viewers were told that someone is placing an order; false when you told them moments ago already (one announcement per viewer every 30 seconds). Null on failure.',
  })
  announced!: boolean | null;

  @Field(() => [UserError], { description: 'Why it failed (e.g. LIVE_STREAM_NOT_LIVE); empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'A page of live streams.' })
export class LiveStreamConnection extends Connection(LiveStream) {}
