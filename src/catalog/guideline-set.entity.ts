import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import type { GuidelineRules } from './product-guidelines';

/**
 * One version of the product guideline rules, written by an admin (updateProductGuidelines). Rows are never changed:
 * the highest version is in force; with none, the rules of the config (seeds/product-guidelines.json or
 * `PRODUCT_GUIDELINES_FILE`) are version 0. The version is the key, so two admins editing the same version cannot
 * both win.
 */
@Entity({ tableName: 'product_guideline_set' })
export class GuidelineSet {
  @PrimaryKey({ type: 'integer', autoincrement: false })
  version!: number;

  @Property({ type: 'json' })
  rules!: GuidelineRules;

  /** The admin who wrote this version. */
  @Property({ type: 'integer' })
  createdById!: number;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}
