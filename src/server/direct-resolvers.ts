/**
 * Resolvers that call our methods directly. For every field, type-graphql's resolver builds a `resolverData` object,
 * looks the resolver class's instance up in a list, runs the middleware chain (empty here), and gathers the
 * parameters; each parameter from an argument goes through `validateArg`, an `async` function even with validation
 * off, so a method with an argument was called only after a `Promise.all`. A storefront request calls about a hundred
 * field resolvers, and this was about 5% of its CPU.
 *
 * While the schema is built, type-graphql's resolver factories are replaced by ones that return a plain function when
 * a field needs none of that: no middleware, no `@Authorized`, no argument validation, parameters of the kinds
 * `@Root`, `@Ctx`, `@Info`, `@Arg` and `@Args`. The parameters are produced by type-graphql's own conversions
 * (`convertToType`, `convertArgToInstance`, `convertArgsToInstance`), and the instance is the one its container
 * holds, so a method receives exactly what it received before. Any other field keeps type-graphql's resolver.
 *
 * These factories are internal to type-graphql (not in its package's exports): they are required by path, for the
 * pinned 2.0.0-rc.4, and `test/server/direct-resolvers.test.ts` checks they are still there and still used.
 */
import path from 'node:path';
import type { GraphQLResolveInfo } from 'graphql';

type Resolve = (root: unknown, args: Record<string, unknown>, context: unknown, info: GraphQLResolveInfo) => unknown;
type Get = Resolve;

/** What type-graphql's metadata says of a parameter (the parts used here). */
interface ParamMetadata {
  readonly kind: string;
  readonly index: number;
  readonly propertyName?: string;
  readonly getType?: () => Function;
  readonly validateSettings?: unknown;
  readonly validateFn?: unknown;
}

/** What type-graphql's metadata says of a query, mutation or field resolver (the parts used here). */
interface ResolverMetadata {
  readonly kind?: 'internal' | 'external';
  readonly target: Function;
  readonly methodName: string;
  readonly params?: readonly ParamMetadata[];
  readonly middlewares?: readonly unknown[];
  readonly roles?: readonly unknown[];
  getObjectType?(): Function;
}

/** A plain field (no resolver method): its property. */
interface FieldMetadata {
  readonly name: string;
  readonly middlewares?: readonly unknown[];
  readonly roles?: readonly unknown[];
}

interface Factories {
  createHandlerResolver(metadata: ResolverMetadata): Resolve;
  createAdvancedFieldResolver(metadata: ResolverMetadata): Resolve;
  createBasicFieldResolver(metadata: FieldMetadata): Resolve;
}

interface BuildContextShape {
  readonly globalMiddlewares: readonly unknown[];
  readonly validateFn?: unknown;
  readonly validate?: unknown;
  readonly container: { getInstance(target: Function, resolverData: object): unknown; container?: unknown; containerGetter?: unknown };
}

const build = path.dirname(require.resolve('type-graphql'));
const internal = (file: string) => require(path.join(build, file)) as Record<string, unknown>;
const factories = internal('resolvers/create.js') as unknown as Factories;
const { convertArgToInstance, convertArgsToInstance } = internal('resolvers/convert-args.js') as {
  convertArgToInstance(param: ParamMetadata, args: Record<string, unknown>): unknown;
  convertArgsToInstance(param: ParamMetadata, args: Record<string, unknown>): unknown;
};
const { convertToType } = internal('helpers/types.js') as { convertToType(target: Function, value: unknown): unknown };
const { BuildContext } = internal('schema/build-context.js') as { BuildContext: BuildContextShape };

/** Counts, for tests: fields given a direct resolver, and fields left to type-graphql. */
export const directResolverStats = { direct: 0, typeGraphql: 0 };

/** Runs `buildSchema` (in `fn`) with the direct factories in place of type-graphql's, and puts its own back after. */
export async function withDirectResolvers<T>(fn: () => Promise<T>): Promise<T> {
  const original = { ...factories };
  factories.createHandlerResolver = (metadata) => handlerResolver(metadata) ?? counted(original.createHandlerResolver(metadata));
  factories.createAdvancedFieldResolver = (metadata) =>
    (metadata.kind === 'external' ? handlerResolver(metadata) : ownMethodResolver(metadata)) ?? counted(original.createAdvancedFieldResolver(metadata));
  factories.createBasicFieldResolver = (metadata) => propertyResolver(metadata) ?? counted(original.createBasicFieldResolver(metadata));
  try {
    return await fn();
  } finally {
    Object.assign(factories, original);
  }
}

