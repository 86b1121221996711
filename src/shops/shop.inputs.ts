import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { IdentityDocumentType } from './shop.entity';

@InputType({ description: 'Where the carrier picks parcels up.' })
export class WarehouseAddressInput {
  @Field({ description: 'Who hands parcels over (1–80 characters).' })
  contactName!: string;
  @Field({ description: 'Contact phone: +62…, 62… or 08….' })
  phone!: string;
  @Field({ description: 'Street, number, RT/RW.' })
  line1!: string;
  @Field(() => String, { nullable: true, description: 'Building, unit, landmark.' })
  line2?: string | null;
  @Field({ description: 'Kecamatan.' })
  district!: string;
  @Field({ description: 'Kota or kabupaten.' })
  city!: string;
  @Field({ description: 'Provinsi.' })
  province!: string;
  @Field({ description: 'Kode pos: five digits.' })
  postalCode!: string;
}

@InputType({ description: "The seller's identity document. Stored for verification, only ever shown masked." })
export class IdentityInput {
  @Field(() => IdentityDocumentType, { description: 'Which document.' })
  documentType!: IdentityDocumentType;
  @Field({ description: 'Its number (KTP: 16 digits; passport: 6–9 letters and digits; NPWP: 15–16 digits; NIB: 13 digits).' })
  documentNumber!: string;
}

@InputType({ description: 'Where payouts go. The account number is only ever shown masked.' })
export class BankAccountInput {
  @Field({ description: 'Bank name, e.g. "BCA" or "Bank Mandiri".' })
  bankName!: string;
  @Field({ description: 'Account number: 6–20 digits.' })
  accountNumber!: string;
  @Field({ description: 'Name on the account.' })
  holderName!: string;
}

@InputType({ description: 'A new shop. It starts PENDING_REVIEW; a code is sent to confirm the contact email.' })
export class RegisterShopInput {
  @Field({ description: 'Shop name: 3–40 letters, digits, spaces and & \' . -; unique regardless of case; no reserved words.' })
  name!: string;
  @Field({ description: 'URL handle: 3–30 lower-case letters, digits, . _ -; unique.' })
  handle!: string;
  @Field({ description: 'ISO country code the shop sells from; must be one of the eligible countries.' })
  countryCode!: string;
  @Field(() => WarehouseAddressInput, { description: 'Pickup address.' })
  warehouseAddress!: WarehouseAddressInput;
  @Field(() => IdentityInput, { description: 'Identity verification.' })
  identity!: IdentityInput;
  @Field(() => BankAccountInput, { description: 'Payout account.' })
  bankAccount!: BankAccountInput;
  @Field({ description: 'Contact email for the shop; must be confirmed with the code sent to it.' })
  contactEmail!: string;
}

@InputType({ description: 'A shop to act on.' })
export class ShopIdInput {
  @Field(() => ID, { description: 'The shop.' })
  shopId!: string;
}

@InputType({ description: 'The code that was sent to the shop contact email.' })
export class VerifyShopEmailInput {
  @Field(() => ID, { description: 'The shop.' })
  shopId!: string;
  @Field({ description: 'The six-digit code.' })
  code!: string;
}

export enum ShopReviewDecision {
  APPROVE = 'APPROVE',
  REJECT = 'REJECT',
}
registerEnumType(ShopReviewDecision, {
  name: 'ShopReviewDecision',
  description: 'An admin decision on a shop registration.',
  valuesConfig: {
    APPROVE: { description: 'Open the shop; its owner becomes a SELLER.' },
    REJECT: { description: 'Refuse it; a note is required.' },
  },
});

@InputType({ description: "An admin's decision on a pending shop." })
export class ReviewShopInput {
  @Field(() => ID, { description: 'The shop.' })
  shopId!: string;
  @Field(() => ShopReviewDecision, { description: 'Approve or reject.' })
  decision!: ShopReviewDecision;
  @Field(() => String, { nullable: true, description: 'Why (required to reject), up to 500 characters; the owner sees it.' })
  note?: string | null;
}

@InputType({ description: 'Shop settings to change; omitted fields stay as they are.' })
export class UpdateShopSettingsInput {
  @Field(() => ID, { description: 'The shop.' })
  shopId!: string;
  @Field(() => Int, { description: 'The `version` you read; a stale one is refused with VERSION_CONFLICT.' })
  expectedVersion!: number;
  @Field(() => String, { nullable: true, description: 'Description (up to 1,000 characters); empty clears it.' })
  description?: string | null;
  @Field(() => String, { nullable: true, description: 'Logo URL (https); empty clears it.' })
  logoUrl?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Confirm paid orders automatically.' })
  autoConfirmOrders?: boolean | null;
  @Field(() => String, { nullable: true, description: 'Chat auto-reply (up to 500 characters); empty turns it off.' })
  chatAutoReply?: string | null;
}
