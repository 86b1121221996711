/**
 * Product guidelines as data. `checkGuidelines` evaluates every rule and reports every violation at once, each
 * with its own code and field path; adding a keyword or changing a bound is a data change, not a code branch.
 * The rules follow what TikTok Shop Indonesia enforces at listing time (prohibited categories and words,
 * price bounds, image count, required fields). Version 0 of the rules is seeds/product-guidelines.json (or the file
 * named by `PRODUCT_GUIDELINES_FILE`), validated when the config loads; admins write later versions
 * (guideline-set.service.ts), and `checkGuidelines` gets the newest.
 */
import bundledRules from '../../seeds/product-guidelines.json';
import type { CatalogErrorCode } from './catalog.errors';

export interface GuidelineRules {
  /** Category slugs (and their subtrees) where listing is prohibited. */
  readonly prohibitedCategorySlugs: readonly string[];
  /** Words and phrases refused in titles and descriptions (matched whole-word, any case). */
  readonly prohibitedKeywords: readonly string[];
  /** Price bounds per variant, in minor units (IDR: sen). */
  readonly minPrice: number;
  readonly maxPrice: number;
  readonly minImages: number;
  readonly maxImages: number;
  /** Fields that must not be empty, with their minimum length. */
  readonly required: Readonly<Record<'title' | 'description', number>>;
}

/** The rules shipped in seeds/product-guidelines.json; `PRODUCT_GUIDELINES_FILE` replaces them (see src/config). */
export const defaultGuidelines: GuidelineRules = parseGuidelineRules(bundledRules, 'seeds/product-guidelines.json');

/**
 * Checks rules read from JSON: every field present with the right type, bounds in order, keywords and slugs
 * lower-case. Throws an Error listing every problem (the config loader turns it into a ConfigError).
 */
export function parseGuidelineRules(value: unknown, source: string): GuidelineRules {
  const problems: string[] = [];
  const data = (typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {}) as Record<string, unknown>;
  if (data !== value) problems.push('must be a JSON object');
  const words = (name: 'prohibitedCategorySlugs' | 'prohibitedKeywords'): string[] => {
    const list = data[name];
    if (!Array.isArray(list) || !list.every((w) => typeof w === 'string' && w.trim() !== '' && w === w.toLowerCase().trim())) {
      problems.push(`${name} must be a list of non-empty lower-case strings`);
      return [];
    }
    return [...(list as string[])];
  };
  const count = (name: string, at: unknown, max: number): number => {
    if (typeof at !== 'number' || !Number.isSafeInteger(at) || at < 0 || at > max) {
      problems.push(`${name} must be a whole number from 0 to ${max}`);
      return 0;
    }
    return at;
  };
  const required = (typeof data['required'] === 'object' && data['required'] !== null ? data['required'] : {}) as Record<string, unknown>;
  const rules: GuidelineRules = {
    prohibitedCategorySlugs: words('prohibitedCategorySlugs'),
    prohibitedKeywords: words('prohibitedKeywords'),
    minPrice: count('minPrice', data['minPrice'], Number.MAX_SAFE_INTEGER),
    maxPrice: count('maxPrice', data['maxPrice'], Number.MAX_SAFE_INTEGER),
    minImages: count('minImages', data['minImages'], 9),
    maxImages: count('maxImages', data['maxImages'], 9),
    required: { title: count('required.title', required['title'], 255), description: count('required.description', required['description'], 5000) },
  };
  if (rules.minPrice > rules.maxPrice) problems.push('minPrice must not exceed maxPrice');
  if (rules.minImages > rules.maxImages) problems.push('minImages must not exceed maxImages');
  if (problems.length > 0) throw new Error(`Product guidelines in ${source}: ${problems.join('; ')}`);
  return Object.freeze(rules);
}

export interface GuidelineSubject {
  readonly title: string;
  readonly description: string;
  readonly imageUrls: readonly string[];
  /** Slugs of the category and all its ancestors. */
  readonly categoryPathSlugs: readonly string[];
  /** Per variant, in input order; null for a price that did not parse (reported elsewhere). */
  readonly variantPrices: readonly (number | null)[];
}

export interface Violation {
  readonly code: CatalogErrorCode;
  readonly field: string;
  readonly message: string;
}

export function checkGuidelines(rules: GuidelineRules, subject: GuidelineSubject): Violation[] {
  const violations: Violation[] = [];
  for (const field of ['title', 'description'] as const) {
    if (subject[field].trim().length < rules.required[field]) {
      violations.push({ code: 'REQUIRED_FIELD_MISSING', field, message: `The ${field} needs at least ${rules.required[field]} characters.` });
    }
  }
  const prohibited = subject.categoryPathSlugs.find((slug) => rules.prohibitedCategorySlugs.includes(slug));
  if (prohibited) violations.push({ code: 'PROHIBITED_CATEGORY', field: 'categoryId', message: `Products may not be listed under "${prohibited}".` });

  for (const field of ['title', 'description'] as const) {
    const text = ` ${subject[field].toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
    const found = rules.prohibitedKeywords.filter((word) => text.includes(` ${word} `));
    if (found.length > 0) {
      violations.push({ code: 'PROHIBITED_KEYWORD', field, message: `The ${field} contains prohibited words: ${found.join(', ')}.` });
    }
  }
  if (subject.imageUrls.length < rules.minImages) {
    violations.push({ code: 'TOO_FEW_IMAGES', field: 'imageUrls', message: `Add at least ${rules.minImages} image(s).` });
  }
  if (subject.imageUrls.length > rules.maxImages) {
    violations.push({ code: 'TOO_MANY_IMAGES', field: 'imageUrls', message: `Use at most ${rules.maxImages} images.` });
  }
  subject.variantPrices.forEach((price, index) => {
    if (price !== null && (price < rules.minPrice || price > rules.maxPrice)) {
      violations.push({
        code: 'PRICE_OUT_OF_BOUNDS',
        field: `variants.${index}.price`,
        message: `Prices must be between Rp${rules.minPrice / 100} and Rp${rules.maxPrice / 100}.`,
      });
    }
  });
  return violations;
}
