/**
 * Relay cursor connections: one helper for every list. Keyset pagination over (sort field, id), so pages stay
 * stable while rows are inserted; cursors are opaque base64url strings.
 */
import type { EntityManager, EntityName, FilterQuery } from '@mikro-orm/core';
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { badUserInput } from './errors';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: `Return the first n items (at most ${MAX_PAGE_SIZE}).` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Return items after this cursor.' })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: `Return the last n items (at most ${MAX_PAGE_SIZE}).` })
  last?: number | null;

  @Field(() => String, { nullable: true, description: 'Return items before this cursor.' })
  before?: string | null;
}

@ObjectType({ description: 'Where a page sits in its list.', simpleResolvers: true })
export class PageInfo {
  @Field({ description: 'More items follow the last edge of this page.' })
  hasNextPage!: boolean;

  @Field({ description: 'More items precede the first edge of this page.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first edge; null on an empty page.' })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last edge; null on an empty page.' })
  endCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface ConnectionResult<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  /** A number, or a promise that a lazy getter creates only when `totalCount` is selected (pages skip the count). */
  totalCount: number | Promise<number>;
}

/**
 * Makes the `XConnection` and `XEdge` object types for a node type:
 * `@ObjectType() class AddressConnection extends Connection(Address) {}`.
 */
export function Connection<T extends object>(nodeType: ClassType<T>, typeName: string = nodeType.name) {
  @ObjectType(`${typeName}Edge`, { description: `One ${typeName} in a list, with its cursor.`, simpleResolvers: true })
  class EdgeType {
    @Field({ description: 'Opaque position of this edge; pass it as `after` or `before`.' })
    cursor!: string;

    @Field(() => nodeType, { description: `The ${typeName}.` })
    node!: T;
  }

  @ObjectType()
  abstract class ConnectionType implements ConnectionResult<T> {
    @Field(() => [EdgeType], { description: 'The items of this page, in order.' })
    edges!: Edge<T>[];

    @Field(() => PageInfo, { description: 'Paging state of this page.' })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'How many items the whole list has, across all pages.' })
    totalCount!: number | Promise<number>;
  }
  return ConnectionType;
}

export type SortDirection = 'ASC' | 'DESC';

export interface PaginateOptions<T> {
  /** The sort field; `id` breaks ties (in the same direction). @default 'id' */
  readonly sortField?: keyof T & string;
  /** @default 'ASC' */
  readonly direction?: SortDirection;
  /** Relations to load with each node. */
  readonly populate?: readonly string[];
  /** Page size cap. @default MAX_PAGE_SIZE */
  readonly maxPageSize?: number;
}

type CursorValue = string | number | boolean | null;
type CursorPayload = [tag: 'd' | 'v', value: CursorValue, id: number];

function encodeCursor(value: unknown, id: number): string {
  const payload: CursorPayload =
    value instanceof Date ? ['d', value.toISOString(), id] : ['v', (value ?? null) as CursorValue, id];
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, argument: string): { value: unknown; id: number } {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(parsed) && parsed.length === 3 && Number.isSafeInteger(parsed[2])) {
      const [tag, value, id] = parsed as CursorPayload;
      if (tag === 'd' && typeof value === 'string') return { value: new Date(value), id };
      if (tag === 'v') return { value, id };
    }
  } catch {
    // fall through
  }
  throw badUserInput(`\`${argument}\` is not a cursor from this list.`, argument);
}

/**
 * A connection from one page of nodes, in order. Cursors are encoded only when read (lists are often selected
 * without them), and `count` runs only if `totalCount` is selected. The lazy parts are getters on classes, not on
 * object literals, so a page allocates no closure per edge.
 */
export function connectionOf<T>(
  page: readonly T[],
  cursorOf: (node: T) => string,
  more: { readonly hasNextPage: boolean; readonly hasPreviousPage: boolean },
  count: () => number | Promise<number>,
): ConnectionResult<T> {
  const edges = page.map((node) => new LazyEdge(node, cursorOf));
  return new LazyConnection(edges, new LazyPageInfo(edges, more.hasNextPage, more.hasPreviousPage), count);
}

class LazyEdge<T> implements Edge<T> {
  private encoded: string | undefined = undefined;

  constructor(
    readonly node: T,
    private readonly cursorOf: (node: T) => string,
  ) {}

  get cursor(): string {
    return (this.encoded ??= this.cursorOf(this.node));
  }
}

class LazyPageInfo implements PageInfo {
  constructor(
    private readonly edges: readonly Edge<unknown>[],
    readonly hasNextPage: boolean,
    readonly hasPreviousPage: boolean,
  ) {}

