import { ArgsType, Field, ID, InputType } from 'type-graphql';
import { ConnectionArgs } from '../shared/pagination';
import { ClaimDecision, ClaimStatus, ClaimType } from './claim.entity';

@InputType({ description: 'A buyer filing a claim on a delivered order.' })
export class FileClaimInput {
  @Field(() => ID, { description: 'The order: DELIVERED, or COMPLETED, within `CLAIM_WINDOW_DAYS` of delivery.' })
  orderId!: string;

  @Field(() => ClaimType, { description: 'What went wrong.' })
  type!: ClaimType;

  @Field({ description: 'What happened, 10–1000 characters.' })
  description!: string;

  @Field(() => [String], { nullable: true, description: 'Photos or videos: 0–5 https URLs of at most 500 characters (at least one for DAMAGED and WRONG_ITEM).' })
  evidenceUrls?: string[] | null;
}

@InputType({ description: "Kedai Live staff's resolution of an open claim." })
export class ResolveClaimInput {
  @Field(() => ID, { description: 'The claim, OPEN.' })
  claimId!: string;

  @Field(() => ClaimDecision, { description: 'Refund in full, refund part, or reject.' })
  decision!: ClaimDecision;

  @Field(() => String, { nullable: true, description: 'REFUND_PARTIAL only (required there): rupiah to refund, a decimal string such as "50000", more than zero and at most what is still refundable.' })
  amount?: string | null;

  @Field(() => String, { nullable: true, description: 'Why: required for REJECT (1–500 characters), an optional note with a refund. Shown to the buyer and the shop.' })
  reason?: string | null;
}

@ArgsType()
export class ClaimsArgs extends ConnectionArgs {
  @Field(() => ClaimStatus, { nullable: true, description: 'Only claims in this status; every status by default.' })
  status?: ClaimStatus | null;
}
