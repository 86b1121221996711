import { createUnionType, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Money } from '../shared/money';
import { LiveStreamStatus } from './live-stream.entity';

/** What every event of `liveStreamEvents` carries. */
@ObjectType()
abstract class LiveStreamEventBase {
  @Field({ description: 'Opaque position of this event. Pass it as `after` to resume right after it (after a reconnect, for example).' })
  cursor!: string;

  @Field({ description: 'When it happened.' })
  occurredAt!: Date;
}

@ObjectType({ description: 'Someone bought during the stream: what, how many, at what price, with the stock left and the units sold in the stream so far. One per order line.' })
export class PurchaseEvent extends LiveStreamEventBase {
  @Field({ description: 'The buyer\'s name masked to its first and last letter, e.g. "B***i". Nothing else about the buyer is ever sent.' })
  buyerName!: string;

  @Field(() => ID, { description: 'The product bought.' })
  productId!: string;

  @Field({ description: 'Its title at purchase.' })
  productTitle!: string;

  @Field(() => ID, { description: 'The variant bought.' })
  variantId!: string;

  @Field({ description: 'Its title at purchase, e.g. "Merah / M".' })
  variantTitle!: string;

  @Field(() => Int, { description: 'Units bought.' })
  quantity!: number;

  @Field(() => Money, { description: 'Price paid per unit (the live price during a flash sale).' })
  unitPrice!: Money;

  @Field({ description: 'True when the units were bought at a flash sale\'s live price.' })
  atFlashSalePrice!: boolean;

  @Field(() => Int, { description: "The variant's stock left when the event was sent." })
  stockLeft!: number;

  @Field(() => Int, { description: 'Units sold in this stream so far, this purchase included.' })
  unitsSold!: number;
}

@ObjectType({ description: 'Someone is placing an order (a viewer opened checkout). Carries nothing about who; `product` and `variant` say what, when the viewer named it.' })
export class CheckoutStartedEvent extends LiveStreamEventBase {
  /** Database ids of what is being bought, for the `product` and `variant` fields. */
  productDbId!: number | null;
  variantDbId!: number | null;
}

@ObjectType({ description: 'The product pinned on top of the stream changed; `product` is the one pinned now (null when unpinned).' })
export class PinnedProductChangedEvent extends LiveStreamEventBase {
  @Field(() => ID, { nullable: true, description: 'The product pinned now; null when the shop unpinned it.' })
  pinnedProductId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The product pinned before; null when none was.' })
  previousProductId!: string | null;

  /** Database id of the pinned product, for the `product` field. */
  productDbId!: number | null;
}

export enum FlashSaleEventKind {
  SCHEDULED = 'SCHEDULED',
  STARTED = 'STARTED',
  SOLD_OUT = 'SOLD_OUT',
  RESTOCKED = 'RESTOCKED',
  ENDED = 'ENDED',
}
registerEnumType(FlashSaleEventKind, {
  name: 'FlashSaleEventKind',
  description: 'What happened to a flash sale.',
  valuesConfig: {
    SCHEDULED: { description: 'The shop started a sale: the countdown runs until `startsAt`.' },
    STARTED: { description: 'The countdown is over: the live price applies.' },
    SOLD_OUT: { description: 'Every unit is taken; orders pay the normal price.' },
    RESTOCKED: { description: 'A cancelled order gave units back to a sold-out sale: it is on sale again.' },
    ENDED: { description: 'The sale ended: its time was up, the shop ended it, or the stream ended.' },
  },
});

@ObjectType({ description: 'A flash sale was scheduled, started, sold out, restocked or ended; with its terms at that moment.' })
export class FlashSaleEvent extends LiveStreamEventBase {
  @Field(() => FlashSaleEventKind, { description: 'What happened.' })
  kind!: FlashSaleEventKind;

  @Field(() => ID, { description: 'The flash sale.' })
  flashSaleId!: string;

  @Field(() => ID, { description: 'The product on sale.' })
  productId!: string;

  @Field(() => ID, { description: 'The variant on sale.' })
  variantId!: string;

  @Field(() => Money, { description: 'The live price.' })
  price!: Money;

  @Field(() => Int, { description: 'Units at the live price.' })
  quantity!: number;

  @Field(() => Int, { description: 'Units taken at the live price at that moment.' })
  soldQuantity!: number;

  @Field(() => Int, { description: 'Units one buyer may take at the live price.' })
  perBuyerLimit!: number;

  @Field({ description: 'When the live price starts (end of the countdown).' })
  startsAt!: Date;

  @Field({ description: 'When the live price ends by itself.' })
  endsAt!: Date;
}

@ObjectType({ description: 'The number of viewers changed (sent at most every few seconds).' })
export class ViewerCountEvent extends LiveStreamEventBase {
  @Field(() => Int, { description: 'Viewers now: subscribers to this stream\'s events, across all servers.' })
  viewers!: number;

  @Field(() => Int, { description: 'Most viewers counted at once so far.' })
  peakViewers!: number;
}

@ObjectType({ description: 'The stream went live or ended.' })
export class StreamStatusEvent extends LiveStreamEventBase {
  @Field(() => LiveStreamStatus, { description: 'Status before.' })
  fromStatus!: LiveStreamStatus;

  @Field(() => LiveStreamStatus, { description: 'Status now.' })
  status!: LiveStreamStatus;
}

export const LiveStreamEvent = createUnionType({
  name: 'LiveStreamEvent',
  description:
    'One event of a live stream, pushed by `liveStreamEvents`. Public: it carries no personal data. Keep the last `cursor` and pass it as `after` when you subscribe again.',
  types: () => [PurchaseEvent, CheckoutStartedEvent, PinnedProductChangedEvent, FlashSaleEvent, ViewerCountEvent, StreamStatusEvent] as const,
});
