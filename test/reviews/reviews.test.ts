import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Category } from '../../src/catalog/category.entity';
import { Product, ProductStatus, ProductVariant } from '../../src/catalog/product.entity';
import { OutboxEvent } from '../../src/events/outbox-event.entity';
import { setReviewEligibility, type EligibleOrderLine } from '../../src/reviews/review-eligibility';
import { ProductReview } from '../../src/reviews/review.entity';
import { decodeIdOf, toGlobalId } from '../../src/shared/ids';
import { Role } from '../../src/shared/viewer';
import {
  AddProductReviewDocument,
  ProductRatingSummaryDocument,
  ShopProductsRatingSummaryDocument,
  ProductReviewsDocument,
  ProductsRatingAverageDocument,
  RegisterShopDocument,
  ReplyToReviewDocument,
  ReviewNodeDocument,
  ReviewShopDocument,
  VerifyShopEmailDocument,
  type AddProductReviewMutationVariables,
  type ProductReviewsQuery,
} from '../generated/graphql';
import { createStaffUser, signUpBuyer, type Actor } from '../support/actors';
import { codes } from '../support/client';
import { describeStore, startTestServer, type TestServer } from '../support/server';
import { shopInput } from '../support/shops';

type ReviewInput = AddProductReviewMutationVariables['input'];

interface TestProduct {
  readonly id: number;
  readonly globalId: string;
  readonly variantId: number;
}

