import type { NodeFetcher } from '../shared/context';
import { accountErrorCodes } from './account.errors';
import { AccountResolver } from './account.resolver';
import { canSeeUser } from './account.service';
import { Address } from './address.entity';
import { User } from './user.entity';
import { userById } from './accounts.loaders';

export const accountEntities = [User, Address];
export const accountResolvers = [AccountResolver] as const;
export const accountHandlers = [];
export const accountErrors = accountErrorCodes;
export const accountNodes: NodeFetcher[] = [
  { typeName: 'User', fetch: (ctx, id) => (canSeeUser(ctx, id) ? ctx.loaders.get(userById).load(id) : Promise.resolve(null)) },
  {
    typeName: 'Address',
    fetch: async (ctx, id) => {
      const address = await ctx.em.findOne(Address, id);
      return address && address.user.id === (ctx.viewer.kind === 'user' ? ctx.viewer.userId : -1) ? address : null;
    },
  },
];
