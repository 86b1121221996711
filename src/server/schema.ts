/** Builds the GraphQL schema from the features' resolvers. Built once per process. */
import type { GraphQLSchema } from 'graphql';
import { buildSchema, getMetadataStorage, type AuthChecker, type NonEmptyArray } from 'type-graphql';
import { resolvers } from '../features';
import type { Context } from '../shared/context';
import { forbidden, unauthenticated } from '../shared/errors';
import type { Role } from '../shared/viewer';
import { Money } from '../shared/money';
import { withDirectResolvers } from './direct-resolvers';
import { NodeResolver } from './node.resolver';

/** `@Authorized()` needs a user; `@Authorized(Role.X)` needs one of the roles. Denials are our typed errors. */
export const authChecker: AuthChecker<Context, Role> = ({ context }, roles) => {
  const viewer = context.viewer;
  if (viewer.kind !== 'user') throw unauthenticated();
  if (roles.length > 0 && !roles.some((role) => viewer.roles.includes(role))) {
    throw forbidden(`This needs the ${roles.join(' or ')} role.`);
  }
  return true;
};

let built: Promise<GraphQLSchema> | undefined;

const ROOT_DESCRIPTIONS = {
  Query: 'Read operations. Lists are Relay connections; objects you may not see read as null.',
  Mutation: 'Write operations. Each takes one `input` and returns a payload with `userErrors`.',
  Subscription: 'Real-time events over WebSocket (graphql-ws protocol) on the same /graphql path.',
} as const;

export function appSchema(): Promise<GraphQLSchema> {
  built ??= build();
  return built;
}

async function build(): Promise<GraphQLSchema> {
  const schema = await withDirectResolvers(() => buildSchema({
    resolvers: [NodeResolver, ...resolvers] as unknown as NonEmptyArray<Function>,
    // Public conventions every feature builds on, in the contract before the first field uses them.
    orphanedTypes: [Money],
    authChecker,
    authMode: 'error',
    validate: false,
    emitSchemaFile: false,
    // type-graphql's PubSub.subscribe is synchronous, so it cannot wait for Redis to confirm a SUBSCRIBE.
    // Every subscription uses `subscribe: (…) => subscribeToTopic(…)` on the instance's engine instead.
    pubSub: {
      publish: () => {
        throw new Error('Only the outbox relay publishes: write an OutboxEvent in your transaction.');
      },
      subscribe: () => {
        throw new Error('Use @Subscription({ subscribe }) with subscribeToTopic, not topics.');
      },
    },
  }));
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (root) root.description = ROOT_DESCRIPTIONS[root.name as keyof typeof ROOT_DESCRIPTIONS];
  }
  sortResolverParamsOnce();
  return schema;
}

/**
 * type-graphql sorts a resolver's parameter list by position on every call (`params.sort(…)` in its `getParams`),
 * and each sort allocates a work array: about 9% of what a storefront request allocated. The lists never change
 * once the schema is built, so they are sorted here once and their `sort` leaves them as they are.
 */
function sortResolverParamsOnce(): void {
  const storage = getMetadataStorage();
  for (const resolver of [...storage.queries, ...storage.mutations, ...storage.subscriptions, ...storage.fieldResolvers]) {
    const params = resolver.params;
    if (!params || Object.hasOwn(params, 'sort')) continue;
    params.sort((a, b) => a.index - b.index);
    Object.defineProperty(params, 'sort', { value: sortedAlready });
  }
}

function sortedAlready<T>(this: T[]): T[] {
  return this;
}
