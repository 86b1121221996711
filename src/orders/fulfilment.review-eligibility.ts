/** Orders' side of the reviews port: an order line may be reviewed once its order is DELIVERED or COMPLETED. */
import type { ReviewEligibility } from '../reviews/review-eligibility';
import { decodeIdOf } from '../shared/ids';
import { canSeeOrder } from './order.resolver';
import { OrderLine, OrderStatus, type Order } from './order.entity';

const REVIEWABLE: readonly OrderStatus[] = [OrderStatus.DELIVERED, OrderStatus.COMPLETED];

export const orderReviewEligibility: ReviewEligibility = {
  async check(ctx, orderLineGlobalId) {
    const id = decodeIdOf('OrderLine', orderLineGlobalId);
    const line = id === null ? null : await ctx.em.findOne(OrderLine, id, { populate: ['order'] });
    if (!line) return null;
    const order = line.order.getEntity() as Order;
    if (!REVIEWABLE.includes(order.status) || !(await canSeeOrder(ctx, order))) return null;
    return { productId: line.product.id, variantId: line.variant.id, buyerId: order.buyer.id };
  },
};
