import type { NodeFetcher } from '../shared/context';
import { visibleShop } from './shop-access';
import { Shop, ShopFollow, ShopMember } from './shop.entity';
import { shopErrorCodes } from './shop.errors';
import { ShopResolver, ViewerShopsResolver } from './shop.resolver';

export const shopEntities = [Shop, ShopMember, ShopFollow];
export const shopResolvers = [ShopResolver, ViewerShopsResolver] as const;
export const shopErrors = shopErrorCodes;
export const shopNodes: NodeFetcher[] = [{ typeName: 'Shop', fetch: (ctx, id) => visibleShop(ctx, id) }];
