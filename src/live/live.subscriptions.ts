import { Args, ArgsType, Ctx, Field, FieldResolver, ID, Resolver, Root, Subscription } from 'type-graphql';
import { variantById } from '../catalog/catalog.loaders';
import { Product, ProductVariant } from '../catalog/product.entity';
import { AFTER_DESCRIPTION } from '../events/cursor';
import type { EventMessage } from '../events/topics';
import type { Context } from '../shared/context';
import { visibleProduct } from '../catalog/catalog-access';
import { CheckoutStartedEvent, LiveStreamEvent, PinnedProductChangedEvent } from './live-event.payloads';
import * as events from './live-events.service';

@ArgsType()
class LiveStreamEventsArgs {
  @Field(() => ID, { description: 'The live stream to follow (any stream you can see; no login needed).' })
  liveStreamId!: string;

  @Field(() => String, { nullable: true, description: AFTER_DESCRIPTION })
  after?: string | null;
}

@Resolver()
export class LiveStreamSubscriptionResolver {
  @Subscription(() => LiveStreamEvent, {
    description:
      "Pushes a live stream's public events: purchases (masked buyer), someone placing an order, the pinned product, flash sales, viewer counts and the stream's status. Open to anyone who can see the stream, logged in or not, and to its overlay tokens; each subscriber counts as a viewer, except overlay pages. An unknown stream is NOT_FOUND.",
    subscribe: ({ args, context }) => events.subscribeToLiveStreamEvents(context as Context, args as LiveStreamEventsArgs),
  })
  liveStreamEvents(@Root() event: EventMessage, @Args() _args: LiveStreamEventsArgs): object {
    return events.toLiveStreamEvent(event);
  }
}

@Resolver(() => PinnedProductChangedEvent)
export class PinnedProductChangedEventResolver {
  @FieldResolver(() => Product, { nullable: true, description: 'The product pinned now, as it is now (title, images, variants and prices for the overlay); null when unpinned.' })
  product(@Root() event: PinnedProductChangedEvent, @Ctx() ctx: Context) {
    return event.productDbId === null ? null : visibleProduct(ctx, event.productDbId);
  }
}

@Resolver(() => CheckoutStartedEvent)
export class CheckoutStartedEventResolver {
  @FieldResolver(() => Product, { nullable: true, description: 'The product being bought, as it is now; null when the viewer did not name it.' })
  product(@Root() event: CheckoutStartedEvent, @Ctx() ctx: Context) {
    return event.productDbId === null ? null : visibleProduct(ctx, event.productDbId);
  }

  @FieldResolver(() => ProductVariant, { nullable: true, description: 'The variant being bought, as it is now; null when the viewer did not name it.' })
  async variant(@Root() event: CheckoutStartedEvent, @Ctx() ctx: Context) {
    if (event.variantDbId === null || event.productDbId === null || !(await visibleProduct(ctx, event.productDbId))) return null;
    return ctx.loaders.get(variantById).load(event.variantDbId);
  }
}
