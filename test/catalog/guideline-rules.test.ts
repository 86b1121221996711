import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CreateProductDocument, type CreateProductMutationVariables } from '../generated/graphql';
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
});
