/** The product guideline rules in force (the newest admin-written version, else the config's), and their update. */
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Context } from '../shared/context';
import { money, parseMoney } from '../shared/money';
import { failWith } from '../shared/user-error';
import { InputChecker } from '../shared/validation';
import { viewerUserId } from '../shared/viewer';
import { GuidelineSet } from './guideline-set.entity';
import type { ProductGuidelines, UpdateProductGuidelinesInput } from './guideline-set.inputs';
import type { GuidelineRules } from './product-guidelines';

export interface RulesInForce {
  readonly version: number;
  readonly rules: GuidelineRules;
  readonly updatedAt: Date | null;
}

/** One read per call (mutations that check products call it once); version 0 is the configured defaults. */
export async function rulesInForce(ctx: Context): Promise<RulesInForce> {
  const [latest] = await ctx.em.find(GuidelineSet, {}, { orderBy: { version: 'DESC' }, limit: 1 });
  return latest ? { version: latest.version, rules: latest.rules, updatedAt: latest.createdAt } : { version: 0, rules: ctx.config.productGuidelines, updatedAt: null };
}

export function toProductGuidelines({ version, rules, updatedAt }: RulesInForce): ProductGuidelines {
  return {
    version,
    prohibitedCategorySlugs: [...rules.prohibitedCategorySlugs],
    prohibitedKeywords: [...rules.prohibitedKeywords],
    minPrice: money(rules.minPrice),
    maxPrice: money(rules.maxPrice),
    minImages: rules.minImages,
    maxImages: rules.maxImages,
    minTitleLength: rules.required.title,
    minDescriptionLength: rules.required.description,
    updatedAt,
  };
}

function words(check: InputChecker, field: string, list: readonly string[], max: number, maxLength: number): string[] {
  if (list.length > max) check.fail(field, 'INVALID_INPUT', `At most ${max} entries.`);
  const out = new Set<string>();
  list.forEach((raw, i) => {
    const word = check.text(`${field}.${i}`, raw, 1, maxLength, 'Entry').toLowerCase().replace(/\s+/g, ' ');
    out.add(word);
  });
  return [...out];
}

/** ADMIN: writes the next version of the rules; the next createProduct / updateProduct is checked against it. */
export async function updateProductGuidelines(ctx: Context, input: UpdateProductGuidelinesInput): Promise<RulesInForce> {
  const current = await rulesInForce(ctx);
  if (current.version !== input.expectedVersion) {
    failWith('VERSION_CONFLICT', `The guidelines changed since version ${input.expectedVersion} (now ${current.version}); reload them.`, ['input', 'expectedVersion']);
  }
  const check = new InputChecker();
  const prohibitedCategorySlugs = words(check, 'prohibitedCategorySlugs', input.prohibitedCategorySlugs, 200, 100);
  const prohibitedKeywords = words(check, 'prohibitedKeywords', input.prohibitedKeywords, 500, 50);
  const minPrice = parseMoney(input.minPrice);
  const maxPrice = parseMoney(input.maxPrice);
  if (minPrice === null) check.fail('minPrice', 'INVALID_INPUT', 'A decimal amount such as "100".');
  if (maxPrice === null) check.fail('maxPrice', 'INVALID_INPUT', 'A decimal amount such as "500000000".');
  if (minPrice !== null && maxPrice !== null && minPrice > maxPrice) check.fail('maxPrice', 'INVALID_INPUT', 'The highest price must not be below the lowest.');
  const count = (field: string, value: number, min: number, max: number) => {
    if (!Number.isInteger(value) || value < min || value > max) check.fail(field, 'INVALID_INPUT', `A whole number from ${min} to ${max}.`);
  };
  count('minImages', input.minImages, 0, 9);
  count('maxImages', input.maxImages, 1, 9);
  if (input.minImages > input.maxImages) check.fail('maxImages', 'INVALID_INPUT', 'Must not be below minImages.');
  count('minTitleLength', input.minTitleLength, 1, 255);
  count('minDescriptionLength', input.minDescriptionLength, 1, 5000);
  check.assert();

  const rules: GuidelineRules = {
    prohibitedCategorySlugs,
    prohibitedKeywords,
    minPrice: minPrice!,
    maxPrice: maxPrice!,
    minImages: input.minImages,
    maxImages: input.maxImages,
    required: { title: input.minTitleLength, description: input.minDescriptionLength },
  };
  const row = ctx.em.create(GuidelineSet, { version: current.version + 1, rules, createdById: viewerUserId(ctx.viewer)!, createdAt: ctx.clock.now() });
  try {
    await ctx.em.flush();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) failWith('VERSION_CONFLICT', 'Another admin changed the guidelines at the same time; reload them.', ['input', 'expectedVersion']);
    throw error;
  }
  return { version: row.version, rules, updatedAt: row.createdAt };
}
