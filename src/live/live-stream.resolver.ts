import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { canSeeProduct } from '../catalog/catalog-access';
import { productById } from '../catalog/catalog.loaders';
import { Product } from '../catalog/product.entity';
import type { Context } from '../shared/context';
import { decodeIdOf } from '../shared/ids';
import { Money, money } from '../shared/money';
import { toPayload } from '../shared/user-error';
import { Shop } from '../shops/shop.entity';
import { shopById } from '../shops/shops.loaders';
import { FlashSale } from './flash-sale.entity';
import * as bag from './live-bag.service';
import * as events from './live-events.service';
import { LiveStream, LiveStreamStatus } from './live-stream.entity';
import {
  AddLiveStreamProductsInput,
  LiveStreamInput,
  LiveStreamProductInput,
  LiveStreamsArgs,
  ReorderLiveStreamProductsInput,
  ScheduleLiveStreamInput,
  StartCheckoutInput,
} from './live-stream.inputs';
import { LiveStreamConnection, LiveStreamPayload, StartCheckoutPayload } from './live-stream.payloads';
import * as streams from './live-stream.service';
import { bagProductIdsByStream, flashSalesByStream, openFlashSaleByStream } from './live.loaders';

const streamPayload = (run: () => Promise<LiveStream>) => toPayload({ liveStream: null }, async () => ({ liveStream: await run() }));

/** The products of `ids` the viewer may see, in that order (batched across a list of streams). */
async function visibleProducts(ctx: Context, ids: readonly number[]): Promise<Product[]> {
  const products = await ctx.loaders.get(productById).loadMany(ids);
  const visible = await Promise.all(products.map(async (p) => (p instanceof Product && (await canSeeProduct(ctx, p)) ? p : null)));
  return visible.filter((p): p is Product => p !== null);
}

@Resolver(() => LiveStream)
export class LiveStreamResolver {
  @Query(() => LiveStreamConnection, { description: 'Live streams to discover: LIVE ones by default (latest started first), or SCHEDULED (soonest first) or ENDED.' })
  liveStreams(@Args() args: LiveStreamsArgs, @Ctx() ctx: Context) {
    return streams.liveStreams(ctx, args);
  }

  @Query(() => LiveStream, { nullable: true, description: 'A live stream by ID; null when it does not exist.' })
  liveStream(@Arg('id', () => ID, { description: 'The live stream.' }) id: string, @Ctx() ctx: Context) {
    const dbId = decodeIdOf('LiveStream', id);
    return dbId === null ? null : streams.visibleLiveStream(ctx, dbId);
  }

  @Authorized()
  @Mutation(() => LiveStreamPayload, { description: 'Announces a live stream of an approved shop you belong to (owner or staff). It starts SCHEDULED.' })
  scheduleLiveStream(@Arg('input', () => ScheduleLiveStreamInput, { description: 'The stream.' }) input: ScheduleLiveStreamInput, @Ctx() ctx: Context) {
    return streamPayload(() => streams.scheduleLiveStream(ctx, input));
  }

  @Authorized()
  @Mutation(() => LiveStreamPayload, { description: 'Goes live: SCHEDULED → LIVE. A shop has one LIVE stream at a time (LIVE_STREAM_ALREADY_LIVE).' })
  startLiveStream(@Arg('input', () => LiveStreamInput, { description: 'The stream.' }) input: LiveStreamInput, @Ctx() ctx: Context) {
    return streamPayload(() => streams.startLiveStream(ctx, input));
  }

  @Authorized()
  @Mutation(() => LiveStreamPayload, { description: 'Ends a LIVE stream, or calls off a SCHEDULED one: → ENDED. A flash sale counting down or running ends with it.' })
  endLiveStream(@Arg('input', () => LiveStreamInput, { description: 'The stream.' }) input: LiveStreamInput, @Ctx() ctx: Context) {
    return streamPayload(() => streams.endLiveStream(ctx, input));
  }

  @Authorized()
  @Mutation(() => LiveStreamPayload, { description: "Puts ACTIVE products of the stream's shop in its shopping bag, at the end, in the given order." })
  addLiveStreamProducts(@Arg('input', () => AddLiveStreamProductsInput, { description: 'The stream and products.' }) input: AddLiveStreamProductsInput, @Ctx() ctx: Context) {
    return streamPayload(() => bag.addLiveStreamProducts(ctx, input));
  }

