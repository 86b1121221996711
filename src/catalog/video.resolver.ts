import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Shop } from '../shops/shop.entity';
import { shopViewsFor } from '../shops/shops.loaders';
import type { Context } from '../shared/context';
import type { EntityView } from '../shared/views';
import { decodeIdOf } from '../shared/ids';
import { ConnectionArgs } from '../shared/pagination';
import { toPayload } from '../shared/user-error';
import { Product } from './product.entity';
import { Video } from './video.entity';
import { PublishVideoInput, VideosArgs } from './video.inputs';
import { PublishVideoPayload, VideoConnection, VideoProductTag } from './video.payloads';
import * as videos from './video.service';
import { VIDEO_CARD_FIELDS } from './videos.loaders';
import { selectsOnly } from '../shared/selection';

const noVideo = { video: null };

@Resolver(() => Video)
export class VideoResolver {
  @Query(() => Video, { nullable: true, description: 'A video by global ID; null when it does not exist or you may not see it.' })
  video(@Arg('id', () => ID, { description: 'Global ID of the video.' }) id: string, @Ctx() ctx: Context): Promise<Video | null> {
    const dbId = decodeIdOf('Video', id);
    return dbId === null ? Promise.resolve(null) : videos.visibleVideo(ctx, dbId);
  }

  @Query(() => VideoConnection, { description: 'The video feed, newest first: videos of approved shops (and of your own shops).' })
  videos(@Args() args: VideosArgs, @Ctx() ctx: Context) {
    return videos.videoFeed(ctx, args);
  }

  @FieldResolver(() => Shop, { description: 'The shop that published the video.' })
  async shop(@Root() video: EntityView<Video>, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<EntityView<Shop>> {
    return (await ctx.loaders.get(shopViewsFor(info)).load(video.shop.id))!;
  }

  @FieldResolver(() => [VideoProductTag], { description: 'The products shown, in the order the shop tagged them; products you may not see are left out.' })
  products(@Root() video: EntityView<Video>, @Ctx() ctx: Context): Promise<VideoProductTag[]> {
    return videos.videoTags(ctx, video);
  }

  @Authorized()
  @Mutation(() => PublishVideoPayload, { description: 'Publishes a shoppable video tagged with 1–20 ACTIVE products of the shop. Members of an approved shop only.' })
  publishVideo(@Arg('input', () => PublishVideoInput, { description: 'The video.' }) input: PublishVideoInput, @Ctx() ctx: Context) {
    return toPayload(noVideo, async () => ({ video: await videos.publishVideo(ctx, input) }));
  }
}

/** `Shop.videos`. */
@Resolver(() => Shop)
export class ShopVideosResolver {
  @FieldResolver(() => VideoConnection, { description: 'Videos the shop published, newest first.' })
  videos(@Root() shop: EntityView<Shop>, @Args() args: ConnectionArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return videos.shopVideos(ctx, shop, args, selectsOnly(info, VIDEO_CARD_FIELDS, ['edges', 'node']));
  }
}

/** `Product.videos`. */
@Resolver(() => Product)
export class ProductVideosResolver {
  @FieldResolver(() => VideoConnection, { description: 'Videos the product is tagged in, newest first.' })
  videos(@Root() product: EntityView<Product>, @Args() args: ConnectionArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return videos.productVideos(ctx, product, args, selectsOnly(info, VIDEO_CARD_FIELDS, ['edges', 'node']));
  }
}
