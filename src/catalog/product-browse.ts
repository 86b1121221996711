/**
 * Product lists (`products(…)` and `shop.products(…)`) in plain SQL, with read-only views as nodes
 * (src/shared/views.ts). A storefront opens with one of these lists; through the ORM's query builder, building the
 * statement cost about five times the CPU of running it. Filters are written once here, as SQL over `product p0`,
 * and serve both the sorted pages below and the RELEVANCE ranking (product-relevance.ts).
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../shared/context';
import { badUserInput } from '../shared/errors';
import { decodeIdOf } from '../shared/ids';
import { parseMoney } from '../shared/money';
import { decodeCursor, encodeCursor, pageConnection, pageWindow, type ConnectionArgs, type ConnectionResult } from '../shared/pagination';
import { propertiesFor, selectedFields } from '../shared/selection';
import { escapeLike, readRowValues, readRows } from '../shared/sql';
import { viewOf, type EntityView } from '../shared/views';
import { ShopStatus } from '../shops/shop.entity';
import { categoryById } from './catalog.loaders';
import { Product, type ProductStatus } from './product.entity';

/** A condition on `product p0`: SQL with `?` placeholders, and their values in order. */
export interface ProductFilter {
  readonly sql: string;
  readonly params: readonly unknown[];
  /** The search words the condition requires (for RELEVANCE ranking). */
  readonly words: readonly string[];
}

/** What every list starts from: a status, and one shop or the approved shops. */
export interface ProductScope {
  readonly status: ProductStatus;
  /** Only this shop's products. */
  readonly shopId?: number;
  /** Only products of approved shops. */
  readonly approvedShops: boolean;
}

/** The filter arguments shared by both lists. */
export interface ProductFilterInput {
  readonly query?: string | null;
  readonly categoryId?: string | null;
  readonly minPrice?: string | null;
  readonly maxPrice?: string | null;
  readonly inStock?: boolean | null;
}

/** The lower-cased search words of `query` (at most 8), checked. */
function searchWords(query: string | null | undefined): string[] {
  const text = query?.trim().toLowerCase();
  if (text && text.length > 100) throw badUserInput('`query` has at most 100 characters.', 'query');
  return text ? text.split(/\s+/).slice(0, 8) : [];
}

/** The filter for `scope` and the arguments: every search word, the category subtree, the price bounds, stock. */
export async function productFilter(ctx: Context, scope: ProductScope, args: ProductFilterInput): Promise<ProductFilter> {
  const conditions = ['p0.status = ?'];
  const params: unknown[] = [scope.status];
  if (scope.shopId !== undefined) {
    conditions.push('p0.shop_id = ?');
    params.push(scope.shopId);
  }
  if (scope.approvedShops) {
    conditions.push('p0.shop_id in (select s.id from shop s where s.status = ?)');
    params.push(ShopStatus.APPROVED);
  }
  const words = searchWords(args.query);
  for (const word of words) {
    conditions.push("p0.search_text like ? escape '\\'");
    params.push(`%${escapeLike(word)}%`);
  }
  if (args.categoryId != null) {
    const id = decodeIdOf('Category', args.categoryId);
    const category = id === null ? null : await ctx.loaders.get(categoryById).load(id);
    if (!category) throw badUserInput('`categoryId` is not a category.', 'categoryId');
    conditions.push("p0.category_id in (select c.id from category c where c.path like ? escape '\\')");
    params.push(`${escapeLike(category.path)}%`);
  }
  for (const [name, value, op] of [['minPrice', args.minPrice, '>='], ['maxPrice', args.maxPrice, '<=']] as const) {
    if (value == null) continue;
    const minor = parseMoney(value);
    if (minor === null) throw badUserInput(`\`${name}\` must be a decimal amount such as "50000".`, name);
    conditions.push(`p0.min_price ${op} ?`);
    params.push(minor);
  }
  if (args.inStock === true) {
    conditions.push('p0.id in (select v.product_id from product_variant v where v.stock > 0 and v.is_active = ?)');
    params.push(true);
  }
  return { sql: conditions.join(' and '), params, words };
}

