/**
 * `products(query: …, sort: RELEVANCE)`: best text match first, then most sold, then newest id.
 * - PostgreSQL: `ts_rank` of the product's document (title weighted A, description B, `simple` configuration: no
 *   stemming, as Indonesian has none built in) against the query words, scaled to a whole number so cursors compare
 *   exactly.
 * - SQLite: how many of the query words the title contains (so a title match ranks above a description-only one).
 * Keyset pages over (relevance, soldCount, id), all descending; the cursor carries all three.
 */
import type { FilterQuery } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { storeKind } from '../database/orm';
import type { Context } from '../shared/context';
import { badUserInput } from '../shared/errors';
import { decodeCursor, encodeCursor, pageWindow, type ConnectionArgs, type ConnectionResult } from '../shared/pagination';
import { selectRows, escapeLike } from '../shared/sql';
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

interface RankedRow {
  id: number;
  sold_count: number;
  relevance: number;
}

/** One page of `where` (which already requires every word) ordered by relevance to `words`. */
export async function rankedProducts(ctx: Context, where: FilterQuery<Product>, words: readonly string[], args: ConnectionArgs): Promise<ConnectionResult<Product>> {
  const em = ctx.em as SqlEntityManager;
  const { size, backward } = pageWindow(args);
  const score = relevanceSql(storeKind(ctx.config), words);
  const query = em.createQueryBuilder(Product, 'p0').select(['p0.id', 'p0.soldCount']).where(where as never).getKnexQuery();
  query.select(em.getKnex().raw(`${score.sql} as relevance`, score.params));

  const keyset = (cursor: string, argument: 'after' | 'before', op: '<' | '>') => {
    const { value, id } = decodeCursor(cursor, argument);
    const [relevance, sold] = typeof value === 'string' ? value.split(':').map(Number) : [];
    if (!Number.isSafeInteger(relevance) || !Number.isSafeInteger(sold)) throw badUserInput(`\`${argument}\` is not a cursor from this list.`, argument);
    query.whereRaw(
      `(${score.sql} ${op} ? or (${score.sql} = ? and (p0.sold_count ${op} ? or (p0.sold_count = ? and p0.id ${op} ?))))`,
      [...score.params, relevance!, ...score.params, relevance!, sold!, sold!, id],
    );
    return true;
  };
  const after = args.after != null && keyset(args.after, 'after', '<');
  const before = args.before != null && keyset(args.before, 'before', '>');
  const direction = backward ? 'asc' : 'desc';
  query.orderByRaw(`relevance ${direction}, p0.sold_count ${direction}, p0.id ${direction}`).limit(size + 1);

  const compiled = query.toSQL();
  const rows = size === 0 ? [] : await selectRows<RankedRow>(em, compiled.sql, [...compiled.bindings]);
  const hasMore = rows.length > size;
  const page = hasMore ? rows.slice(0, size) : rows;
  if (backward) page.reverse();
  const products = await em.find(Product, { id: { $in: page.map((r) => Number(r.id)) } });
  const byId = new Map(products.map((p) => [p.id, p]));
  const edges = page
    .filter((row) => byId.has(Number(row.id)))
    .map((row) => ({ cursor: encodeCursor(`${Number(row.relevance)}:${Number(row.sold_count)}`, Number(row.id)), node: byId.get(Number(row.id))! }));
  let count: Promise<number> | undefined;
  const result = {
    edges,
    pageInfo: {
      hasNextPage: backward ? before : hasMore,
      hasPreviousPage: backward ? hasMore : after,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  } as ConnectionResult<Product>;
  Object.defineProperty(result, 'totalCount', { enumerable: true, get: () => (count ??= em.count(Product, where)) });
  return result;
}
