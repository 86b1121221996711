import { Arg, Ctx, Mutation, Query, Resolver, Authorized } from 'type-graphql';
import type { Context } from '../shared/context';
import { toPayload } from '../shared/user-error';
import { Role } from '../shared/viewer';
import { ProductGuidelines, ProductGuidelinesPayload, UpdateProductGuidelinesInput } from './guideline-set.inputs';
import { rulesInForce, toProductGuidelines, updateProductGuidelines } from './guideline-set.service';

@Resolver()
export class GuidelineSetResolver {
  @Query(() => ProductGuidelines, { description: 'The product guideline rules in force, so sellers can check a listing before submitting it.' })
  async productGuidelines(@Ctx() ctx: Context): Promise<ProductGuidelines> {
    return toProductGuidelines(await rulesInForce(ctx));
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => ProductGuidelinesPayload, { description: 'Replaces the product guideline rules with a new version (validated); the next createProduct / updateProduct is checked against them.' })
  updateProductGuidelines(@Arg('input', () => UpdateProductGuidelinesInput, { description: 'The complete new rules.' }) input: UpdateProductGuidelinesInput, @Ctx() ctx: Context) {
    return toPayload({ guidelines: null }, async () => ({ guidelines: toProductGuidelines(await updateProductGuidelines(ctx, input)) }));
  }
}
