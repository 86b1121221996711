import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';

@InputType({ description: 'An option buyers choose, with its values, e.g. Warna: Merah, Biru.' })
export class ProductOptionInput {
  @Field({ description: 'Option name, e.g. "Warna" or "Ukuran" (1–30 characters).' })
  name!: string;

  @Field(() => [String], { description: 'Its values, e.g. ["Merah", "Biru"] (1–20, unique, 1–30 characters each).' })
  values!: string[];
}

@InputType({ description: 'A variant: one value per option, with its own SKU, price and stock.' })
export class ProductVariantInput {
  @Field(() => ID, { nullable: true, description: 'An existing variant to change (updateProduct only); omit to add one.' })
  variantId?: string | null;

  @Field({ description: 'SKU, unique within the shop: 1–64 letters, digits, - _ . /' })
  sku!: string;

  @Field(() => [String], { description: "One value per product option, in the options' order; empty for a product without options." })
  optionValues!: string[];

  @Field({ description: 'Price as a decimal string in IDR, e.g. "149000" or "149000.00".' })
  price!: string;

  @Field(() => String, { nullable: true, description: 'Struck-through "coret" price, above `price`; null for none.' })
  compareAtPrice?: string | null;

  @Field(() => Int, { nullable: true, description: 'Initial stock (0–1,000,000) for a new variant. Existing stock changes through setVariantStock / adjustVariantStock.' })
  stock?: number | null;

  @Field(() => Int, { description: 'Shipping weight in grams (1–100,000).' })
  weightGrams!: number;
}

@InputType({ description: 'A new product.' })
export class CreateProductInput {
  @Field(() => ID, { description: 'The shop; it must be approved and you a member.' })
  shopId!: string;

  @Field({ description: 'Title, 5–255 characters.' })
  title!: string;

  @Field({ description: 'Description, plain text, 20–5,000 characters.' })
  description!: string;

  @Field(() => ID, { description: 'The category (a leaf or any node of the tree).' })
  categoryId!: string;

  @Field(() => [String], { description: 'Image URLs (https), 1–9; the first is the cover.' })
  imageUrls!: string[];

  @Field(() => [ProductOptionInput], { nullable: true, description: 'Up to 3 options; none for a single-variant product.' })
  options?: ProductOptionInput[] | null;

  @Field(() => [ProductVariantInput], { description: 'The variants (1–100), one per combination offered.' })
  variants!: ProductVariantInput[];

  @Field(() => Boolean, { nullable: true, description: 'List it now (ACTIVE); otherwise it is saved as a DRAFT.' })
  publish?: boolean | null;
}

@InputType({ description: 'Changes to a product; omitted fields stay as they are.' })
export class UpdateProductInput {
  @Field(() => ID, { description: 'The product.' })
  productId!: string;

  @Field(() => Int, { description: 'The `version` you read; a stale one is refused with VERSION_CONFLICT.' })
  expectedVersion!: number;

  @Field(() => String, { nullable: true, description: 'New title.' })
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'New description.' })
  description?: string | null;

  @Field(() => ID, { nullable: true, description: 'New category.' })
  categoryId?: string | null;

  @Field(() => [String], { nullable: true, description: 'New images (replaces the list).' })
  imageUrls?: string[] | null;

  @Field(() => [ProductOptionInput], { nullable: true, description: 'New options; when given, `variants` must be given too.' })
  options?: ProductOptionInput[] | null;

  @Field(() => [ProductVariantInput], {
    nullable: true,
    description: 'The full new list of variants: entries with `variantId` change that variant, others are added, and variants left out are deactivated.',
  })
  variants?: ProductVariantInput[] | null;

  @Field(() => Boolean, { nullable: true, description: 'true lists a draft (ACTIVE); false takes an active product back to DRAFT.' })
  publish?: boolean | null;
}

@InputType({ description: 'A product to archive.' })
export class ArchiveProductInput {
  @Field(() => ID, { description: 'The product. Archived products stay readable for past orders but cannot be bought.' })
  productId!: string;
}

@InputType({ description: 'Sets a variant\'s stock to an exact number.' })
export class SetVariantStockInput {
  @Field(() => ID, { description: 'The variant.' })
  variantId!: string;

  @Field(() => Int, { description: 'The new stock, 0–1,000,000.' })
  stock!: number;

  @Field({ description: 'A unique key per intended change (e.g. a UUID); a retry with it returns the first result.' })
  idempotencyKey!: string;
}

@InputType({ description: "Adds to or removes from a variant's stock." })
export class AdjustVariantStockInput {
  @Field(() => ID, { description: 'The variant.' })
  variantId!: string;

  @Field(() => Int, { description: 'Units to add (positive) or remove (negative); stock never goes below 0.' })
  delta!: number;

  @Field({ description: 'A unique key per intended change (e.g. a UUID); a retry with it returns the first result.' })
  idempotencyKey!: string;
}

export enum ProductReviewDecision {
  REJECT = 'REJECT',
  RESTORE = 'RESTORE',
}
registerEnumType(ProductReviewDecision, {
  name: 'ProductReviewDecision',
  description: 'An admin decision on a listed product.',
  valuesConfig: {
    REJECT: { description: 'Take an ACTIVE (or DRAFT) product down as REJECTED; a reason is required and the shop sees it.' },
    RESTORE: { description: 'Put a REJECTED product back on sale (ACTIVE) and clear the reason.' },
  },
});

@InputType({ description: "An admin's decision on a product." })
export class ReviewProductInput {
  @Field(() => ID, { description: 'The product.' })
  productId!: string;
  @Field(() => ProductReviewDecision, { description: 'Reject or restore.' })
  decision!: ProductReviewDecision;
  @Field(() => String, { nullable: true, description: 'Why (required to reject), up to 500 characters; the shop sees it.' })
  reason?: string | null;
}
