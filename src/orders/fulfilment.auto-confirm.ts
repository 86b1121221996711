/** The shop setting `autoConfirmOrders`: an order entering ON_HOLD moves on to AWAITING_SHIPMENT by itself. */
import type { EntityManager } from '@mikro-orm/core';
import { Shop } from '../shops/shop.entity';
import { OrderActor, writeStatus, type StatusServices } from './order-status';
import { OrderStatus, type Order } from './order.entity';

/**
 * Confirms an ON_HOLD order as SYSTEM when its shop auto-confirms orders; otherwise does nothing. Call it in the
 * unit of work that put the order in ON_HOLD, after the order has its id (cash on delivery: `placeOrder`; paid
 * orders: the payment confirmation).
 */
export async function applyAutoConfirm(em: EntityManager, services: StatusServices, order: Order): Promise<void> {
  if (order.status !== OrderStatus.ON_HOLD) return;
  const shop = await em.findOneOrFail(Shop, order.shop.id);
  if (!shop.autoConfirmOrders) return;
  writeStatus(em, services, order, OrderStatus.AWAITING_SHIPMENT, OrderActor.SYSTEM, 'Confirmed automatically (shop setting).');
}
