/** Order counts per status for one buyer or one shop, from one grouped query; tabs add up their statuses. */
import type { EntityManager } from '@mikro-orm/core';
import { OrderStatus } from './order.entity';
import { selectRows } from '../shared/sql';


export class StatusCounts {
  private constructor(private readonly counts: ReadonlyMap<string, number>) {}

  /** `owner` is a code constant naming the column; the id is a parameter. */
  static async of(em: EntityManager, owner: 'buyer_id' | 'shop_id', id: number): Promise<StatusCounts> {
    const rows = await selectRows(em, `select status, count(*) as n from shop_order where ${owner} = ? group by status`, [id]);
    return new StatusCounts(new Map(rows.map((row) => [String(row['status']), Number(row['n'])])));
  }

  static empty(): StatusCounts {
    return new StatusCounts(new Map());
  }

  /** Orders in any of `statuses`; all orders when null. */
  sum(statuses: readonly OrderStatus[] | null): number {
    return (statuses ?? Object.values(OrderStatus)).reduce((total, status) => total + (this.counts.get(status) ?? 0), 0);
  }
}
