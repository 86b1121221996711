import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { ConnectionArgs } from '../shared/pagination';
import { VoucherState, VoucherType } from './voucher.entity';

@InputType({ description: 'A new shop voucher.' })
export class CreateVoucherInput {
  @Field(() => ID, { description: 'The shop; it must be approved and you its owner or staff.' })
  shopId!: string;

  @Field({ description: 'The code buyers enter: 3–20 letters and digits, stored upper case, unique in the shop for good.' })
  code!: string;

  @Field(() => String, { nullable: true, description: 'A label for the shop, up to 100 characters.' })
  name?: string | null;

  @Field(() => VoucherType, { description: 'PERCENT (give `percentOff`) or FIXED (give `amountOff`).' })
  type!: VoucherType;

  @Field(() => Int, { nullable: true, description: 'PERCENT only: 1–100.' })
  percentOff?: number | null;

  @Field(() => String, { nullable: true, description: 'FIXED only: the amount off, a decimal IDR string above 0, e.g. "15000".' })
  amountOff?: string | null;

  @Field(() => String, { nullable: true, description: 'Lowest subtotal it applies to, decimal IDR; none by default.' })
  minimumSpend?: string | null;

  @Field(() => String, { nullable: true, description: 'PERCENT only: the most it takes off, decimal IDR above 0; no cap by default.' })
  maximumDiscount?: string | null;

  @Field(() => Int, { description: 'How many orders may use it in total (1–1,000,000).' })
  usageLimit!: number;

  @Field(() => Int, { nullable: true, description: 'How many orders one buyer may use it on (1–100, at most `usageLimit`); 1 by default.' })
  perBuyerLimit?: number | null;

  @Field(() => Date, { nullable: true, description: 'From when it can be used; now when omitted or in the past.' })
  validFrom?: Date | null;

  @Field(() => Date, { description: 'Until when it can be used: after `validFrom`, at most 180 days after it.' })
  validUntil!: Date;
}

@InputType({ description: 'A voucher of your shop.' })
export class EndVoucherInput {
  @Field(() => ID, { description: 'The voucher.' })
  voucherId!: string;
}

@ArgsType()
export class ShopVouchersArgs extends ConnectionArgs {
  @Field(() => VoucherState, { nullable: true, description: 'Only vouchers in this state; all by default.' })
  state?: VoucherState | null;
}
