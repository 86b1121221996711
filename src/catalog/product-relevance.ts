/**
 * `products(query: …, sort: RELEVANCE)`: best text match first, then most sold, then newest id.
 * - PostgreSQL: `ts_rank` of the product's document (title weighted A, description B, `simple` configuration: no
 *   stemming, as Indonesian has none built in) against the query words, scaled to a whole number so cursors compare
 *   exactly.
 * - SQLite: how many of the query words the title contains (so a title match ranks above a description-only one).
 * Keyset pages over (relevance, soldCount, id), all descending; the cursor carries all three.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { storeKind } from '../database/orm';
import type { Context } from '../shared/context';
import { badUserInput } from '../shared/errors';
import { decodeCursor, encodeCursor, pageConnection, pageWindow, type ConnectionArgs, type ConnectionResult } from '../shared/pagination';
import { readRowValues, escapeLike } from '../shared/sql';
import { viewOf, type EntityView } from '../shared/views';
import { countProducts, productListProperties, type ProductFilter } from './product-browse';
import { Product } from './product.entity';

function relevanceSql(store: 'sqlite' | 'postgresql', words: readonly string[]): { sql: string; params: string[] } {
  if (store === 'postgresql') {
    return {
      sql:
        "cast(round(ts_rank(setweight(to_tsvector('simple', p0.title), 'A') || setweight(to_tsvector('simple', p0.description), 'B'), " +
        "plainto_tsquery('simple', ?)) * 1000000) as integer)",
      params: [words.join(' ')],
    };
  }
  return {
    sql: `(${words.map(() => "(case when lower(p0.title) like ? escape '\\' then 1 else 0 end)").join(' + ')})`,
    params: words.map((w) => `%${escapeLike(w)}%`),
  };
}

/** One page of the products matching `filter` (which requires every search word), ordered by relevance to its words. */
export async function rankedProducts(
  ctx: Context,
  filter: ProductFilter,
  args: ConnectionArgs,
  info?: GraphQLResolveInfo,
): Promise<ConnectionResult<EntityView<Product>>> {
  const window = pageWindow(args);
  const { size, backward } = window;
  const score = relevanceSql(storeKind(ctx.config), filter.words);
  const conditions = [filter.sql];
  const params: unknown[] = [...filter.params];
  const keyset = (cursor: string, argument: 'after' | 'before', op: '<' | '>') => {
    const { value, id } = decodeCursor(cursor, argument);
    const [relevance, sold] = typeof value === 'string' ? value.split(':').map(Number) : [];
    if (!Number.isSafeInteger(relevance) || !Number.isSafeInteger(sold)) throw badUserInput(`\`${argument}\` is not a cursor from this list.`, argument);
    conditions.push(`(${score.sql} ${op} ? or (${score.sql} = ? and (p0.sold_count ${op} ? or (p0.sold_count = ? and p0.id ${op} ?))))`);
    params.push(...score.params, relevance!, ...score.params, relevance!, sold!, sold!, id);
    return true;
  };
  const after = args.after != null && keyset(args.after, 'after', '<');
  const before = args.before != null && keyset(args.before, 'before', '>');
  const direction = backward ? 'asc' : 'desc';
  const view = viewOf(ctx.reader, Product).only(productListProperties(info, ['soldCount']));
  const rows =
    size === 0
      ? []
      : await readRowValues(
          ctx.reader,
          `select ${view.columns('p0')}, ${score.sql} as relevance from product p0 where ${conditions.join(' and ')} ` +
            `order by relevance ${direction}, p0.sold_count ${direction}, p0.id ${direction} limit ?`,
          [...score.params, ...params, size + 1],
        );
  const nodes = rows.map((row) => view.mapValues(row));
  // Each row: the view's columns, then the relevance.
  const relevance = new Map(nodes.map((node, i) => [node.id, Number(rows[i]![view.width])]));
  return pageConnection(
    nodes,
    window,
    { after, before },
    (node) => encodeCursor(`${relevance.get(node.id)}:${node.soldCount}`, node.id),
    () => countProducts(ctx, filter),
  );
}
