import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import { productById, variantById } from '../catalog/catalog.loaders';
import { Product, ProductVariant } from '../catalog/product.entity';
import type { Context } from '../shared/context';
import { Money, money } from '../shared/money';
import { toPayload } from '../shared/user-error';
import { FlashSale, FlashSaleStatus } from './flash-sale.entity';
import * as sales from './flash-sale.service';
import { LiveStream } from './live-stream.entity';
import { FlashSaleInput, StartFlashSaleInput } from './live-stream.inputs';
import { FlashSalePayload } from './live-stream.payloads';
import { liveStreamById } from './live.loaders';

const salePayload = (run: () => Promise<FlashSale>) => toPayload({ flashSale: null }, async () => ({ flashSale: await run() }));

@Resolver(() => FlashSale)
export class FlashSaleResolver {
  @Authorized()
  @Mutation(() => FlashSalePayload, {
    description:
      'Starts a flash sale in a LIVE stream of your shop: a countdown (SCHEDULED), then the live price for LIVE orders until `endsAt`, within the quantity and per-buyer limit. One at a time per stream.',
  })
  startFlashSale(@Arg('input', () => StartFlashSaleInput, { description: 'The sale.' }) input: StartFlashSaleInput, @Ctx() ctx: Context) {
    return salePayload(() => sales.startFlashSale(ctx, input));
  }

  @Authorized()
  @Mutation(() => FlashSalePayload, { description: 'Ends a flash sale of your shop now, during its countdown or while it runs.' })
  endFlashSale(@Arg('input', () => FlashSaleInput, { description: 'The sale.' }) input: FlashSaleInput, @Ctx() ctx: Context) {
    return salePayload(() => sales.endFlashSale(ctx, input));
  }

  @FieldResolver(() => LiveStream, { description: 'The stream it runs in.' })
  async liveStream(@Root() sale: FlashSale, @Ctx() ctx: Context) {
    return (await ctx.loaders.get(liveStreamById).load(sale.liveStream.id))!;
  }

  @FieldResolver(() => Product, { description: 'The product on sale.' })
  async product(@Root() sale: FlashSale, @Ctx() ctx: Context) {
    return (await ctx.loaders.get(productById).load(sale.product.id))!;
  }

  @FieldResolver(() => ProductVariant, { description: 'The variant on sale.' })
  async variant(@Root() sale: FlashSale, @Ctx() ctx: Context) {
    return (await ctx.loaders.get(variantById).load(sale.variant.id))!;
  }

  @FieldResolver(() => Money, { description: 'The live price of one unit.' })
  price(@Root() sale: FlashSale): Money {
    return money(sale.price);
  }

  @FieldResolver(() => Int, { description: 'Units still at the live price: `quantity` − `soldQuantity`.' })
  remainingQuantity(@Root() sale: FlashSale): number {
    return sale.quantity - sale.soldQuantity;
  }

  @FieldResolver(() => FlashSaleStatus, { description: 'SCHEDULED, ACTIVE, SOLD_OUT or ENDED now.' })
  status(@Root() sale: FlashSale, @Ctx() ctx: Context): FlashSaleStatus {
    return sale.statusAt(ctx.clock.now());
  }
}
