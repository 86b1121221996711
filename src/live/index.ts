import type { EventHandler } from '../events/outbox';
import type { NodeFetcher } from '../shared/context';
import type { BackgroundJob } from '../shared/jobs';
import { FlashSale, FlashSaleBuyerUsage } from './flash-sale.entity';
import { FlashSaleResolver } from './flash-sale.resolver';
import { flashSaleSweeper } from './flash-sale.service';
import { LiveStream, LiveStreamProduct } from './live-stream.entity';
import { LiveStreamResolver } from './live-stream.resolver';
import { visibleLiveStream } from './live-stream.service';
import { viewerCountJob } from './live-viewers.service';
import { liveErrorCodes } from './live.errors';
import { liveOrderHandler } from './live.handlers';
import { flashSaleById } from './live.loaders';
import { OverlayToken } from './overlay-token.entity';
import { LiveStreamOverlayTokensResolver, OverlayTokenResolver } from './overlay-token.resolver';
import { CheckoutStartedEventResolver, LiveStreamSubscriptionResolver, PinnedProductChangedEventResolver } from './live.subscriptions';

export const liveEntities = [LiveStream, LiveStreamProduct, FlashSale, FlashSaleBuyerUsage, OverlayToken];
export const liveResolvers = [LiveStreamResolver, FlashSaleResolver, LiveStreamSubscriptionResolver, PinnedProductChangedEventResolver, CheckoutStartedEventResolver, OverlayTokenResolver, LiveStreamOverlayTokensResolver] as const;
export const liveErrors = liveErrorCodes;
export const liveHandlers: EventHandler[] = [liveOrderHandler];
export const liveJobs: BackgroundJob[] = [flashSaleSweeper, viewerCountJob];
export const liveNodes: NodeFetcher[] = [
  { typeName: 'LiveStream', fetch: (ctx, id) => visibleLiveStream(ctx, id) },
  {
    typeName: 'FlashSale',
    fetch: async (ctx, id) => {
      const sale = await ctx.loaders.get(flashSaleById).load(id);
      return sale && (await visibleLiveStream(ctx, sale.liveStream.id)) ? sale : null;
    },
  },
];
