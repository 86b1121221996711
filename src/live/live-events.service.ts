/**
 * `liveStreamEvents(liveStreamId, after)`: one stream's topic, resumable from a cursor like `orderUpdated`
 * (subscribeToTopic). The stream is public, so anyone who may see it may follow it, logged in or not: the events
 * carry no personal data by construction (live.events.ts), and internal events are filtered out. Each subscriber is
 * counted as a viewer while its subscription is open, except overlay pages: an OBS browser source is the streamer's
 * own screen, not an audience, so it would inflate the count (and the peak) for as long as the stream runs. An overlay
 * subscription re-checks its token at every event and ends (UNAUTHENTICATED) once the token is revoked.
 */
import { decodeEventCursor, encodeEventCursor } from '../events/cursor';
import { subscribeToTopic, withPerSubscriber } from '../events/subscribe';
import { Topic, type EventMessage } from '../events/topics';
import { ProductVariant } from '../catalog/product.entity';
import type { Context } from '../shared/context';
import { notFound } from '../shared/errors';
import { decodeIdOf, toGlobalId } from '../shared/ids';
import { money } from '../shared/money';
import { failWith } from '../shared/user-error';
import { viewerUserId } from '../shared/viewer';
import { LiveStreamStatus } from './live-stream.entity';
import { assertOverlayTokenWorks } from './overlay-token.service';
import type { StartCheckoutInput } from './live-stream.inputs';
import { STREAM_FIELD, visibleLiveStream } from './live-stream.service';
import {
  CheckoutStartedEvent,
  FlashSaleEvent,
  FlashSaleEventKind,
  PinnedProductChangedEvent,
  PurchaseEvent,
  StreamStatusEvent,
  ViewerCountEvent,
} from './live-event.payloads';
import { LiveEventType, PUBLIC_LIVE_EVENT_TYPES, recordLiveEvent } from './live.events';
import type { LiveErrorCode } from './live.errors';

const code = (c: LiveErrorCode) => c;

/** One "someone is placing an order" per viewer per stream in this window; more are not announced. @default 30 */
export const CHECKOUT_ANNOUNCE_WINDOW_SECONDS = 30;

export interface LiveStreamEventsArgs {
  readonly liveStreamId: string;
  readonly after?: string | null;
}

export async function subscribeToLiveStreamEvents(ctx: Context, args: LiveStreamEventsArgs): Promise<AsyncIterableIterator<EventMessage>> {
  const after = args.after == null ? null : decodeEventCursor(args.after);
  const id = decodeIdOf('LiveStream', args.liveStreamId);
  const stream = id === null ? null : await visibleLiveStream(ctx, id);
  if (!stream) throw notFound('The live stream');
  const topic = Topic.live(stream.id);
  const filter = (message: EventMessage) => PUBLIC_LIVE_EVENT_TYPES.has(message.type);
  if (ctx.viewer.kind === 'overlay') {
    // The token was checked when the operation started (src/server/overlay-access.ts); from then on, at each event.
    const authorize = async (eventCtx: Context) => {
      await assertOverlayTokenWorks(eventCtx.em, eventCtx.viewer);
      return true;
    };
    return subscribeToTopic(ctx, { topic, after, filter, authorize });
  }
  const events = await subscribeToTopic(ctx, { topic, after, filter });
  // Each subscriber counts as a viewer while subscribed, also when it shares the stream of others.
  return withPerSubscriber(events, () => ctx.app.presence.join(topic));
}

type Payload = Record<string, unknown>;
const num = (payload: Payload, key: string) => payload[key] as number;
const optionalId = (type: string, value: unknown) => (typeof value === 'number' ? toGlobalId(type, value) : null);

const FLASH_SALE_KINDS: Readonly<Record<string, FlashSaleEventKind>> = {
  [LiveEventType.FLASH_SALE_SCHEDULED]: FlashSaleEventKind.SCHEDULED,
  [LiveEventType.FLASH_SALE_STARTED]: FlashSaleEventKind.STARTED,
  [LiveEventType.FLASH_SALE_SOLD_OUT]: FlashSaleEventKind.SOLD_OUT,
  [LiveEventType.FLASH_SALE_RESTOCKED]: FlashSaleEventKind.RESTOCKED,
  [LiveEventType.FLASH_SALE_ENDED]: FlashSaleEventKind.ENDED,
};

