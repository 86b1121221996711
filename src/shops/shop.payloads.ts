import { Field, ObjectType } from 'type-graphql';
import { Connection } from '../shared/pagination';
import { UserError } from '../shared/user-error';
import { IdentityDocumentType, Shop } from './shop.entity';

@ObjectType({ description: "A shop's pickup address. Visible to its members and admins." })
export class WarehouseAddress {
  @Field({ description: 'Who hands parcels over.' }) contactName!: string;
  @Field({ description: 'Contact phone, +62… form.' }) phone!: string;
  @Field({ description: 'Street, number, RT/RW.' }) line1!: string;
  @Field(() => String, { nullable: true, description: 'Building, unit, landmark.' }) line2!: string | null;
  @Field({ description: 'Kecamatan.' }) district!: string;
  @Field({ description: 'Kota or kabupaten.' }) city!: string;
  @Field({ description: 'Provinsi.' }) province!: string;
  @Field({ description: 'Kode pos.' }) postalCode!: string;
}

@ObjectType({ description: 'Identity verification on file, masked. Visible to the shop members and admins.' })
export class ShopVerification {
  @Field(() => IdentityDocumentType, { description: 'Which document was given.' }) documentType!: IdentityDocumentType;
  @Field({ description: 'The document number with all but the last four characters masked.' }) documentNumberMasked!: string;
}

@ObjectType({ description: 'The payout bank account, masked. Visible to the shop members and admins.' })
export class PayoutAccount {
  @Field({ description: 'Bank name.' }) bankName!: string;
  @Field({ description: 'Account number with all but the last four digits masked.' }) accountNumberMasked!: string;
  @Field({ description: 'Name on the account.' }) holderName!: string;
}

@ObjectType({ description: 'Result of a shop mutation.' })
export class ShopPayload {
  @Field(() => Shop, { nullable: true, description: 'The shop after the change.' })
  shop!: Shop | null;

  @Field(() => [UserError], { description: 'Why it failed; empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'A page of shops.' })
export class ShopConnection extends Connection(Shop) {}
