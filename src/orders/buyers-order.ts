import { requireViewerId } from '../accounts/account.service';
import type { Context } from '../shared/context';
import { decodeIdOf } from '../shared/ids';
import { failWith } from '../shared/user-error';
import { Order } from './order.entity';

/** The viewer's order as its buyer, or UNAUTHENTICATED / the user error NOT_FOUND on `input.orderId`. */
export async function buyersOrder(ctx: Context, globalId: string): Promise<Order> {
  const buyerId = requireViewerId(ctx);
  const id = decodeIdOf('Order', globalId);
  const order = id === null ? null : await ctx.em.findOne(Order, { id, buyer: buyerId });
  if (!order) failWith('NOT_FOUND', 'No such order.', ['input', 'orderId']);
  return order;
}