  @Authorized()
  @Mutation(() => LiveStreamPayload, { description: 'Takes a product out of the shopping bag (unpinning it if pinned); not while it has a flash sale counting down or running.' })
  removeLiveStreamProduct(@Arg('input', () => LiveStreamProductInput, { description: 'The stream and product.' }) input: LiveStreamProductInput, @Ctx() ctx: Context) {
    return streamPayload(() => bag.removeLiveStreamProduct(ctx, input));
  }

  @Authorized()
  @Mutation(() => LiveStreamPayload, { description: 'Puts the shopping bag in a new order.' })
  reorderLiveStreamProducts(
    @Arg('input', () => ReorderLiveStreamProductsInput, { description: 'The stream and every product of its bag in the new order.' }) input: ReorderLiveStreamProductsInput,
    @Ctx() ctx: Context,
  ) {
    return streamPayload(() => bag.reorderLiveStreamProducts(ctx, input));
  }

  @Authorized()
  @Mutation(() => LiveStreamPayload, { description: 'Pins a product of the bag on top of the stream (one at a time: it replaces the pinned one).' })
  pinLiveStreamProduct(@Arg('input', () => LiveStreamProductInput, { description: 'The stream and product.' }) input: LiveStreamProductInput, @Ctx() ctx: Context) {
    return streamPayload(() => bag.pinLiveStreamProduct(ctx, input));
  }

  @Authorized()
  @Mutation(() => LiveStreamPayload, { description: 'Unpins the pinned product, if any.' })
  unpinLiveStreamProduct(@Arg('input', () => LiveStreamInput, { description: 'The stream.' }) input: LiveStreamInput, @Ctx() ctx: Context) {
    return streamPayload(() => bag.unpinLiveStreamProduct(ctx, input));
  }

  @Authorized()
  @Mutation(() => StartCheckoutPayload, {
    description: 'Call when a viewer opens checkout during a LIVE stream: the stream shows "someone is placing an order" (without saying who), at most once per viewer every 30 seconds.',
  })
  startCheckout(@Arg('input', () => StartCheckoutInput, { description: 'The stream, and the variant when known.' }) input: StartCheckoutInput, @Ctx() ctx: Context) {
    return toPayload({ announced: null }, async () => ({ announced: await events.startCheckout(ctx, input) }));
  }

  @FieldResolver(() => Shop, { description: 'The shop that streams.' })
  shop(@Root() stream: LiveStream, @Ctx() ctx: Context) {
    return ctx.loaders.get(shopById).load(stream.shop.id);
  }

  @FieldResolver(() => [Product], { description: 'The shopping bag: products on offer, in the shop\'s order. Batched across a list.' })
  async products(@Root() stream: LiveStream, @Ctx() ctx: Context) {
    return visibleProducts(ctx, await ctx.loaders.get(bagProductIdsByStream).load(stream.id));
  }

  @FieldResolver(() => Product, { nullable: true, description: 'The product pinned on top of the stream; null when none is.' })
  async pinnedProduct(@Root() stream: LiveStream, @Ctx() ctx: Context) {
    return stream.pinnedProduct ? ((await visibleProducts(ctx, [stream.pinnedProduct.id]))[0] ?? null) : null;
  }

  @FieldResolver(() => FlashSale, { nullable: true, description: 'The flash sale counting down, running or sold out now; null when none is.' })
  activeFlashSale(@Root() stream: LiveStream, @Ctx() ctx: Context) {
    return ctx.loaders.getFor(openFlashSaleByStream, ctx.clock).load(stream.id);
  }

  @FieldResolver(() => [FlashSale], { description: 'Every flash sale of the stream, latest first.' })
  flashSales(@Root() stream: LiveStream, @Ctx() ctx: Context) {
    return ctx.loaders.get(flashSalesByStream).load(stream.id);
  }

  @FieldResolver(() => Int, { description: 'Viewers at the last count (every few seconds) while LIVE; 0 otherwise.' })
  viewersNow(@Root() stream: LiveStream): number {
    return stream.status === LiveStreamStatus.LIVE ? stream.viewerCount : 0;
  }

  @FieldResolver(() => Money, { description: 'Gross merchandise value: the subtotals of the orders placed from this stream (cancelled ones included).' })
  gmv(@Root() stream: LiveStream): Money {
    return money(stream.gmv);
  }
}