/** Builds the GraphQL event of one type from its stored payload. */
const BUILDERS: Readonly<Record<string, (p: Payload) => object>> = {
  [LiveEventType.PURCHASE]: (p) =>
    Object.assign(new PurchaseEvent(), {
      buyerName: p['buyerName'],
      productId: toGlobalId('Product', num(p, 'productId')),
      productTitle: p['productTitle'],
      variantId: toGlobalId('ProductVariant', num(p, 'variantId')),
      variantTitle: p['variantTitle'],
      quantity: num(p, 'quantity'),
      unitPrice: money(num(p, 'unitPrice')),
      atFlashSalePrice: p['flashSaleId'] != null,
      stockLeft: num(p, 'stockLeft'),
      unitsSold: num(p, 'unitsSold'),
    }),
  [LiveEventType.CHECKOUT_STARTED]: (p) =>
    Object.assign(new CheckoutStartedEvent(), { productDbId: (p['productId'] as number | null) ?? null, variantDbId: (p['variantId'] as number | null) ?? null }),
  [LiveEventType.PINNED_PRODUCT_CHANGED]: (p) =>
    Object.assign(new PinnedProductChangedEvent(), {
      pinnedProductId: optionalId('Product', p['productId']),
      previousProductId: optionalId('Product', p['previousProductId']),
      productDbId: (p['productId'] as number | null) ?? null,
    }),
  [LiveEventType.VIEWER_COUNT]: (p) => Object.assign(new ViewerCountEvent(), { viewers: num(p, 'viewers'), peakViewers: num(p, 'peakViewers') }),
  [LiveEventType.STATUS_CHANGED]: (p) => Object.assign(new StreamStatusEvent(), { fromStatus: p['from'] as LiveStreamStatus, status: p['to'] as LiveStreamStatus }),
  ...Object.fromEntries(
    Object.entries(FLASH_SALE_KINDS).map(([type, kind]) => [
      type,
      (p: Payload) =>
        Object.assign(new FlashSaleEvent(), {
          kind,
          flashSaleId: toGlobalId('FlashSale', num(p, 'flashSaleId')),
          productId: toGlobalId('Product', num(p, 'productId')),
          variantId: toGlobalId('ProductVariant', num(p, 'variantId')),
          price: money(num(p, 'price')),
          quantity: num(p, 'quantity'),
          soldQuantity: num(p, 'soldQuantity'),
          perBuyerLimit: num(p, 'perBuyerLimit'),
          startsAt: new Date(p['startsAt'] as string),
          endsAt: new Date(p['endsAt'] as string),
        }),
    ]),
  ),
};

/** The GraphQL event for a delivered outbox event of the stream's topic. */
export function toLiveStreamEvent(message: EventMessage): object {
  const build = BUILDERS[message.type];
  if (!build) throw new Error(`no live stream event for type ${message.type}`);
  return Object.assign(build(message.payload), { cursor: encodeEventCursor(message.position), occurredAt: new Date(message.occurredAt) });
}

/**
 * A viewer opened checkout: tells the stream "someone is placing an order", without saying who. At most one
 * announcement per viewer per stream every {@link CHECKOUT_ANNOUNCE_WINDOW_SECONDS} (rate-limited across instances),
 * so tapping "Buy" repeatedly, or a script, cannot flood the stream; the others return false and write nothing.
 */
export async function startCheckout(ctx: Context, input: StartCheckoutInput): Promise<boolean> {
  const id = decodeIdOf('LiveStream', input.liveStreamId);
  const stream = id === null ? null : await visibleLiveStream(ctx, id);
  if (!stream) failWith('NOT_FOUND', 'No such live stream.', STREAM_FIELD);
  if (stream.status !== LiveStreamStatus.LIVE) failWith(code('LIVE_STREAM_NOT_LIVE'), `"${stream.title}" is not live.`, STREAM_FIELD);
  let variant: ProductVariant | null = null;
  if (input.variantId != null) {
    const variantId = decodeIdOf('ProductVariant', input.variantId);
    variant = variantId === null ? null : await ctx.em.findOne(ProductVariant, { id: variantId, shop: stream.shop.id, isActive: true });
    if (!variant) failWith('NOT_FOUND', 'No such variant in this shop.', ['input', 'variantId']);
  }
  const { allowed } = await ctx.app.rateLimiter.hit(`live-checkout:${stream.id}:${viewerUserId(ctx.viewer)}`, 1, CHECKOUT_ANNOUNCE_WINDOW_SECONDS);
  if (!allowed) return false;
  recordLiveEvent(ctx.em, ctx.clock, stream.id, LiveEventType.CHECKOUT_STARTED, { productId: variant?.product.id ?? null, variantId: variant?.id ?? null });
  await ctx.em.flush();
  return true;
}