/**
 * What each `Product` field reads of a product view, for lists that read only the columns their selection needs.
 * A field not listed here reads the whole view. `id`, `shop` and `status` are always read (visibility checks).
 */
const PRODUCT_FIELD_NEEDS: Readonly<Record<string, readonly (keyof Product & string)[]>> = {
  __typename: [],
  id: [],
  title: ['title'],
  description: ['description'],
  imageUrls: ['imageUrls'],
  status: [],
  soldCount: ['soldCount'],
  version: ['version'],
  createdAt: ['createdAt'],
  updatedAt: ['updatedAt'],
  publishedAt: ['publishedAt'],
  rejectionReason: ['rejectionReason'],
  shop: [],
  category: ['category'],
  variants: [],
  options: [],
  priceRange: [],
  inStock: [],
  totalStock: [],
  ratingSummary: ['ratingAverage', 'ratingCount'],
  reviews: [],
  videos: [],
  applicableVouchers: [],
};

/** The product properties a list's selection (`edges.node` and `nodes`) reads; `null` for all. */
export function productListProperties(info: GraphQLResolveInfo | undefined, sortedBy: readonly (keyof Product & string)[]): Set<string> | null {
  if (!info) return null;
  const fields = [...selectedFields(info, ['edges', 'node']), ...selectedFields(info, ['nodes'])];
  return propertiesFor(fields, PRODUCT_FIELD_NEEDS, ['id', 'shop', 'status', ...sortedBy]);
}

/** The properties lists sort by (each with `id` as the tie-break, in the same direction). */
export type ProductSortProperty = 'createdAt' | 'minPrice' | 'soldCount' | 'ratingAverage';

/** How many products match `filter` (the lists' lazy `totalCount`). */
export async function countProducts(ctx: Context, filter: ProductFilter): Promise<number> {
  const [row] = await readRows(ctx.reader, `select count(*) as n from product p0 where ${filter.sql}`, [...filter.params]);
  return Number(row?.['n'] ?? 0);
}

/**
 * One page of the products matching `filter`, by `property` then id, keyset-paged with the same cursors as
 * `paginate` (`encodeCursor(node[sortProperty], node.id)`), so clients cannot tell the two apart.
 */
export async function productPage(
  ctx: Context,
  filter: ProductFilter,
  args: ConnectionArgs,
  property: ProductSortProperty,
  direction: 'ASC' | 'DESC',
  info?: GraphQLResolveInfo,
): Promise<ConnectionResult<EntityView<Product>>> {
  const window = pageWindow(args);
  const { size, backward } = window;
  const view = viewOf(ctx.reader, Product).only(productListProperties(info, [property]));
  const column = ctx.reader.getMetadata().get(Product.name).properties[property].fieldNames[0]!;
  const conditions = [filter.sql];
  const params = [...filter.params];
  const keyset = (cursor: string, argument: 'after' | 'before', op: '<' | '>') => {
    const { value, id } = decodeCursor(cursor, argument);
    conditions.push(`(p0.${column} ${op} ? or (p0.${column} = ? and p0.id ${op} ?))`);
    params.push(value, value, id);
    return true;
  };
  const forward = direction === 'ASC' ? '>' : '<';
  const reverse = direction === 'ASC' ? '<' : '>';
  const after = args.after != null && keyset(args.after, 'after', forward);
  const before = args.before != null && keyset(args.before, 'before', reverse);
  const order = (direction === 'ASC') !== backward ? 'asc' : 'desc';
  const rows =
    size === 0
      ? []
      : await readRowValues(
          ctx.reader,
          `select ${view.columns('p0')} from product p0 where ${conditions.join(' and ')} order by p0.${column} ${order}, p0.id ${order} limit ?`,
          [...params, size + 1],
        );
  return pageConnection(
    rows.map((row) => view.mapValues(row)),
    window,
    { after, before },
    (node) => encodeCursor(node[property], node.id),
    () => countProducts(ctx, filter),
  );
}
