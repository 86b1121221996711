/**
 * Product guidelines as data. `checkGuidelines` evaluates every rule and reports every violation at once, each
 * with its own code and field path; adding a keyword or changing a bound is a data change, not a code branch.
 * The rules follow what TikTok Shop Indonesia enforces at listing time (prohibited categories and words,
 * price bounds, image count, required fields).
 */
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

export const defaultGuidelines: GuidelineRules = {
  prohibitedCategorySlugs: ['rokok-elektrik', 'senjata', 'obat-keras'],
  prohibitedKeywords: ['replika', 'kw super', 'barang kw', 'narkoba', 'senjata api', 'obat keras', 'vape', 'rokok elektrik', 'ganja'],
  minPrice: 100_00,
  maxPrice: 500_000_000_00,
  minImages: 1,
  maxImages: 9,
  required: { title: 5, description: 20 },
};

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

export function checkGuidelines(subject: GuidelineSubject, rules: GuidelineRules = defaultGuidelines): Violation[] {
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
