import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import { Product } from '../catalog/product.entity';
import type { Context } from '../shared/context';
import type { EntityView } from '../shared/views';
import { Money, money } from '../shared/money';
import { toPayload } from '../shared/user-error';
import { canManageShop } from '../shops/shop-access';
import { Shop } from '../shops/shop.entity';
import { shopById } from '../shops/shops.loaders';
import { Voucher, VoucherState } from './voucher.entity';
import { CreateVoucherInput, EndVoucherInput, ShopVouchersArgs } from './voucher.inputs';
import { VoucherConnection, VoucherPayload } from './voucher.payloads';
import * as vouchers from './voucher.service';

@Resolver(() => Voucher)
export class VoucherResolver {
  @Authorized()
  @Mutation(() => VoucherPayload, { description: 'Creates a voucher in an approved shop you belong to; buyers enter its code at checkout.' })
  createVoucher(@Arg('input', () => CreateVoucherInput, { description: 'The voucher.' }) input: CreateVoucherInput, @Ctx() ctx: Context) {
    return toPayload({ voucher: null }, async () => ({ voucher: await vouchers.createVoucher(ctx, input) }));
  }

  @Authorized()
  @Mutation(() => VoucherPayload, { description: 'Ends a voucher of your shop early: it expires now; orders that used it keep their discount.' })
  endVoucher(@Arg('input', () => EndVoucherInput, { description: 'The voucher.' }) input: EndVoucherInput, @Ctx() ctx: Context) {
    return toPayload({ voucher: null }, async () => ({ voucher: await vouchers.endVoucher(ctx, input) }));
  }

  @FieldResolver(() => Shop, { description: 'The shop it belongs to.' })
  shop(@Root() voucher: Voucher, @Ctx() ctx: Context) {
    return ctx.loaders.get(shopById).load(voucher.shop.id);
  }

  @FieldResolver(() => VoucherState, { description: 'Upcoming, active or expired, now.' })
  state(@Root() voucher: Voucher, @Ctx() ctx: Context): VoucherState {
    return voucher.stateAt(ctx.clock.now());
  }

  @FieldResolver(() => Money, { nullable: true, description: 'The amount off, for FIXED vouchers.' })
  amountOff(@Root() voucher: Voucher): Money | null {
    return voucher.amountOff == null ? null : money(voucher.amountOff);
  }

  @FieldResolver(() => Money, { description: 'The lowest subtotal it applies to (0.00: any).' })
  minimumSpend(@Root() voucher: Voucher): Money {
    return money(voucher.minimumSpend);
  }

  @FieldResolver(() => Money, { nullable: true, description: 'The most a PERCENT voucher takes off; null: no cap.' })
  maximumDiscount(@Root() voucher: Voucher): Money | null {
    return voucher.maximumDiscount == null ? null : money(voucher.maximumDiscount);
  }

  @FieldResolver(() => Int, { description: 'Uses left in total: `usageLimit` − `usedCount`.' })
  remainingUses(@Root() voucher: Voucher): number {
    return voucher.usageLimit - voucher.usedCount;
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Orders you may still use it on (per-buyer limit minus your uses); null when not logged in.' })
  remainingForViewer(@Root() voucher: Voucher, @Ctx() ctx: Context) {
    return vouchers.remainingForViewer(ctx, voucher);
  }
}

@Resolver(() => Shop)
export class ShopVouchersResolver {
  @FieldResolver(() => VoucherConnection, { nullable: true, description: "The shop's vouchers, newest first. Null unless you are a member or an admin; buyers use `claimableVouchers`." })
  async vouchers(@Root() shop: EntityView<Shop>, @Args() args: ShopVouchersArgs, @Ctx() ctx: Context) {
    return (await canManageShop(ctx, shop)) ? vouchers.shopVouchers(ctx, shop, args) : null;
  }

  @FieldResolver(() => [Voucher], { description: 'Vouchers you could use in this shop now: started, not expired, with uses left in total and for you.' })
  claimableVouchers(@Root() shop: EntityView<Shop>, @Ctx() ctx: Context) {
    return vouchers.claimableVouchers(ctx, shop.id);
  }
}

@Resolver(() => Product)
export class ProductVouchersResolver {
  @FieldResolver(() => [Voucher], { description: "The shop's vouchers you could use on this product now (shop vouchers apply to every product of the shop). Batched across a list." })
  applicableVouchers(@Root() product: EntityView<Product>, @Ctx() ctx: Context) {
    return vouchers.claimableVouchers(ctx, product.shop.id);
  }
}
