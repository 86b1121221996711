/** The seller order center: a shop's orders by tab, status, search and date, and the count per tab. */
import type { FilterQuery } from '@mikro-orm/core';
import type { Context } from '../shared/context';
import type { EntityView } from '../shared/views';
import { paginate, type ConnectionResult } from '../shared/pagination';
import { containsText, escapeLike } from '../shared/sql';
import type { Shop } from '../shops/shop.entity';
import type { ShopOrderCounts } from './fulfilment.payloads';
import { SellerOrderTab, type ShopOrdersArgs } from './fulfilment.inputs';
import { Order, OrderStatus } from './order.entity';
import { StatusCounts, tabFilter, type TabScope } from './order-counts';
import { selectRows } from '../shared/sql';

/** What each seller tab holds (DESIGN §5, "seller tab" column): statuses (null is every status), or RETURNS. */
export const SELLER_TAB_STATUSES: Record<SellerOrderTab, TabScope> = {
  ALL: null,
  UNPAID: [OrderStatus.UNPAID],
  TO_SHIP: [OrderStatus.ON_HOLD, OrderStatus.AWAITING_SHIPMENT, OrderStatus.AWAITING_COLLECTION],
  SHIPPED: [OrderStatus.IN_TRANSIT],
  DELIVERED: [OrderStatus.DELIVERED],
  COMPLETED: [OrderStatus.COMPLETED],
  CANCELLED: [OrderStatus.CANCELLED],
  RETURNS: 'RETURNS',
};

/** Most distinct buyers a name search considers; a broader name matches only some of them (narrow the search). */
const MAX_NAME_MATCHES = 500;


/** The shop's orders, newest first. The caller has checked the viewer may manage the shop. */
export async function shopOrders(ctx: Context, shop: EntityView<Shop>, args: ShopOrdersArgs): Promise<ConnectionResult<Order>> {
  const conditions: FilterQuery<Order>[] = [{ shop: shop.id }];
  conditions.push(tabFilter(ctx.em, SELLER_TAB_STATUSES[args.tab ?? SellerOrderTab.ALL]));
  if (args.status) conditions.push({ status: args.status });
  if (args.createdAfter) conditions.push({ createdAt: { $gt: args.createdAfter } });
  const query = args.query?.trim();
  if (query) {
    // Order numbers are upper case; names are matched with lower() on both sides so PostgreSQL agrees with SQLite.
    const pattern = `%${escapeLike(query.toLowerCase())}%`;
    const rows = await selectRows(
      ctx.em,
      `select distinct o.buyer_id as id from shop_order o join app_user u on u.id = o.buyer_id where o.shop_id = ? and lower(u.name) like ? escape '\\' limit ${MAX_NAME_MATCHES}`,
      [shop.id, pattern],
    );
    const buyerIds = rows.map((row) => Number(row['id']));
    conditions.push({ $or: [containsText<Order>('orderNumber', query.toUpperCase()), ...(buyerIds.length ? [{ buyer: { $in: buyerIds } }] : [])] });
  }
  return paginate(ctx.em, Order, { $and: conditions }, args, { sortField: 'createdAt', direction: 'DESC' });
}

/** Orders per seller tab, from one grouped query, and the pending cancellation requests to answer. */
export async function shopOrderCounts(ctx: Context, shop: EntityView<Shop>): Promise<ShopOrderCounts> {
  const counts = await StatusCounts.of(ctx.em, 'shop_id', shop.id);
  const [pending] = await selectRows(
    ctx.em,
    'select count(*) as n from cancellation_request r join shop_order o on o.id = r.order_id where o.shop_id = ? and r.open_order_id is not null',
    [shop.id],
  );
  const sum = (tab: SellerOrderTab) => counts.count(SELLER_TAB_STATUSES[tab]);
  return {
    all: sum(SellerOrderTab.ALL),
    unpaid: sum(SellerOrderTab.UNPAID),
    toShip: sum(SellerOrderTab.TO_SHIP),
    shipped: sum(SellerOrderTab.SHIPPED),
    delivered: sum(SellerOrderTab.DELIVERED),
    completed: sum(SellerOrderTab.COMPLETED),
    cancelled: sum(SellerOrderTab.CANCELLED),
    returns: sum(SellerOrderTab.RETURNS),
    pendingCancellationRequests: Number(pending?.['n'] ?? 0),
  };
}
