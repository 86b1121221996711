import { Entity, Index, ManyToOne, PrimaryKey, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { Node } from '../shared/node';
import { User } from './user.entity';

@ObjectType({ implements: Node, description: "A buyer's shipping address (alamat pengiriman)." })
@Entity()
@Index({ properties: ['user', 'id'] })
export class Address extends Node {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  user!: Ref<User>;

  @Field(() => String, { nullable: true, description: 'A label the buyer chose, e.g. "Rumah" or "Kantor".' })
  @Property({ type: 'string', length: 40, nullable: true })
  label?: string | null;

  @Field({ description: 'Who receives the parcel.' })
  @Property({ length: 80 })
  recipientName!: string;

  @Field({ description: 'Phone number of the recipient, normalised to +62… form.' })
  @Property({ length: 20 })
  phone!: string;

  @Field({ description: 'Street, number, RT/RW.' })
  @Property({ length: 200 })
  line1!: string;

  @Field(() => String, { nullable: true, description: 'Building, floor, landmark.' })
  @Property({ type: 'string', length: 200, nullable: true })
  line2?: string | null;

  @Field({ description: 'Kecamatan (district).' })
  @Property({ length: 80 })
  district!: string;

  @Field({ description: 'Kota or kabupaten (city or regency).' })
  @Property({ length: 80 })
  city!: string;

  @Field({ description: 'Provinsi (province).' })
  @Property({ length: 80 })
  province!: string;

  @Field({ description: 'Kode pos: five digits.' })
  @Property({ length: 10 })
  postalCode!: string;

  @Field({ description: 'ISO 3166-1 alpha-2 country code. Only ID (Indonesia) for now.' })
  @Property({ length: 2 })
  countryCode: string = 'ID';

  @Field({ description: 'The address checkout picks when none is given. Exactly one per buyer with addresses.' })
  @Property({ type: 'boolean' })
  isDefault: boolean = false;

  @Field({ description: 'When the address was added.' })
  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  updatedAt!: Date;
}
