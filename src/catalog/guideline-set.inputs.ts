import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { Money } from '../shared/money';
import { UserError } from '../shared/user-error';

@ObjectType({ description: 'The product guideline rules in force: every createProduct and updateProduct is checked against them.' })
export class ProductGuidelines {
  @Field(() => Int, { description: 'Version of the rules; 0 for the configured defaults (seeds/product-guidelines.json). Pass it as `expectedVersion` to updateProductGuidelines.' })
  version!: number;
  @Field(() => [String], { description: 'Category slugs (with their subtrees) where listing is prohibited.' })
  prohibitedCategorySlugs!: string[];
  @Field(() => [String], { description: 'Words and phrases refused in titles and descriptions (whole words, any case).' })
  prohibitedKeywords!: string[];
  @Field(() => Money, { description: 'Lowest variant price allowed.' })
  minPrice!: Money;
  @Field(() => Money, { description: 'Highest variant price allowed.' })
  maxPrice!: Money;
  @Field(() => Int, { description: 'Fewest images a product may have.' })
  minImages!: number;
  @Field(() => Int, { description: 'Most images a product may have.' })
  maxImages!: number;
  @Field(() => Int, { description: 'Shortest title allowed, in characters.' })
  minTitleLength!: number;
  @Field(() => Int, { description: 'Shortest description allowed, in characters.' })
  minDescriptionLength!: number;
  @Field(() => Date, { nullable: true, description: 'When an admin wrote this version; null for the configured defaults.' })
  updatedAt!: Date | null;
}

@InputType({ description: 'A complete new set of product guideline rules (every field; they replace the current ones).' })
export class UpdateProductGuidelinesInput {
  @Field(() => Int, { description: 'The `version` you read; a stale one is refused with VERSION_CONFLICT.' })
  expectedVersion!: number;
  @Field(() => [String], { description: 'Prohibited category slugs (up to 200).' })
  prohibitedCategorySlugs!: string[];
  @Field(() => [String], { description: 'Prohibited words and phrases (up to 500, 1–50 characters each; matched case-insensitively).' })
  prohibitedKeywords!: string[];
  @Field({ description: 'Lowest price, decimal IDR, e.g. "100".' })
  minPrice!: string;
  @Field({ description: 'Highest price, decimal IDR; not below `minPrice`.' })
  maxPrice!: string;
  @Field(() => Int, { description: 'Fewest images (0–9).' })
  minImages!: number;
  @Field(() => Int, { description: 'Most images (1–9), not below `minImages`.' })
  maxImages!: number;
  @Field(() => Int, { description: 'Shortest title (1–255).' })
  minTitleLength!: number;
  @Field(() => Int, { description: 'Shortest description (1–5000).' })
  minDescriptionLength!: number;
}

@ObjectType({ description: 'Result of updateProductGuidelines.' })
export class ProductGuidelinesPayload {
  @Field(() => ProductGuidelines, { nullable: true, description: 'The rules now in force.' })
  guidelines!: ProductGuidelines | null;
  @Field(() => [UserError], { description: 'Why it failed; empty on success.' })
  userErrors!: UserError[];
}
