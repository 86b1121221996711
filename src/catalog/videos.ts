/** Shoppable videos: registered into the catalog feature from here. */
import type { NodeFetcher } from '../shared/context';
import { Video, VideoProduct } from './video.entity';
import { ProductVideosResolver, ShopVideosResolver, VideoResolver } from './video.resolver';
import { visibleVideo } from './video.service';

export const videoEntities: Function[] = [Video, VideoProduct];
export const videoResolvers: Function[] = [VideoResolver, ShopVideosResolver, ProductVideosResolver];
export const videoNodes: NodeFetcher[] = [{ typeName: 'Video', fetch: (ctx, id) => visibleVideo(ctx, id) }];