  get startCursor(): string | null {
    return this.edges[0]?.cursor ?? null;
  }

  get endCursor(): string | null {
    return this.edges.at(-1)?.cursor ?? null;
  }
}

class LazyConnection<T> implements ConnectionResult<T> {
  private total: number | Promise<number> | undefined = undefined;

  constructor(
    readonly edges: Edge<T>[],
    readonly pageInfo: PageInfo,
    private readonly count: () => number | Promise<number>,
  ) {}

  get totalCount(): number | Promise<number> {
    return (this.total ??= this.count());
  }
}

/**
 * The connection of the rows of one keyset query that asked for `window.size + 1` rows in its own order (the
 * reverse of the list's when paging backwards): the extra row only tells that there are more. `given` says whether
 * `after` and `before` were passed.
 */
export function pageConnection<T>(
  rows: readonly T[],
  window: { readonly size: number; readonly backward: boolean },
  given: { readonly after: boolean; readonly before: boolean },
  cursorOf: (node: T) => string,
  count: () => number | Promise<number>,
): ConnectionResult<T> {
  const hasMore = rows.length > window.size;
  const page = hasMore ? rows.slice(0, window.size) : [...rows];
  if (window.backward) page.reverse();
  return connectionOf(page, cursorOf, { hasNextPage: window.backward ? given.before : hasMore, hasPreviousPage: window.backward ? hasMore : given.after }, count);
}

/** Checks first/last/after/before and returns the page size and whether paging runs backwards. */
export function pageWindow(args: ConnectionArgs, maxPageSize = MAX_PAGE_SIZE) {
  const { first, last } = args;
  if (first != null && last != null) throw badUserInput('Pass `first` or `last`, not both.', 'first');
  for (const [name, value] of [['first', first], ['last', last]] as const) {
    if (value != null && (value < 0 || value > maxPageSize)) {
      throw badUserInput(`\`${name}\` must be between 0 and ${maxPageSize}.`, name);
    }
  }
  const backward = last != null || (first == null && args.before != null && args.after == null);
  return { size: first ?? last ?? DEFAULT_PAGE_SIZE, backward };
}

/** A list with nothing in it (e.g. for a viewer who may not see the parent), after the usual argument checks. */
export function emptyConnection<T>(args?: ConnectionArgs): ConnectionResult<T> {
  if (args) pageWindow(args);
  return { edges: [], totalCount: 0, pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } };
}

/** Pages through `entity` rows matching `where`, as a connection. */
export async function paginate<T extends { id: number }>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  args: ConnectionArgs,
  options: PaginateOptions<T> = {},
): Promise<ConnectionResult<T>> {
  const sortField = options.sortField ?? 'id';
  const direction = options.direction ?? 'ASC';
  const window = pageWindow(args, options.maxPageSize);
  const { size, backward } = window;

  const conditions: FilterQuery<T>[] = [where];
  const after = args.after != null ? decodeCursor(args.after, 'after') : undefined;
  const before = args.before != null ? decodeCursor(args.before, 'before') : undefined;
  if (after) conditions.push(keysetCondition<T>(sortField, direction === 'ASC' ? '$gt' : '$lt', after));
  if (before) conditions.push(keysetCondition<T>(sortField, direction === 'ASC' ? '$lt' : '$gt', before));

  const queryDirection = (direction === 'ASC') !== backward ? 'ASC' : 'DESC';
  const orderBy = { [sortField]: queryDirection, ...(sortField === 'id' ? {} : { id: queryDirection }) };

  const rows =
    size === 0
      ? ([] as T[])
      : await em.find(entity, { $and: conditions } as FilterQuery<T>, {
          orderBy: orderBy as never,
          limit: size + 1,
          populate: (options.populate ?? []) as never,
        });
  return pageConnection(
    rows as T[],
    window,
    { after: after !== undefined, before: before !== undefined },
    (node) => encodeCursor((node as Record<string, unknown>)[sortField], node.id),
    () => em.count(entity, where),
  );
}

function keysetCondition<T>(field: string, op: '$gt' | '$lt', at: { value: unknown; id: number }): FilterQuery<T> {
  if (field === 'id') return { id: { [op]: at.id } } as FilterQuery<T>;
  return {
    $or: [{ [field]: { [op]: at.value } }, { [field]: at.value, id: { [op]: at.id } }],
  } as FilterQuery<T>;
}

/**
 * The cursor format of {@link paginate}, for lists that are paged by other means (batched loaders) but must
 * accept and hand out the same cursors: `encodeCursor(node[sortField], node.id)`.
 */
export { encodeCursor, decodeCursor };
