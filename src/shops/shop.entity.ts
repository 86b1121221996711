import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { User } from '../accounts/user.entity';
import { Node } from '../shared/node';

export enum ShopStatus {
  PENDING_REVIEW = 'PENDING_REVIEW',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}
registerEnumType(ShopStatus, {
  name: 'ShopStatus',
  description: 'Where a shop is in onboarding. Only APPROVED shops can list products or go live.',
  valuesConfig: {
    PENDING_REVIEW: { description: 'Registered; waiting for a platform admin to review it.' },
    APPROVED: { description: 'Open for business.' },
    REJECTED: { description: 'Refused by review; `reviewNote` says why.' },
  },
});

export enum IdentityDocumentType {
  KTP = 'KTP',
  PASSPORT = 'PASSPORT',
  NPWP = 'NPWP',
  NIB = 'NIB',
}
registerEnumType(IdentityDocumentType, {
  name: 'IdentityDocumentType',
  description: "The document that verifies the seller's identity.",
  valuesConfig: {
    KTP: { description: 'Kartu Tanda Penduduk: Indonesian national ID card (16 digits, NIK).' },
    PASSPORT: { description: 'Passport (6–9 letters and digits).' },
    NPWP: { description: 'Nomor Pokok Wajib Pajak: tax ID (15 or 16 digits).' },
    NIB: { description: 'Nomor Induk Berusaha: business registration number (13 digits).' },
  },
});

/** A shop on Kedai Live: onboarding data, review state and settings. */
@ObjectType({ implements: Node, description: 'A shop (toko) that sells on Kedai Live.', simpleResolvers: true })
@Entity()
@Index({ properties: ['status', 'id'] })
export class Shop extends Node {
  [OptionalProps]?: 'status' | 'reviewNote' | 'reviewedAt' | 'emailCodeAttempts' | 'autoConfirmOrders' | 'version' | 'description' | 'logoUrl' | 'chatAutoReply' | 'contactEmailVerifiedAt' | 'emailCodeHash' | 'emailCodeExpiresAt' | 'warehouseLine2';

  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Field({ description: 'Shop name as shown to buyers, unique regardless of letter case.' })
  @Property({ length: 40 })
  name!: string;

  @Unique()
  @Property({ length: 40 })
  nameKey!: string;

  @Field({ description: 'The URL handle, e.g. `toko-budi` (lower case letters, digits, dots, hyphens and underscores).' })
  @Unique()
  @Property({ length: 30 })
  handle!: string;

  @ManyToOne(() => User, { ref: true })
  owner!: Ref<User>;

  @Field(() => ShopStatus, { description: 'Onboarding state.' })
  @Property({ type: 'string', length: 20 })
  status: ShopStatus = ShopStatus.PENDING_REVIEW;

  @Field(() => String, { nullable: true, description: 'Why the shop was rejected (or a note on approval); visible to members and admins.' })
  @Property({ type: 'string', length: 500, nullable: true })
  reviewNote?: string | null = null;

  @Field(() => Date, { nullable: true, description: 'When the review decision was made.' })
  @Property({ type: 'datetime', nullable: true })
  reviewedAt?: Date | null = null;

  @Field({ description: 'ISO 3166-1 alpha-2 country the shop sells from.' })
  @Property({ length: 2 })
  countryCode!: string;

  // Warehouse (pickup) address
  @Property({ length: 80 })
  warehouseContactName!: string;
  @Property({ length: 20 })
  warehousePhone!: string;
  @Property({ length: 200 })
  warehouseLine1!: string;
  @Property({ type: 'string', length: 200, nullable: true })
  warehouseLine2?: string | null = null;
  @Property({ length: 80 })
  warehouseDistrict!: string;
  @Property({ length: 80 })
  warehouseCity!: string;
  @Property({ length: 80 })
  warehouseProvince!: string;
  @Property({ length: 10 })
  warehousePostalCode!: string;

  // Identity verification: never returned unmasked
  @Property({ type: 'string', length: 20 })
  identityDocumentType!: IdentityDocumentType;
  @Property({ length: 40, lazy: true })
  identityDocumentNumber!: string;

  // Payout bank account: the number is only ever returned masked
  @Property({ length: 40 })
  bankName!: string;
  @Property({ length: 34, lazy: true })
  bankAccountNumber!: string;
  @Property({ length: 80 })
  bankAccountHolder!: string;

  // Contact email and its confirmation
  @Property({ length: 254 })
  contactEmail!: string;
  @Property({ type: 'datetime', nullable: true })
  contactEmailVerifiedAt?: Date | null = null;
  @Property({ type: 'string', length: 100, nullable: true, lazy: true })
  emailCodeHash?: string | null = null;
  @Property({ type: 'datetime', nullable: true })
  emailCodeExpiresAt?: Date | null = null;
  @Property({ type: 'integer' })
  emailCodeAttempts: number = 0;

  // Settings
  @Field(() => String, { nullable: true, description: 'What the shop is about, up to 1,000 characters.' })
  @Property({ type: 'text', nullable: true })
  description?: string | null = null;

  @Field(() => String, { nullable: true, description: 'Logo image URL (https).' })
  @Property({ type: 'string', length: 500, nullable: true })
  logoUrl?: string | null = null;

  @Field({ description: 'Paid orders move to AWAITING_SHIPMENT without the seller confirming each one.' })
  @Property({ type: 'boolean' })
  autoConfirmOrders: boolean = false;

  @Field(() => String, { nullable: true, description: "Sent automatically in chat when a buyer writes to the shop; null for none." })
  @Property({ type: 'string', length: 500, nullable: true })
  chatAutoReply?: string | null = null;

  @Field(() => Int, { description: 'Optimistic-locking version; pass it as `expectedVersion` when changing settings.' })
  @Property({ type: 'integer', version: true })
  version: number = 1;

  @Field({ description: 'When the shop registered.' })
  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  updatedAt!: Date;
}

export enum ShopMemberRole {
  OWNER = 'OWNER',
  STAFF = 'STAFF',
}
registerEnumType(ShopMemberRole, {
  name: 'ShopMemberRole',
  description: 'What a member may do in a shop.',
  valuesConfig: {
    OWNER: { description: 'Registered the shop; manages settings, members, products, lives and orders.' },
    STAFF: { description: 'Manages products, lives and orders.' },
  },
});

/** A user's membership of a shop. The owner is a member from registration; the SELLER role comes with approval. */
@Entity()
@Unique({ properties: ['shop', 'user'] })
@Index({ properties: ['user'] })
export class ShopMember {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => Shop, { ref: true, deleteRule: 'cascade' })
  shop!: Ref<Shop>;

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  user!: Ref<User>;

  @Property({ type: 'string', length: 10 })
  role!: ShopMemberRole;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}

/** A buyer following a shop. */
@Entity()
@Unique({ properties: ['shop', 'user'] })
@Index({ properties: ['user', 'id'] })
export class ShopFollow {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => Shop, { ref: true, deleteRule: 'cascade' })
  shop!: Ref<Shop>;

  @ManyToOne(() => User, { ref: true, deleteRule: 'cascade' })
  user!: Ref<User>;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}
