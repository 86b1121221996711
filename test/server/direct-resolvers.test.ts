import 'reflect-metadata';
import { graphql, type GraphQLSchema } from 'graphql';
import { Arg, Args, ArgsType, Authorized, buildSchema, Ctx, Field, FieldResolver, Info, Int, ObjectType, Query, Resolver, Root, UseMiddleware } from 'type-graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { appSchema } from '../../src/server/schema';
import { directResolverStats, withDirectResolvers } from '../../src/server/direct-resolvers';

@ObjectType()
class Sample {
  @Field(() => String)
  label!: string;

  @Field(() => Int)
  size!: number;

  @Field(() => String)
  shout(): string {
    return `${this.label.toUpperCase()}!`;
  }
}

@ArgsType()
class PageArgs {
  @Field(() => Int)
  first!: number;
}

const seen: string[] = [];

@Resolver(() => Sample)
class SampleResolver {
  @Query(() => Sample)
  sample(@Arg('label', () => String) label: string): Sample {
    return Object.assign(new Sample(), { label, size: label.length });
  }

  // A plain object as root: @Root() converts it to Sample (type-graphql's convertToType), so `shout` is there.
  @Query(() => Sample)
  plainSample(): object {
    return { label: 'plain', size: 5 };
  }

  @FieldResolver(() => String)
  described(@Root() sample: Sample, @Args(() => PageArgs) page: PageArgs, @Ctx('prefix') prefix: string, @Info() info: { fieldName: string }): string {
    return `${prefix}${sample.shout()}:${page instanceof PageArgs ? page.first : 'not converted'}:${info.fieldName}`;
  }

  @FieldResolver(() => String)
  @UseMiddleware(async (_data, next) => `[${String(await next())}]`)
  wrapped(@Root() sample: Sample): string {
    return sample.label;
  }

  @Authorized()
  @FieldResolver(() => String)
  secret(): string {
    return 'secret';
  }

  @FieldResolver(() => String)
  validated(@Arg('note', () => String, { validate: true }) note: string): string {
    seen.push(note);
    return note;
  }
}

describe('direct resolvers', () => {
  let schema: GraphQLSchema;
  let before: typeof directResolverStats;

  beforeAll(async () => {
    before = { ...directResolverStats };
    schema = await withDirectResolvers(() =>
      buildSchema({ resolvers: [SampleResolver], validate: false, authChecker: ({ context }) => Boolean((context as { user?: string }).user) }),
    );
  });

  it('calls plain methods without type-graphql’s wrapper, with the same parameters', async () => {
    const fields = schema.getQueryType()!.getFields();
    // A direct resolver answers synchronously; type-graphql's answered a method with an argument after a Promise.all.
    const value = fields['sample']!.resolve!(undefined, { label: 'abc' }, {}, {} as never);
    expect(value).toBeInstanceOf(Sample);
    const result = await graphql({
      schema,
      source: '{ sample(label: "abc") { label size shout described(first: 3) } plainSample { shout described(first: 1) } }',
      contextValue: { prefix: '> ' },
    });
    expect(result).toEqual({
      data: {
        sample: { label: 'abc', size: 3, shout: 'ABC!', described: '> ABC!:3:described' },
        plainSample: { shout: 'PLAIN!', described: '> PLAIN!:1:described' },
      },
    });
    expect(directResolverStats.direct - before.direct).toBeGreaterThanOrEqual(6);
  });

  it('leaves fields with middleware, @Authorized or argument validation to type-graphql', async () => {
    expect(directResolverStats.typeGraphql - before.typeGraphql).toBe(3);
    const anonymous = await graphql({ schema, source: '{ sample(label: "x") { wrapped secret } }', contextValue: {} });
    expect(anonymous.data).toBeNull();
    expect(anonymous.errors?.[0]?.message).toMatch(/Access denied/);
    const user = await graphql({ schema, source: '{ sample(label: "x") { wrapped secret validated(note: "n") } }', contextValue: { user: 'u' } });
    expect(user).toEqual({ data: { sample: { wrapped: '[x]', secret: 'secret', validated: 'n' } } });
    expect(seen).toEqual(['n']);
  });

  it('puts type-graphql’s factories back after the build, and builds the app’s schema with them', async () => {
    const plainBuild = { ...directResolverStats };
    await buildSchema({ resolvers: [SampleResolver], validate: false, authChecker: () => true });
    expect(directResolverStats).toEqual(plainBuild);
    await appSchema();
    // Our schema: all but @Authorized fields (and none of ours use middleware or validation).
    expect(directResolverStats.direct).toBeGreaterThan(400);
  });
});
