/**
 * Read-only views of entity rows: plain objects with the entity's property names and runtime values, and each
 * many-to-one relation as `{ id }`. For hot read paths that only display data, such as the storefront query.
 *
 * Why not entities there: MikroORM spends about 1 ms of CPU building and mapping each `find`, and about 80 µs on
 * each entity it hydrates (per-instance property definitions for change tracking, a snapshot, the identity map).
 * For a shop page of 20 products that was most of the request. A view is one `select` of the entity's columns and a
 * loop over its rows.
 *
 * Views are never managed, so nothing written to one is saved: code that changes data loads entities. Resolvers
 * that may receive either take the view type, which every entity satisfies.
 */
import { ReferenceKind, type EntityClass, type EntityManager, type EntityProperty, type Platform, type Ref } from '@mikro-orm/core';
import { Node } from './node';
import { readRowValues } from './sql';

type Relation<V> = NonNullable<V> extends Ref<object> ? { readonly id: number } | Extract<V, null | undefined> : V;

/**
 * The view of entity `T`: its string-keyed data properties, with `Ref<X>` relations as `{ id }`, and the `Node`
 * interface's `globalId()` (the GraphQL `id`). Other entity methods are not part of a view.
 */
export type EntityView<T> = {
  readonly [K in keyof T as K extends string ? (T[K] extends (...args: never[]) => unknown ? never : K) : never]: Relation<T[K]>;
} & Pick<Node, 'globalId'>;

/** A view's columns, and how to turn one of its rows into the view. */
export interface ViewMapper<T> {
  /** The `select` list, qualified with `alias` (e.g. `p.id, p.shop_id, …`). */
  columns(alias: string): string;
  /** How many columns that list has. */
  readonly width: number;
  /** The view of a row read as values ({@link readRowValues}) whose select list starts with {@link columns}. */
  mapValues(values: readonly unknown[]): EntityView<T>;
  /**
   * The mapper of a narrower view, of `properties` and `id` only: fewer columns to read and map for a list that
   * shows little. Reading any other property of such a view throws, so a resolver that needs more fails loudly.
   * `null` gives this mapper.
   */
  only(properties: Iterable<string> | null): ViewMapper<T>;
}

type Convert = (value: unknown) => unknown;

const asNumber: Convert = (value) => (value == null ? value : Number(value));
const asBoolean: Convert = (value) => (value == null ? value : Boolean(value));
// SQLite stores dates as epoch milliseconds; the pg driver returns Dates.
const asDate: Convert = (value) => (value == null || value instanceof Date ? value : new Date(value as number | string));
const asIs: Convert = (value) => value;

function converterOf(prop: EntityProperty, platform: Platform): Convert {
  if (prop.kind !== ReferenceKind.SCALAR) return asNumber; // a many-to-one's foreign key
  const type = String(prop.type).toLowerCase();
  // As the ORM maps JSON (SQLite returns text; PostgreSQL's jsonb arrives parsed), like `jsonValue` in ./sql.
  if (type === 'json' || type.endsWith('jsontype')) return (value) => platform.convertJsonToJSValue(value);
  switch (prop.runtimeType) {
    case 'number':
      return asNumber; // bigint columns arrive as strings from pg
    case 'boolean':
      return asBoolean; // 0/1 on SQLite
    case 'Date':
      return asDate;
    default:
      return asIs;
  }
}

interface Column {
  readonly property: string;
  readonly field: string;
  readonly relation: boolean;
  readonly convert: Convert;
}

const mappers = new WeakMap<object, ViewMapper<unknown>>();

/**
 * The view mapper of `entity`: every persisted, eagerly loaded scalar and every owning single-column
 * many-to-one or one-to-one. Built once per entity class and ORM (keyed by the ORM's metadata for the class, since
 * JSON conversion is the ORM's platform's).
 */
export function viewOf<T>(em: EntityManager, entity: EntityClass<T>): ViewMapper<T> {
  const meta = em.getMetadata().get<T>(entity.name);
  const known = mappers.get(meta);
  if (known) return known as ViewMapper<T>;
  const columns: Column[] = meta.props.flatMap((prop) => {
    if (prop.persist === false || prop.lazy || prop.fieldNames?.length !== 1) return [];
    const relation = prop.kind === ReferenceKind.MANY_TO_ONE || (prop.kind === ReferenceKind.ONE_TO_ONE && prop.owner === true);
    if (prop.kind !== ReferenceKind.SCALAR && !relation) return [];
    return [{ property: prop.name, field: prop.fieldNames[0]!, relation, convert: converterOf(prop, em.getPlatform()) }];
  });
  // `globalId()` names the entity class (`this.constructor.name`), as it does for entities.
  const prototype = Object.create(Node.prototype, { constructor: { value: entity } }) as object;
  const mapper = mapperOf<T>(meta.className, columns, columns, prototype);
  mappers.set(meta, mapper as ViewMapper<unknown>);
  return mapper;
}

/** The mapper of `selected` of `all` columns; views of a subset read the others through throwing getters. */
function mapperOf<T>(entityName: string, all: readonly Column[], selected: readonly Column[], base: object): ViewMapper<T> {
  let prototype = base;
  if (selected.length < all.length) {
    const missing = all.filter((column) => !selected.includes(column));
    prototype = Object.create(
      base,
      Object.fromEntries(
        missing.map((column) => [
          column.property,
          {
            get() {
              throw new Error(`${entityName}.${column.property} is not in this view (it was read with fewer columns)`);
            },
          },
        ]),
      ),
    ) as object;
  }
  const lists = new Map<string, string>();
  const narrower = new Map<string, ViewMapper<T>>();
  const mapper: ViewMapper<T> = {
    width: selected.length,
    columns(alias) {
      let list = lists.get(alias);
      if (list === undefined) lists.set(alias, (list = selected.map((c) => `${alias}.${c.field}`).join(', ')));
      return list;
    },
    mapValues(values) {
      const view = Object.create(prototype) as Record<string, unknown>;
      for (let i = 0; i < selected.length; i += 1) {
        const column = selected[i]!;
        const value = column.convert(values[i]);
        view[column.property] = column.relation && value != null ? { id: value } : value;
      }
      return view as EntityView<T>;
    },
    only(properties) {
      if (properties === null) return mapper;
      const wanted = new Set(properties);
      wanted.add('id');
      const subset = selected.filter((column) => wanted.has(column.property));
      const key = subset.map((column) => column.property).join(',');
      let found = narrower.get(key);
      if (!found) narrower.set(key, (found = subset.length === selected.length ? mapper : mapperOf<T>(entityName, all, subset, base)));
      return found;
    },
  };
  return mapper;
}

/**
 * Views of the rows `sql` selects. `sql` names the entity's table with `alias` and has a `{columns}` placeholder at the
 * start of the select list, e.g. `select {columns} from product_variant v where v.product_id in (?, ?)`; `properties` narrows
 * the view (see `ViewMapper.only`).
 */
export async function selectViews<T>(
  em: EntityManager,
  entity: EntityClass<T>,
  alias: string,
  sql: string,
  params: unknown[],
  properties: Iterable<string> | null = null,
): Promise<EntityView<T>[]> {
  const mapper = viewOf(em, entity).only(properties);
  const rows = await readRowValues(em, sql.replace('{columns}', mapper.columns(alias)), params);
  return rows.map((row) => mapper.mapValues(row));
}
