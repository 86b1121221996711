import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'A new account.' })
export class SignUpInput {
  @Field({ description: 'Display name, 1–80 characters.' })
  name!: string;

  @Field({ description: 'Email address; unique regardless of letter case.' })
  email!: string;

  @Field({ description: 'Password: 8–128 characters, not a single repeated character.' })
  password!: string;
}

@InputType({ description: 'Credentials to log in with.' })
export class LogInInput {
  @Field({ description: 'The email the account was created with (any letter case).' })
  email!: string;

  @Field({ description: 'The password.' })
  password!: string;
}

@InputType({ description: 'A shipping address to add.' })
export class AddAddressInput {
  @Field(() => String, { nullable: true, description: 'A label, e.g. "Rumah" or "Kantor" (at most 40 characters).' })
  label?: string | null;

  @Field({ description: 'Who receives the parcel (1–80 characters).' })
  recipientName!: string;

  @Field({ description: 'Indonesian phone number: +62…, 62… or 08…, 9–13 digits after the country code.' })
  phone!: string;

  @Field({ description: 'Street, number, RT/RW (1–200 characters).' })
  line1!: string;

  @Field(() => String, { nullable: true, description: 'Building, floor, landmark (at most 200 characters).' })
  line2?: string | null;

  @Field({ description: 'Kecamatan (district).' })
  district!: string;

  @Field({ description: 'Kota or kabupaten.' })
  city!: string;

  @Field({ description: 'Provinsi.' })
  province!: string;

  @Field({ description: 'Kode pos: five digits.' })
  postalCode!: string;

  @Field(() => Boolean, { nullable: true, description: 'Make this the default address. The first address always is.' })
  isDefault?: boolean | null;
}

@InputType({ description: 'Changes to an address; omitted fields stay as they are.' })
export class UpdateAddressInput {
  @Field(() => ID, { description: 'The address to change.' })
  addressId!: string;

  @Field(() => String, { nullable: true, description: 'New label; an empty string removes it.' })
  label?: string | null;

  @Field(() => String, { nullable: true, description: 'New recipient name.' })
  recipientName?: string | null;

  @Field(() => String, { nullable: true, description: 'New phone number.' })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'New street line.' })
  line1?: string | null;

  @Field(() => String, { nullable: true, description: 'New second line; an empty string removes it.' })
  line2?: string | null;

  @Field(() => String, { nullable: true, description: 'New kecamatan.' })
  district?: string | null;

  @Field(() => String, { nullable: true, description: 'New kota or kabupaten.' })
  city?: string | null;

  @Field(() => String, { nullable: true, description: 'New provinsi.' })
  province?: string | null;

  @Field(() => String, { nullable: true, description: 'New kode pos.' })
  postalCode?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true makes this the default address; false is refused for the default (pick another instead).',
  })
  isDefault?: boolean | null;
}

@InputType({ description: 'The address to remove.' })
export class RemoveAddressInput {
  @Field(() => ID, { description: 'The address to remove. If it was the default, the newest other one becomes default.' })
  addressId!: string;
}
