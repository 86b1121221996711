import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../shared/context';
import { toPayload } from '../shared/user-error';
import { canManageShop } from '../shops/shop-access';
import { shopById } from '../shops/shops.loaders';
import { LiveStream } from './live-stream.entity';
import { overlayTokensByStream } from './live.loaders';
import { OverlayToken } from './overlay-token.entity';
import { CreateOverlayTokenInput, CreateOverlayTokenPayload, RevokeOverlayTokenInput, RevokeOverlayTokenPayload } from './overlay-token.inputs';
import * as overlay from './overlay-token.service';

@Resolver(() => OverlayToken)
export class OverlayTokenResolver {
  @Authorized()
  @Mutation(() => CreateOverlayTokenPayload, {
    description:
      "Creates a read-only token for the stream's overlay page (an OBS browser source): it follows `liveStreamEvents` and reads `liveStream` of this stream only, never personal data. For members (owner or staff) of the shop; the secret is returned this once.",
  })
  createOverlayToken(@Arg('input', () => CreateOverlayTokenInput, { description: 'The stream and a label.' }) input: CreateOverlayTokenInput, @Ctx() ctx: Context) {
    return toPayload({ overlayToken: null, token: null, overlayPath: null }, async () => {
      const created = await overlay.createOverlayToken(ctx, input);
      return { ...created, overlayPath: overlay.overlayPath(created.overlayToken.liveStream.id, created.token) };
    });
  }

  @Authorized()
  @Mutation(() => RevokeOverlayTokenPayload, { description: 'Revokes an overlay token: requests with it fail from now on, and its open subscriptions end at their next event.' })
  revokeOverlayToken(@Arg('input', () => RevokeOverlayTokenInput, { description: 'The token.' }) input: RevokeOverlayTokenInput, @Ctx() ctx: Context) {
    return toPayload({ overlayToken: null }, async () => ({ overlayToken: await overlay.revokeOverlayToken(ctx, input) }));
  }
}

@Resolver(() => LiveStream)
export class LiveStreamOverlayTokensResolver {
  @FieldResolver(() => [OverlayToken], { nullable: true, description: "The stream's overlay tokens, latest first, revoked ones included (never their secrets); null unless you are a member of the shop." })
  async overlayTokens(@Root() stream: LiveStream, @Ctx() ctx: Context): Promise<OverlayToken[] | null> {
    const shop = await ctx.loaders.get(shopById).load(stream.shop.id);
    if (!shop || !(await canManageShop(ctx, shop))) return null;
    return ctx.loaders.get(overlayTokensByStream).load(stream.id);
  }
}