describeStore('reviews: product reviews, rating summaries and shop replies', () => {
  let server: TestServer;
  let budi: Actor;
  let siti: Actor;
  let admin: Actor;
  let shopDbId: number;
  let categoryId: number;
  let productCount = 0;

  /** An approved shop through the API: register, confirm the email, admin approval. */
  async function approvedShop(owner: Actor, name: string, handle: string): Promise<number> {
    const { registerShop } = await owner.client.data(RegisterShopDocument, { input: shopInput(name, handle) });
    const shopId = registerShop.shop!.id;
    const code = server.mailer.lastCode(`${handle}@example.com`);
    await owner.client.data(VerifyShopEmailDocument, { input: { shopId, code } });
    const { reviewShop } = await admin.client.data(ReviewShopDocument, { input: { shopId, decision: 'APPROVE' } });
    expect(reviewShop.shop?.status).toBe('APPROVED');
    return decodeIdOf('Shop', shopId)!;
  }

  /** There is no createProduct in this suite's reach: products and variants go straight through the ORM. */
  async function createProducts(count: number, status = ProductStatus.ACTIVE, shopId = shopDbId): Promise<TestProduct[]> {
    const em = server.app.orm.em.fork();
    const now = server.clock.now();
    const made = Array.from({ length: count }, () => {
      productCount += 1;
      const title = `Gamis Katun Rayon ${productCount}`;
      const product = em.create(Product, {
        shop: shopId,
        category: categoryId,
        title,
        searchText: title.toLowerCase(),
        description: 'Gamis katun rayon adem, cocok untuk sehari-hari.',
        imageUrls: ['https://cdn.example.com/gamis.jpg'],
        status,
        minPrice: 150_000,
        createdAt: now,
        updatedAt: now,
      });
      const variant = em.create(ProductVariant, {
        product,
        shop: shopId,
        sku: `GMS-${productCount}`,
        title: 'Default',
        options: [],
        price: 150_000,
        stock: 100,
        weightGrams: 400,
      });
      return { product, variant };
    });
    await em.flush();
    return made.map(({ product, variant }) => ({ id: product.id, globalId: toGlobalId('Product', product.id), variantId: variant.id }));
  }

  /** The seam orders will fill: a fake that knows the order lines the test "delivered". */
  const lines = new Map<string, EligibleOrderLine>();
  let lineCount = 0;
  function deliveredLine(buyer: Actor, product: TestProduct): string {
    lineCount += 1;
    const id = toGlobalId('OrderLine', lineCount);
    lines.set(id, { productId: product.id, variantId: product.variantId, buyerId: decodeIdOf('User', buyer.id)! });
    return id;
  }

  function review(buyer: Actor, input: ReviewInput) {
    return buyer.client.data(AddProductReviewDocument, { input });
  }

  async function productRow(id: number): Promise<Product> {
    return server.app.orm.em.fork().findOneOrFail(Product, id);
  }

  beforeAll(async () => {
    server = await startTestServer();
    [budi, siti, admin] = await Promise.all([signUpBuyer(server, 'Budi'), signUpBuyer(server, 'Siti'), createStaffUser(server, Role.ADMIN)]);
    shopDbId = await approvedShop(budi, 'Toko Budi', 'toko-budi');
    const em = server.app.orm.em.fork();
    const category = em.create(Category, { name: 'Gamis', slug: 'gamis', path: '/1/', position: 0 });
    await em.flush();
    categoryId = category.id;
  });
  afterAll(async () => {
    setReviewEligibility(null);
    await server?.stop();
  });

  it('refuses every review while no orders feature has registered an eligibility check', async () => {
    const [product] = await createProducts(1);
    const line = deliveredLine(siti, product!);
    for (const orderLineId of [line, 'not-an-id', toGlobalId('Product', product!.id)]) {
      const { addProductReview } = await review(siti, { orderLineId, rating: 5 });
      expect(addProductReview.review).toBeNull();
      expect(addProductReview.userErrors.map((e) => [e.code, e.field])).toEqual([['REVIEW_NOT_ELIGIBLE', ['input', 'orderLineId']]]);
    }
    const anonymous = await server.client.request(AddProductReviewDocument, { input: { orderLineId: line, rating: 5 } });
    expect(codes(anonymous.errors)).toEqual(['UNAUTHENTICATED']);
  });

  describe('with an eligibility check registered (a fake standing in for orders)', () => {
    let restore: () => void;
    beforeAll(() => {
      restore = setReviewEligibility({ check: async (_ctx, orderLineGlobalId) => lines.get(orderLineGlobalId) ?? null });
    });
    afterAll(() => restore());

    it('stores a review with the author masked, updates the product rating and records an event', async () => {
      const [product] = await createProducts(1);
      const orderLineId = deliveredLine(siti, product!);
      const { addProductReview } = await review(siti, {
        orderLineId,
        rating: 4,
        text: '  Bahannya adem, jahitan rapi.  ',
        imageUrls: ['https://cdn.example.com/r/1.jpg', 'https://cdn.example.com/r/2.jpg'],
      });
      expect(addProductReview.userErrors).toEqual([]);
      expect(addProductReview.review).toMatchObject({
        rating: 4,
        text: 'Bahannya adem, jahitan rapi.',
        imageUrls: ['https://cdn.example.com/r/1.jpg', 'https://cdn.example.com/r/2.jpg'],
        authorName: 'S***i',
        reply: null,
        repliedAt: null,
        product: { id: product!.globalId },
      });
      expect(JSON.stringify(addProductReview)).not.toContain(siti.email);

      expect(await productRow(product!.id)).toMatchObject({ ratingCount: 1, ratingAverage: 4 });
      const events = await server.app.orm.em.fork().find(OutboxEvent, { type: 'PRODUCT_REVIEWED' });
      expect(events.map((e) => [e.topic, e.payload['productId'], e.payload['rating']])).toEqual([[`SHOP:${shopDbId}`, product!.id, 4]]);

      const refetched = await server.client.data(ReviewNodeDocument, { id: addProductReview.review!.id });
      expect(refetched.node).toMatchObject({ __typename: 'ProductReview', authorName: 'S***i', rating: 4 });
    });

    it('lets only the buyer of the line review it', async () => {
      const [product] = await createProducts(1);
      const orderLineId = deliveredLine(siti, product!);
      const { addProductReview } = await review(budi, { orderLineId, rating: 1 });
      expect(addProductReview.userErrors.map((e) => [e.code, e.field])).toEqual([['REVIEW_NOT_ELIGIBLE', ['input', 'orderLineId']]]);
    });

    it('reports every invalid field at once', async () => {
      const [product] = await createProducts(1);
      const orderLineId = deliveredLine(siti, product!);
      const images = Array.from({ length: 7 }, (_, i) => `https://cdn.example.com/r/${i}.jpg`);
      images[3] = 'ftp://cdn.example.com/r/3.jpg';
      const { addProductReview } = await review(siti, { orderLineId, rating: 0, text: 'x'.repeat(2001), imageUrls: images });
      expect(addProductReview.review).toBeNull();
      expect(addProductReview.userErrors.map((e) => `${e.code} ${e.field!.join('.')}`).sort()).toEqual([
        'INVALID_INPUT input.imageUrls',
        'INVALID_INPUT input.imageUrls.3',
        'INVALID_INPUT input.rating',
        'INVALID_INPUT input.text',
      ]);
      const six = await review(siti, { orderLineId, rating: 6, imageUrls: ['https://cdn.example.com/ok.jpg', 'not a url'] });
      expect(six.addProductReview.userErrors.map((e) => e.field!.join('.')).sort()).toEqual(['input.imageUrls.1', 'input.rating']);
      expect(await productRow(product!.id)).toMatchObject({ ratingCount: 0, ratingAverage: 0 });
    });

    it('refuses products the buyer can no longer see', async () => {
      const [draft] = await createProducts(1, ProductStatus.DRAFT);
      const { addProductReview } = await review(siti, { orderLineId: deliveredLine(siti, draft!), rating: 5 });
      expect(addProductReview.userErrors.map((e) => [e.code, e.field])).toEqual([['PRODUCT_NOT_AVAILABLE', ['input', 'orderLineId']]]);
    });

    it('takes one review per order line', async () => {
      const [product] = await createProducts(1);
      const orderLineId = deliveredLine(siti, product!);
      expect((await review(siti, { orderLineId, rating: 5 })).addProductReview.userErrors).toEqual([]);
      const again = await review(siti, { orderLineId, rating: 1, text: 'Berubah pikiran' });
      expect(again.addProductReview.userErrors.map((e) => [e.code, e.field])).toEqual([['ALREADY_REVIEWED', ['input', 'orderLineId']]]);
      expect(await productRow(product!.id)).toMatchObject({ ratingCount: 1, ratingAverage: 5 });
    });

    it('keeps exactly one review when the same line is submitted concurrently', async () => {
      const [product] = await createProducts(1);
      const orderLineId = deliveredLine(siti, product!);
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => review(siti, { orderLineId, rating: (i % 5) + 1 })));
      const outcomes: string[] = results.map((r) => r.addProductReview.userErrors[0]?.code ?? 'OK');
      expect(outcomes.filter((o) => o === 'OK')).toHaveLength(1);
      expect(outcomes.filter((o) => o !== 'OK').every((o) => o === 'ALREADY_REVIEWED')).toBe(true);
      const { node } = await server.client.data(ProductReviewsDocument, { id: product!.globalId });
      expect(node && 'reviews' in node ? node.reviews.totalCount : null).toBe(1);
      expect(await productRow(product!.id)).toMatchObject({ ratingCount: 1 });
    });

    it('summarises ratings with an average, a count and a five-bucket histogram', async () => {
      const [product, unrated] = await createProducts(2);
      for (const rating of [5, 4, 4, 1, 5, 4]) {
        const { addProductReview } = await review(siti, { orderLineId: deliveredLine(siti, product!), rating });
        expect(addProductReview.userErrors).toEqual([]);
      }
      const { node } = await server.client.data(ProductRatingSummaryDocument, { id: product!.globalId });
      expect(node).toMatchObject({
        ratingSummary: {
          average: 3.83,
          count: 6,
          histogram: [
            { rating: 5, count: 2 },
            { rating: 4, count: 3 },
            { rating: 3, count: 0 },
            { rating: 2, count: 0 },
            { rating: 1, count: 1 },
          ],
        },
      });
      const row = await productRow(product!.id);
      expect(row.ratingCount).toBe(6);
      expect(row.ratingAverage).toBeCloseTo(23 / 6, 6);

      const empty = await server.client.data(ProductRatingSummaryDocument, { id: unrated!.globalId });
      expect(empty.node).toMatchObject({
        ratingSummary: { average: 0, count: 0, histogram: [5, 4, 3, 2, 1].map((rating) => ({ rating, count: 0 })) },
      });

      // A product list gives the same summaries from the product rows, and reads reviews only for a histogram.
      const shopId = toGlobalId('Shop', shopDbId);
      const listed = async (withHistogram: boolean) => {
        const { result, statements } = await server.countQueries(() => server.client.data(ShopProductsRatingSummaryDocument, { shopId, withHistogram }));
        const summaryOf = (id: string) => result.products.edges.find((edge) => edge.node.id === id)?.node.ratingSummary;
        return { rated: summaryOf(product!.globalId), unrated: summaryOf(unrated!.globalId), readReviews: statements.some((sql) => sql.includes('product_review')) };
      };
      const withHistogram = await listed(true);
      expect(withHistogram).toEqual({ rated: (node as { ratingSummary: unknown }).ratingSummary, unrated: (empty.node as { ratingSummary: unknown }).ratingSummary, readReviews: true });
      expect(await listed(false)).toEqual({ rated: { average: 3.83, count: 6 }, unrated: { average: 0, count: 0 }, readReviews: false });
    });

    it('keeps the product rating columns exact under 20 concurrent reviews', async () => {
      const [product] = await createProducts(1);
      const buyers = await Promise.all(Array.from({ length: 20 }, (_, i) => signUpBuyer(server, `Pembeli ${i}`)));
      const results = await Promise.all(
        buyers.map((buyer, i) => review(buyer, { orderLineId: deliveredLine(buyer, product!), rating: (i % 5) + 1 })),
      );
      expect(results.flatMap((r) => r.addProductReview.userErrors)).toEqual([]);
      expect(await productRow(product!.id)).toMatchObject({ ratingCount: 20, ratingAverage: 3 });
      const { node } = await server.client.data(ProductRatingSummaryDocument, { id: product!.globalId });
      expect(node).toMatchObject({ ratingSummary: { average: 3, count: 20, histogram: [5, 4, 3, 2, 1].map((rating) => ({ rating, count: 4 })) } });
    });

    it('lists reviews newest first, page by page, filtered by rating and photos', async () => {
      const [product] = await createProducts(1);
      const written: { rating: number; photos: boolean }[] = [
        { rating: 5, photos: true },
        { rating: 3, photos: false },
        { rating: 5, photos: false },
        { rating: 1, photos: true },
        { rating: 5, photos: true },
      ];
      const ids: string[] = [];
      for (const [i, w] of written.entries()) {
        server.clock.advance(60_000);
        const { addProductReview } = await review(siti, {
          orderLineId: deliveredLine(siti, product!),
          rating: w.rating,
          text: `Ulasan ${i}`,
          imageUrls: w.photos ? [`https://cdn.example.com/r/p${i}.jpg`] : [],
        });
        ids.push(addProductReview.review!.id);
      }
      const newestFirst = [...ids].reverse();

      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: ProductReviewsQuery = await server.client.data(ProductReviewsDocument, { id: product!.globalId, first: 2, after });
        const reviews = page.node && 'reviews' in page.node ? page.node.reviews : null;
        expect(reviews?.totalCount).toBe(5);
        seen.push(...reviews!.edges.map((e) => e.node.id));
        if (!reviews!.pageInfo.hasNextPage) break;
        after = reviews!.pageInfo.endCursor;
      }
      expect(seen).toEqual(newestFirst);

      const list = async (vars: { rating?: number; withImages?: boolean }) => {
        const { node } = await server.client.data(ProductReviewsDocument, { id: product!.globalId, ...vars });
        return node && 'reviews' in node ? node.reviews.edges.map((e) => e.node.id) : null;
      };
      expect(await list({ rating: 5 })).toEqual([ids[4], ids[2], ids[0]]);
      expect(await list({ withImages: true })).toEqual([ids[4], ids[3], ids[0]]);
      expect(await list({ withImages: false })).toEqual([ids[2], ids[1]]);
      expect(await list({ rating: 5, withImages: true })).toEqual([ids[4], ids[0]]);
      expect(await list({ rating: 2 })).toEqual([]);

      const bad = await server.client.request(ProductReviewsDocument, { id: product!.globalId, rating: 9 });
      expect(codes(bad.errors)).toEqual(['BAD_USER_INPUT']);
    });

    it('lets a member of the shop reply once, and nobody else', async () => {
      const [product] = await createProducts(1);
      const { addProductReview } = await review(siti, { orderLineId: deliveredLine(siti, product!), rating: 2, text: 'Warnanya beda.' });
      const reviewId = addProductReview.review!.id;

      const rina = await signUpBuyer(server, 'Rina');
      await approvedShop(rina, 'Toko Rina', 'toko-rina');
      for (const [actor, code] of [
        [siti, 'FORBIDDEN'],
        [rina, 'FORBIDDEN'],
        [admin, 'FORBIDDEN'],
      ] as const) {
        const { replyToReview } = await actor.client.data(ReplyToReviewDocument, { input: { reviewId, text: 'Terima kasih!' } });
        expect(replyToReview.userErrors.map((e) => [e.code, e.field])).toEqual([[code, ['input', 'reviewId']]]);
      }
      for (const unknown of ['nope', toGlobalId('ProductReview', 999_999), product!.globalId]) {
        const { replyToReview } = await budi.client.data(ReplyToReviewDocument, { input: { reviewId: unknown, text: 'Halo' } });
        expect(replyToReview.userErrors.map((e) => [e.code, e.field])).toEqual([['NOT_FOUND', ['input', 'reviewId']]]);
      }
      const anonymous = await server.client.request(ReplyToReviewDocument, { input: { reviewId, text: 'Halo' } });
      expect(codes(anonymous.errors)).toEqual(['UNAUTHENTICATED']);

      const empty = await budi.client.data(ReplyToReviewDocument, { input: { reviewId, text: '   ' } });
      expect(empty.replyToReview.userErrors.map((e) => [e.code, e.field])).toEqual([['INVALID_INPUT', ['input', 'text']]]);
      const long = await budi.client.data(ReplyToReviewDocument, { input: { reviewId, text: 'x'.repeat(1001) } });
      expect(long.replyToReview.userErrors.map((e) => e.code)).toEqual(['INVALID_INPUT']);

      server.clock.advance(3_600_000);
      const { replyToReview } = await budi.client.data(ReplyToReviewDocument, { input: { reviewId, text: ' Maaf kak, kami kirim ganti ya. ' } });
      expect(replyToReview.userErrors).toEqual([]);
      expect(replyToReview.review).toMatchObject({ id: reviewId, reply: 'Maaf kak, kami kirim ganti ya.', repliedAt: server.clock.now().toISOString() });

      const again = await budi.client.data(ReplyToReviewDocument, { input: { reviewId, text: 'Satu lagi' } });
      expect(again.replyToReview.userErrors.map((e) => [e.code, e.field])).toEqual([['ALREADY_REPLIED', ['input', 'reviewId']]]);
      const { node } = await siti.client.data(ReviewNodeDocument, { id: reviewId });
      expect(node).toMatchObject({ reply: 'Maaf kak, kami kirim ganti ya.' });
    });

    it('keeps one reply when two are sent at once', async () => {
      const [product] = await createProducts(1);
      const { addProductReview } = await review(siti, { orderLineId: deliveredLine(siti, product!), rating: 3 });
      const reviewId = addProductReview.review!.id;
      const results = await Promise.all(
        ['Balasan A', 'Balasan B', 'Balasan C'].map((text) => budi.client.data(ReplyToReviewDocument, { input: { reviewId, text } })),
      );
      const outcomes = results.map((r) => r.replyToReview.userErrors[0]?.code ?? 'OK').sort();
      expect(outcomes).toEqual(['ALREADY_REPLIED', 'ALREADY_REPLIED', 'OK']);
      const winner = results.find((r) => r.replyToReview.userErrors.length === 0)!.replyToReview.review!.reply;
      const { node } = await siti.client.data(ReviewNodeDocument, { id: reviewId });
      expect(node).toMatchObject({ reply: winner });
    });
  });

  it('loads ratingSummary for many products with the same number of SQL statements', async () => {
    // The relay polls the outbox on a timer; stopped, it adds no statements to the count.
    await server.relay.stop();
    const products = await createProducts(20);
    const em = server.app.orm.em.fork();
    const buyer = decodeIdOf('User', siti.id)!;
    const now = server.clock.now();
    for (const [i, p] of products.entries()) {
      for (const rating of [5, (i % 5) + 1]) {
        em.create(ProductReview, { product: p.id, shop: shopDbId, author: buyer, rating, text: '', imageUrls: [], createdAt: now, updatedAt: now });
      }
    }
    await em.flush();

    const ask = async (n: number) => {
      const ids = products.slice(0, n).map((p) => p.globalId);
      const { result, queries } = await server.countQueries(() => server.client.data(ProductsRatingAverageDocument, { ids }));
      expect(result.nodes).toHaveLength(n);
      return { result, queries };
    };
    await ask(5); // warm-up
    const five = await ask(5);
    const twenty = await ask(20);
    expect(twenty.queries).toBe(five.queries);
    const averages = twenty.result.nodes.map((n) => (n && 'ratingSummary' in n ? n.ratingSummary.average : null));
    expect(averages).toEqual(products.map((_, i) => (5 + (i % 5) + 1) / 2));
    console.info(`ratingSummary { average } SQL statements: N=5 → ${five.queries}, N=20 → ${twenty.queries}`);
  });
});
