/**
 * What a query selects below the field being resolved, so that a list can read only the columns its fields need
 * (`ViewMapper.only`). Field names, not aliases; fragments and inline fragments are entered whatever their type
 * condition and `@include`/`@skip` are ignored, so the answer may be a superset, never less than what is asked.
 */
import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * The names of the fields selected at `path` below the current field, e.g. `['edges', 'node']` of a connection.
 * Worked out once per field of a parsed document (a list asks it for every row); do not change the set returned.
 */
export function selectedFields(info: GraphQLResolveInfo, path: readonly string[] = []): ReadonlySet<string> {
  let byPath = answers.get(info.fieldNodes);
  if (!byPath) answers.set(info.fieldNodes, (byPath = new Map()));
  const key = path.join('.');
  let fields = byPath.get(key);
  if (!fields) {
    let sets = info.fieldNodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
    for (const step of path) sets = fieldsIn(info, sets).flatMap((field) => (field.name.value === step && field.selectionSet ? [field.selectionSet] : []));
    byPath.set(key, (fields = new Set(fieldsIn(info, sets).map((field) => field.name.value))));
  }
  return fields;
}

/**
 * {@link selectedFields} by the field's nodes in the parsed document (the same array for every row of a list; the
 * fragments they use are the document's, so the answer cannot change).
 */
const answers = new WeakMap<readonly FieldNode[], Map<string, ReadonlySet<string>>>();

/** Whether every field selected below the current one (at `path`) is in `fields`. */
export function selectsOnly(info: GraphQLResolveInfo, fields: ReadonlySet<string>, path: readonly string[] = []): boolean {
  for (const field of selectedFields(info, path)) if (!fields.has(field)) return false;
  return true;
}

function fieldsIn(info: GraphQLResolveInfo, sets: readonly SelectionSetNode[]): FieldNode[] {
  const fields: FieldNode[] = [];
  const visit = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) fields.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else {
        const fragment = info.fragments[selection.name.value];
        if (fragment) visit(fragment.selectionSet);
      }
    }
  };
  sets.forEach(visit);
  return fields;
}

/**
 * The properties of a view that the selected `fields` read, from `needs` (what each field reads), plus `always`;
 * `null` (the whole view) when a field is not in `needs`.
 */
export function propertiesFor(fields: Iterable<string>, needs: Readonly<Record<string, readonly string[]>>, always: readonly string[]): Set<string> | null {
  const properties = new Set(always);
  for (const field of fields) {
    const read = Object.hasOwn(needs, field) ? needs[field] : undefined;
    if (!read) return null;
    for (const property of read) properties.add(property);
  }
  return properties;
}
