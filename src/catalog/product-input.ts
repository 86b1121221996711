/** Checks and normalises product input (options, variants, prices, images) and applies the guidelines. */
import type { EntityManager } from '@mikro-orm/core';
import { decodeIdOf } from '../shared/ids';
import { parseMoney } from '../shared/money';
import { InputChecker, isWebUrl } from '../shared/validation';
import { checkGuidelines, type GuidelineRules, type GuidelineSubject } from './product-guidelines';
import { Category } from './category.entity';
import type { ProductOptionInput, ProductVariantInput } from './product.inputs';

export interface NormalisedVariant {
  readonly index: number;
  readonly variantId: number | null;
  readonly sku: string;
  readonly title: string;
  readonly options: { name: string; value: string }[];
  readonly price: number;
  /** False when `price` did not parse (it is then reported already, and not checked against the guidelines). */
  readonly priceOk: boolean;
  readonly compareAtPrice: number | null;
  readonly stock: number | null;
  readonly weightGrams: number;
}

const SKU = /^[A-Za-z0-9][A-Za-z0-9_./-]{0,63}$/;

export function checkOptions(check: InputChecker, options: readonly ProductOptionInput[]): { name: string; values: string[] }[] {
  if (options.length > 3) check.fail('options', 'INVALID_INPUT', 'A product has at most 3 options.');
  const names = new Set<string>();
  return options.map((option, i) => {
    const name = check.text(`options.${i}.name`, option.name, 1, 30, 'Option name');
    if (names.has(name.toLowerCase())) check.fail(`options.${i}.name`, 'INVALID_INPUT', `Option "${name}" appears twice.`);
    names.add(name.toLowerCase());
    if (option.values.length < 1 || option.values.length > 20) check.fail(`options.${i}.values`, 'INVALID_INPUT', 'An option has 1–20 values.');
    const seen = new Set<string>();
    const values = option.values.map((raw, j) => {
      const value = check.text(`options.${i}.values.${j}`, raw, 1, 30, 'Option value');
      if (seen.has(value.toLowerCase())) check.fail(`options.${i}.values.${j}`, 'INVALID_INPUT', `Value "${value}" appears twice.`);
      seen.add(value.toLowerCase());
      return value;
    });
    return { name, values };
  });
}

export function checkVariants(
  check: InputChecker,
  options: readonly { name: string; values: string[] }[],
  variants: readonly ProductVariantInput[],
  requireStock: (variant: ProductVariantInput) => boolean,
): NormalisedVariant[] {
  if (variants.length < 1 || variants.length > 100) check.fail('variants', 'INVALID_INPUT', 'A product has 1–100 variants.');
  if (options.length === 0 && variants.length > 1) check.fail('variants', 'INVALID_VARIANTS', 'A product without options has exactly one variant.');
  const skus = new Set<string>();
  const combinations = new Set<string>();
  return variants.map((variant, i) => {
    const at = (field: string) => `variants.${i}.${field}`;
    const sku = variant.sku.trim();
    if (!SKU.test(sku)) check.fail(at('sku'), 'INVALID_INPUT', 'SKU is 1–64 letters, digits, - _ . / and starts with a letter or digit.');
    if (skus.has(sku.toLowerCase())) check.fail(at('sku'), 'SKU_TAKEN', `SKU "${sku}" appears twice.`);
    skus.add(sku.toLowerCase());

    const values = variant.optionValues.map((v) => v.trim());
    const chosen: { name: string; value: string }[] = [];
    if (values.length !== options.length) {
      check.fail(at('optionValues'), 'INVALID_VARIANTS', `Give one value for each of the ${options.length} option(s).`);
    } else {
      options.forEach((option, j) => {
        const match = option.values.find((v) => v.toLowerCase() === values[j]!.toLowerCase());
        if (!match) check.fail(`${at('optionValues')}.${j}`, 'INVALID_VARIANTS', `"${values[j]}" is not a value of ${option.name}.`);
        chosen.push({ name: option.name, value: match ?? values[j]! });
      });
      const key = chosen.map((c) => c.value.toLowerCase()).join('\u0000');
      if (combinations.has(key)) check.fail(at('optionValues'), 'INVALID_VARIANTS', 'Two variants have the same option values.');
      combinations.add(key);
    }

    const price = parseMoney(variant.price);
    if (price === null) check.fail(at('price'), 'INVALID_INPUT', 'Price must be a decimal amount such as "149000" or "149000.50".');
    let compareAtPrice: number | null = null;
    if (variant.compareAtPrice != null && variant.compareAtPrice.trim() !== '') {
      compareAtPrice = parseMoney(variant.compareAtPrice);
      if (compareAtPrice === null) check.fail(at('compareAtPrice'), 'INVALID_INPUT', 'Compare-at price must be a decimal amount.');
      else if (price !== null && compareAtPrice <= price) {
        check.fail(at('compareAtPrice'), 'COMPARE_AT_PRICE_TOO_LOW', 'The compare-at price must be higher than the price.');
      }
    }
    if (variant.stock != null && (!Number.isInteger(variant.stock) || variant.stock < 0 || variant.stock > 1_000_000)) {
      check.fail(at('stock'), 'INVALID_INPUT', 'Stock is 0–1,000,000.');
    }
    if (variant.stock == null && requireStock(variant)) check.fail(at('stock'), 'INVALID_INPUT', 'A new variant needs its initial stock.');
    if (!Number.isInteger(variant.weightGrams) || variant.weightGrams < 1 || variant.weightGrams > 100_000) {
      check.fail(at('weightGrams'), 'INVALID_INPUT', 'Weight is 1–100,000 grams.');
    }
    let variantId: number | null = null;
    if (variant.variantId != null) {
      variantId = decodeIdOf('ProductVariant', variant.variantId);
      if (variantId === null) check.fail(at('variantId'), 'NOT_FOUND', 'No such variant of this product.');
    }
    return {
      index: i,
      variantId,
      sku,
      title: chosen.length > 0 ? chosen.map((c) => c.value).join(' / ') : 'Default',
      options: chosen,
      price: price ?? 0,
      priceOk: price !== null,
      compareAtPrice,
      stock: variant.stock ?? null,
      weightGrams: variant.weightGrams,
    };
  });
}

export function checkImages(check: InputChecker, imageUrls: readonly string[]): string[] {
  return imageUrls.map((raw, i) => {
    const url = raw.trim();
    if (!isWebUrl(url)) check.fail(`imageUrls.${i}`, 'INVALID_INPUT', 'Images must be https URLs of at most 500 characters.');
    return url;
  });
}

/** The category named by a global ID, with the slugs of it and its ancestors; null when it does not exist. */
export async function categoryWithPath(em: EntityManager, globalId: string): Promise<{ category: Category; slugs: string[] } | null> {
  const id = decodeIdOf('Category', globalId);
  const category = id === null ? null : await em.findOne(Category, id);
  if (!category) return null;
  const ancestorIds = category.path.split('/').filter(Boolean).map(Number);
  const chain = await em.find(Category, { id: { $in: ancestorIds } });
  return { category, slugs: chain.map((c) => c.slug) };
}

/** Adds guideline violations to the checker with `input.`-rooted field paths. */
export function applyGuidelines(check: InputChecker, rules: GuidelineRules, subject: GuidelineSubject): void {
  for (const violation of checkGuidelines(rules, subject)) check.fail(violation.field, violation.code, violation.message);
}
