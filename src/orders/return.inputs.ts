import { Field, ID, InputType, Int } from 'type-graphql';
import { ReturnReason, ReturnType } from './return.entity';

@InputType({ description: 'Units of one order line to return or get refunded.' })
export class ReturnLineInput {
  @Field(() => ID, { description: 'The order line.' })
  orderLineId!: string;

  @Field(() => Int, { description: 'Units, at least 1 and at most those bought and not returned before.' })
  quantity!: number;
}

@InputType({ description: 'A buyer asking for a return or refund of a delivered order.' })
export class RequestReturnInput {
  @Field(() => ID, { description: 'The order, DELIVERED and before `returnableUntil`.' })
  orderId!: string;

  @Field(() => ReturnType, { description: 'Refund only, or return and refund.' })
  type!: ReturnType;

  @Field(() => ReturnReason, { description: 'Why.' })
  reason!: ReturnReason;

  @Field(() => String, { nullable: true, description: 'An explanation, up to 500 characters; required for OTHER.' })
  note?: string | null;

  @Field(() => [ReturnLineInput], { description: 'Which lines and how many units (1–50 lines, each line once).' })
  lines!: ReturnLineInput[];

  @Field(() => [String], { nullable: true, description: 'Photos or videos of the problem: up to 9 https URLs (required for DAMAGED, WRONG_ITEM, NOT_AS_DESCRIBED, MISSING_PARTS, COUNTERFEIT).' })
  evidenceUrls?: string[] | null;
}

@InputType({ description: 'A return request, by its id.' })
export class ReturnRequestInput {
  @Field(() => ID, { description: 'The return request.' })
  returnId!: string;
}

@InputType({ description: "The seller's answer to a return request." })
export class RespondToReturnInput {
  @Field(() => ID, { description: 'The return request, in REQUESTED.' })
  returnId!: string;

  @Field({ description: 'True approves (a refund-only request is refunded at once), false rejects.' })
  approve!: boolean;

  @Field(() => String, { nullable: true, description: 'Why it is rejected (required, 1–500 characters), or a note with the approval.' })
  reason?: string | null;
}

@InputType({ description: 'The buyer sending the items back.' })
export class ShipReturnInput {
  @Field(() => ID, { description: 'The return request, in AWAITING_BUYER_SHIPMENT.' })
  returnId!: string;

  @Field({ description: 'The carrier: JNE, JNT, SICEPAT, ANTERAJA, POS or SPX (letter case is ignored).' })
  carrierCode!: string;

  @Field({ description: "The return parcel's tracking number (resi) in the carrier's format (the `carriers` query lists them); stored upper case." })
  trackingNumber!: string;
}
