import { Field, Int, ObjectType } from 'type-graphql';
import { Connection } from '../shared/pagination';
import { UserError } from '../shared/user-error';
import { Order } from './order.entity';

@ObjectType({ description: "A postal address as it was when it was used: an order's shipping address at purchase, a return's destination at approval.", simpleResolvers: true })
export class OrderAddress {
  @Field({ description: 'Who receives the parcel.' }) recipientName!: string;
  @Field({ description: 'Phone, +62… form.' }) phone!: string;
  @Field({ description: 'Street, number, RT/RW.' }) line1!: string;
  @Field(() => String, { nullable: true, description: 'Building, floor, landmark.' }) line2!: string | null;
  @Field({ description: 'Kecamatan.' }) district!: string;
  @Field({ description: 'Kota or kabupaten.' }) city!: string;
  @Field({ description: 'Provinsi.' }) province!: string;
  @Field({ description: 'Kode pos.' }) postalCode!: string;
  @Field({ description: 'ISO country code.' }) countryCode!: string;
}

@ObjectType({ description: 'How many orders each order-center tab holds.', simpleResolvers: true })
export class OrderCounts {
  @Field(() => Int, { description: 'All orders.' }) all!: number;
  @Field(() => Int, { description: 'Waiting for payment.' }) unpaid!: number;
  @Field(() => Int, { description: 'Paid, not yet with the carrier.' }) toShip!: number;
  @Field(() => Int, { description: 'With the carrier.' }) shipped!: number;
  @Field(() => Int, { description: 'Delivered, to confirm and review.' }) toReview!: number;
  @Field(() => Int, { description: 'Cancelled.' }) cancelled!: number;
  @Field(() => Int, { description: 'With a return or refund request in progress or refunded (also counted in their status tab).' }) returns!: number;
}

@ObjectType({ description: 'Result of placeOrder.' })
export class PlaceOrderPayload {
  @Field(() => Order, { nullable: true, description: 'The order (for a replayed idempotency key, the first one).' })
  order!: Order | null;

  @Field(() => Boolean, { nullable: true, description: 'True when the idempotency key replayed an earlier call.' })
  replayed!: boolean | null;

  @Field(() => [UserError], { description: 'Why it failed (e.g. OUT_OF_STOCK on `input.lines.<i>.quantity`); empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of an order action.' })
export class OrderPayload {
  @Field(() => Order, { nullable: true, description: 'The order after the change.' })
  order!: Order | null;

  @Field(() => [UserError], { description: 'Why it failed; empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'A page of orders.' })
export class OrderConnection extends Connection(Order) {}
