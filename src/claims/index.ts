/** Claims on delivered orders, resolved by Kedai Live staff (depends on orders; orders does not depend on it). */
import type { NodeFetcher } from '../shared/context';
import { Claim } from './claim.entity';
import { claimErrorCodes } from './claim.errors';
import { ClaimResolver, OrderClaimsResolver, ShopClaimsResolver, ViewerClaimsResolver, visibleClaim } from './claim.resolver';

export const claimEntities = [Claim];
export const claimResolvers = [ClaimResolver, OrderClaimsResolver, ViewerClaimsResolver, ShopClaimsResolver] as const;
export const claimErrors = { ...claimErrorCodes };
export const claimNodes: NodeFetcher[] = [{ typeName: 'Claim', fetch: (ctx, id) => visibleClaim(ctx, id) }];
