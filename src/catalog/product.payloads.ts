import { Field, Int, ObjectType } from 'type-graphql';
import { Money } from '../shared/money';
import { Connection } from '../shared/pagination';
import { UserError } from '../shared/user-error';
import { Product, ProductVariant } from './product.entity';

@ObjectType({ description: 'The cheapest and dearest active variant of a product.' })
export class PriceRange {
  @Field(() => Money, { description: 'Lowest price.' }) min!: Money;
  @Field(() => Money, { description: 'Highest price.' }) max!: Money;
}

@ObjectType({ description: 'An option of a product and its values, in order.' })
export class ProductOption {
  @Field({ description: 'Option name, e.g. "Warna".' }) name!: string;
  @Field(() => [String], { description: 'Values, e.g. ["Merah", "Biru"].' }) values!: string[];
}

@ObjectType({ description: "A variant's value for one option.", simpleResolvers: true })
export class SelectedOption {
  @Field({ description: 'Option name.' }) name!: string;
  @Field({ description: 'The chosen value.' }) value!: string;
}

@ObjectType({ description: 'Result of createProduct, updateProduct and archiveProduct.' })
export class ProductPayload {
  @Field(() => Product, { nullable: true, description: 'The product after the change.' })
  product!: Product | null;

  @Field(() => [UserError], { description: 'Why it failed (every guideline violation at once); empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of setVariantStock and adjustVariantStock.' })
export class VariantStockPayload {
  @Field(() => ProductVariant, { nullable: true, description: 'The variant as it is now.' })
  variant!: ProductVariant | null;

  @Field(() => Int, { nullable: true, description: 'Stock right after this change (a replay returns the first call\'s figure).' })
  stockAfterChange!: number | null;

  @Field(() => Boolean, { nullable: true, description: 'True when the idempotency key replayed an earlier call.' })
  replayed!: boolean | null;

  @Field(() => [UserError], { description: 'Why it failed; empty on success.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'A page of products.' })
export class ProductConnection extends Connection(Product) {}
