import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateProductDocument,
  ProductGuidelinesDocument,
  UpdateProductGuidelinesDocument,
  type CreateProductMutationVariables,
  type UpdateProductGuidelinesMutationVariables,
} from '../generated/graphql';
import { Role } from '../../src/shared/viewer';
import { createStaffUser, type Actor } from '../support/actors';
import { codes } from '../support/client';
import bundled from '../../seeds/product-guidelines.json';
import { ConfigError, loadConfig } from '../../src/config';
import { describeStore, startTestServer, type TestServer } from '../support/server';
import { openShop, seedCategories, type OpenShop } from '../support/shops';

type ProductInput = CreateProductMutationVariables['input'];

const dir = mkdtempSync(path.join(tmpdir(), 'kedai-guidelines-'));
const rulesFile = (name: string, rules: unknown) => {
  const file = path.join(dir, name);
  writeFileSync(file, typeof rules === 'string' ? rules : JSON.stringify(rules));
  return file;
};

describeStore('catalog: product guidelines are data (seeds/product-guidelines.json, PRODUCT_GUIDELINES_FILE)', () => {
  let server: TestServer;
  let categories: Record<string, string>;
  let shop: OpenShop;
  let admin: Actor;
  let sku = 0;
  const input = (overrides: Partial<ProductInput> = {}): ProductInput => ({
    shopId: shop.shopId,
    title: 'Tas Kulit Garut Asli',
    description: 'Tas kulit sapi asli buatan pengrajin Garut, jahitan rapi.',
    categoryId: categories['batik-pria']!,
    imageUrls: ['https://cdn.example.com/tas-1.jpg', 'https://cdn.example.com/tas-2.jpg'],
    variants: [{ sku: `GL-${(sku += 1)}`, optionValues: [], price: '250000', stock: 3, weightGrams: 500 }],
    publish: true,
    ...overrides,
  });
  const create = (overrides: Partial<ProductInput> = {}) =>
    shop.owner.client.data(CreateProductDocument, { input: input(overrides) }).then((r) => r.createProduct);

  beforeAll(async () => {
    // The operator's rules: the shipped ones plus a keyword, and at least two images.
    const file = rulesFile('operator.json', { ...bundled, prohibitedKeywords: [...bundled.prohibitedKeywords, 'tiruan'], minImages: 2 });
    server = await startTestServer({ config: { productGuidelinesFile: file } });
    categories = await seedCategories(server);
    shop = await openShop(server, 'Kulit Garut', 'kulit-garut');
    admin = await createStaffUser(server, Role.ADMIN, 'Admin');
  });
  afterAll(() => server?.stop());

  it('ships the rules as a seeds file, loaded when no file is configured', () => {
    const config = loadConfig({}, {});
    expect(config.productGuidelinesFile).toBeNull();
    expect(config.productGuidelines.prohibitedKeywords).toEqual(bundled.prohibitedKeywords);
    expect(config.productGuidelines.prohibitedKeywords).not.toContain('tiruan');
  });

  it("refuses a product with the operator's added keyword, with that rule's code", async () => {
    const refused = await create({ title: 'Tas Kulit Tiruan Branded' });
    expect(refused.userErrors.map((e) => [e.code, e.field])).toEqual([['PROHIBITED_KEYWORD', ['input', 'title']]]);
    expect(refused.product).toBeNull();
  });

  it("applies the operator's changed bound (two images) and still the shipped rules", async () => {
    const oneImage = await create({ imageUrls: ['https://cdn.example.com/tas-1.jpg'] });
    expect(oneImage.userErrors.map((e) => e.code)).toEqual(['TOO_FEW_IMAGES']);
    const shipped = await create({ description: 'Tas kulit replika, jahitan rapi dan kuat sekali.' });
    expect(shipped.userErrors.map((e) => e.code)).toEqual(['PROHIBITED_KEYWORD']);
    const fine = await create();
    expect(fine.userErrors).toEqual([]);
  });

  it('fails fast with a ConfigError on a missing, malformed or inconsistent rules file', () => {
    const load = (file: string) => () => loadConfig({}, { PRODUCT_GUIDELINES_FILE: file });
    expect(load(path.join(dir, 'missing.json'))).toThrow(ConfigError);
    expect(load(rulesFile('broken.json', '{ not json'))).toThrow(/PRODUCT_GUIDELINES_FILE/);
    expect(load(rulesFile('bounds.json', { ...bundled, minPrice: 10, maxPrice: 5 }))).toThrow(/minPrice must not exceed maxPrice/);
    expect(load(rulesFile('words.json', { ...bundled, prohibitedKeywords: ['Replika', 3] }))).toThrow(/prohibitedKeywords/);
    expect(load(rulesFile('shape.json', []))).toThrow(/JSON object/);
  });

  describe('admins edit the rules (updateProductGuidelines), versioned', () => {
    type RulesInput = UpdateProductGuidelinesMutationVariables['input'];
    const inForce = async () => (await shop.owner.client.data(ProductGuidelinesDocument)).productGuidelines;
    const asInput = (g: Awaited<ReturnType<typeof inForce>>, changes: Partial<RulesInput> = {}): RulesInput => ({
      expectedVersion: g.version,
      prohibitedCategorySlugs: g.prohibitedCategorySlugs,
      prohibitedKeywords: g.prohibitedKeywords,
      minPrice: g.minPrice.amount,
      maxPrice: g.maxPrice.amount,
      minImages: g.minImages,
      maxImages: g.maxImages,
      minTitleLength: g.minTitleLength,
      minDescriptionLength: g.minDescriptionLength,
      ...changes,
    });
    const update = (input: RulesInput, as: Actor = admin) => as.client.data(UpdateProductGuidelinesDocument, { input }).then((r) => r.updateProductGuidelines);

    it('starts at version 0: the configured rules', async () => {
      const rules = await inForce();
      expect(rules).toMatchObject({ version: 0, minImages: 2, minPrice: { amount: '100.00' }, updatedAt: null });
      expect(rules.prohibitedKeywords).toContain('tiruan');
    });

    it('refuses non-admins', async () => {
      const response = await shop.owner.client.request(UpdateProductGuidelinesDocument, { input: asInput(await inForce()) });
      expect(codes(response.errors)).toEqual(['FORBIDDEN']);
    });

    it('validates the new rules, every problem at once', async () => {
      const result = await update(asInput(await inForce(), { minPrice: '500', maxPrice: '100', minImages: 5, maxImages: 3, prohibitedKeywords: ['  '], minTitleLength: 0 }));
      expect(result.userErrors.map((e) => [e.code, e.field?.join('.')])).toEqual([
        ['INVALID_INPUT', 'input.prohibitedKeywords.0'],
        ['INVALID_INPUT', 'input.maxPrice'],
        ['INVALID_INPUT', 'input.maxImages'],
        ['INVALID_INPUT', 'input.minTitleLength'],
      ]);
      expect((await inForce()).version).toBe(0);
    });

    it('an added keyword refuses the next createProduct with PROHIBITED_KEYWORD; a stale version is refused', async () => {
      expect((await create({ title: 'Tas Kulit Imitasi Garut' })).userErrors).toEqual([]);
      const before = await inForce();
      const result = await update(asInput(before, { prohibitedKeywords: [...before.prohibitedKeywords, 'Imitasi'] }));
      expect(result.userErrors).toEqual([]);
      expect(result.guidelines).toMatchObject({ version: 1 });
      expect(result.guidelines!.prohibitedKeywords).toContain('imitasi');
      expect(result.guidelines!.updatedAt).not.toBeNull();

      const refused = await create({ title: 'Tas Selempang Imitasi Kulit' });
      expect(refused.userErrors.map((e) => [e.code, e.field])).toEqual([['PROHIBITED_KEYWORD', ['input', 'title']]]);

      const stale = await update(asInput(before));
      expect(stale.userErrors.map((e) => e.code)).toEqual(['VERSION_CONFLICT']);
    });

    it('a relaxed bound applies at once', async () => {
      const result = await update(asInput(await inForce(), { minImages: 1 }));
      expect(result.guidelines).toMatchObject({ version: 2, minImages: 1 });
      expect((await create({ imageUrls: ['https://cdn.example.com/tas-1.jpg'] })).userErrors).toEqual([]);
    });
  });
});
