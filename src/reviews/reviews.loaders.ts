import DataLoader from 'dataloader';
import { readRows } from '../shared/sql';
import { byKeys, defineLoader } from '../shared/loaders';
import { ProductReview } from './review.entity';
import type { RatingSummary } from './review.payloads';

export const reviewById = defineLoader(
  'reviewById',
  (em) =>
    new DataLoader<number, ProductReview | null>(async (ids) =>
      byKeys(ids, await em.find(ProductReview, { id: { $in: [...ids] } }), (r) => r.id),
    ),
);

/** Star ratings, best first: the order of every histogram. */
export const RATINGS = [5, 4, 3, 2, 1] as const;

/** Builds a summary from review counts per star rating. */
export function summarise(counts: ReadonlyMap<number, number>): Omit<RatingSummary, 'productId'> {
  let count = 0;
  let sum = 0;
  for (const [rating, n] of counts) {
    count += n;
    sum += rating * n;
  }
  return {
    average: count === 0 ? 0 : Math.round((sum / count) * 100) / 100,
    count,
    histogram: RATINGS.map((rating) => ({ rating, count: counts.get(rating) ?? 0 })),
  };
}

/**
 * Rating summaries of many products with one grouped query:
 * `select product_id, rating, count(*) from product_review where product_id in (…) group by product_id, rating`.
 */
export const ratingSummaryByProduct = defineLoader(
  'ratingSummaryByProduct',
  (em) =>
    new DataLoader<number, RatingSummary>(
      async (productIds) => {
        const placeholders = productIds.map(() => '?').join(', ');
        const rows = await readRows(
          em,
          `select product_id as p, rating as r, count(*) as n from product_review where product_id in (${placeholders}) group by product_id, rating`,
          productIds,
        );
        const counts = new Map<number, Map<number, number>>(productIds.map((id) => [id, new Map()]));
        for (const row of rows) counts.get(Number(row['p']))?.set(Number(row['r']), Number(row['n']));
        return productIds.map((id) => ({ ...summarise(counts.get(id)!), productId: id }));
      },
      { maxBatchSize: 500 },
    ),
);
