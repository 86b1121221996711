import { Field, ObjectType } from 'type-graphql';
import { Connection } from '../shared/pagination';
import { UserError } from '../shared/user-error';
import { Voucher } from './voucher.entity';

@ObjectType({ description: 'Result of a voucher change.' })
export class VoucherPayload {
  @Field(() => Voucher, { nullable: true, description: 'The voucher after the change.' })
  voucher!: Voucher | null;

  @Field(() => [UserError], { description: 'Why it failed (e.g. VOUCHER_CODE_TAKEN on `input.code`); empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'A page of vouchers.' })
export class VoucherConnection extends Connection(Voucher) {}