function counted(resolve: Resolve): Resolve {
  directResolverStats.typeGraphql += 1;
  return resolve;
}

/** Whether type-graphql's resolver would only gather parameters and call: no middleware, no auth, no validation. */
function plain(metadata: { middlewares?: readonly unknown[]; roles?: readonly unknown[] }): boolean {
  return BuildContext.globalMiddlewares.length === 0 && !metadata.middlewares?.length && metadata.roles === undefined;
}

/** How to get each parameter, in order, or undefined when one needs type-graphql's handling. */
function paramGetters(params: readonly ParamMetadata[] = []): Get[] | undefined {
  const getters: Get[] = [];
  for (const param of [...params].sort((a, b) => a.index - b.index)) {
    const get = paramGetter(param);
    if (!get) return undefined;
    getters.push(get);
  }
  return getters;
}

function paramGetter(param: ParamMetadata): Get | undefined {
  const property = param.propertyName;
  switch (param.kind) {
    case 'context':
      return property ? (_root, _args, context) => (context as Record<string, unknown>)[property] : (_root, _args, context) => context;
    case 'info':
      return (_root, _args, _context, info) => info;
    case 'root': {
      const getType = param.getType;
      if (getType) return (root) => convertToType(getType(), property ? (root as Record<string, unknown>)[property] : root);
      return property ? (root) => (root as Record<string, unknown>)[property] : (root) => root;
    }
    case 'arg':
    case 'args': {
      // type-graphql's validateArg: the parameter's own function or settings, else the schema's.
      const settings = param.validateSettings !== undefined ? param.validateSettings : BuildContext.validate;
      const validates = typeof (param.validateFn ?? BuildContext.validateFn) === 'function' || settings !== false;
      if (validates) return undefined;
      return param.kind === 'arg' ? (_root, args) => convertArgToInstance(param, args) : (_root, args) => convertArgsToInstance(param, args);
    }
    default:
      return undefined;
  }
}

/** A method of a resolver class (`@Query`, `@Mutation`, `@FieldResolver`), on the container's instance. */
function handlerResolver(metadata: ResolverMetadata): Resolve | undefined {
  const getters = plain(metadata) ? paramGetters(metadata.params) : undefined;
  if (!getters) return undefined;
  const { target, methodName } = metadata;
  const container = BuildContext.container;
  // The default container (no `container` option) keeps one instance per class: it is looked up once and kept.
  const keep = !(container.container ?? container.containerGetter);
  let kept: Record<string, (...params: unknown[]) => unknown> | undefined;
  directResolverStats.direct += 1;
  return (root, args, context, info) => {
    const instance = kept ?? (container.getInstance(target, { root, args, context, info }) as Record<string, (...params: unknown[]) => unknown>);
    if (keep) kept = instance;
    return call(instance, instance[methodName]!, getters, root, args, context, info);
  };
}

/** A method or getter of the object type itself, on the root converted to that type. */
function ownMethodResolver(metadata: ResolverMetadata): Resolve | undefined {
  const getters = plain(metadata) ? paramGetters(metadata.params) : undefined;
  if (!getters || !metadata.getObjectType) return undefined;
  const targetType = metadata.getObjectType();
  const { methodName } = metadata;
  directResolverStats.direct += 1;
  return (root, args, context, info) => {
    const instance = convertToType(targetType, root) as Record<string, unknown>;
    const member = instance[methodName];
    if (typeof member !== 'function') return member;
    return call(instance, member as (...params: unknown[]) => unknown, getters, root, args, context, info);
  };
}

/** A plain field: its property of the root. */
function propertyResolver(metadata: FieldMetadata): Resolve | undefined {
  if (!plain(metadata)) return undefined;
  const name = metadata.name;
  directResolverStats.direct += 1;
  return (root) => (root as Record<string, unknown>)[name];
}

function call(self: object, method: (...params: unknown[]) => unknown, getters: readonly Get[], root: unknown, args: Record<string, unknown>, context: unknown, info: GraphQLResolveInfo): unknown {
  switch (getters.length) {
    case 0:
      return method.call(self);
    case 1:
      return method.call(self, getters[0]!(root, args, context, info));
    case 2:
      return method.call(self, getters[0]!(root, args, context, info), getters[1]!(root, args, context, info));
    default:
      return method.apply(
        self,
        getters.map((get) => get(root, args, context, info)),
      );
  }
}
