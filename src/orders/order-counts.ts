/**
 * Order-center tabs for one buyer or one shop: status tabs add up a grouped count per status, and the RETURNS tab
 * (orders with a return request in progress or refunded) is counted in the same query.
 */
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { selectRows } from '../shared/sql';
import { Order, OrderStatus } from './order.entity';
import { RETURNS_TAB_STATUSES, ReturnRequest } from './return.entity';

/** What a tab holds: orders in some statuses (null: every status), or `RETURNS`, the orders with a return request in progress or refunded. */
export type TabScope = readonly OrderStatus[] | null | 'RETURNS';

const IN_RETURNS_TAB = `exists (select 1 from return_request r where r.order_id = shop_order.id and r.status in (${RETURNS_TAB_STATUSES.map(() => '?').join(', ')}))`;

export class StatusCounts {
  private constructor(
    private readonly counts: ReadonlyMap<string, number>,
    private readonly returns: number,
  ) {}

  /** `owner` is a code constant naming the column; the id is a parameter. */
  static async of(em: EntityManager, owner: 'buyer_id' | 'shop_id', id: number): Promise<StatusCounts> {
    const rows = await selectRows(
      em,
      `select status, count(*) as n, sum(case when ${IN_RETURNS_TAB} then 1 else 0 end) as in_returns from shop_order where ${owner} = ? group by status`,
      [...RETURNS_TAB_STATUSES, id],
    );
    const returns = rows.reduce((total, row) => total + Number(row['in_returns'] ?? 0), 0);
    return new StatusCounts(new Map(rows.map((row) => [String(row['status']), Number(row['n'])])), returns);
  }

  static empty(): StatusCounts {
    return new StatusCounts(new Map(), 0);
  }

  /** Orders in a tab. */
  count(scope: TabScope): number {
    if (scope === 'RETURNS') return this.returns;
    return (scope ?? Object.values(OrderStatus)).reduce((total, status) => total + (this.counts.get(status) ?? 0), 0);
  }
}

/** The orders of a tab, as a filter. */
export function tabFilter(em: EntityManager, scope: TabScope): FilterQuery<Order> {
  if (scope === 'RETURNS') {
    const requests = (em as SqlEntityManager).createQueryBuilder(ReturnRequest, 'r').select('r.order_id').where({ status: { $in: [...RETURNS_TAB_STATUSES] } });
    return { id: { $in: requests.getKnexQuery() } } as unknown as FilterQuery<Order>;
  }
  return scope ? { status: { $in: [...scope] } } : {};
}
