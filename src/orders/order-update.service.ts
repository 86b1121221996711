/**
 * Order subscriptions (DESIGN §7): which topic each one follows, who may follow it, and how an outbox event becomes
 * an `OrderUpdate`. Access is checked when subscribing and again, in a fresh unit of work, for every event: a viewer
 * who lost access (removed from the shop) gets FORBIDDEN and the subscription ends.
 */
import { decodeEventCursor, encodeEventCursor } from '../events/cursor';
import { subscribeToTopic } from '../events/subscribe';
import { Topic, type EventMessage } from '../events/topics';
import type { Context } from '../shared/context';
import { forbidden, notFound } from '../shared/errors';
import { decodeIdOf } from '../shared/ids';
import { money } from '../shared/money';
import { viewerUserId } from '../shared/viewer';
import { viewerRoleIn, visibleShop } from '../shops/shop-access';
import type { ShipmentEventType } from './fulfilment.entity';
import { orderEventType } from './order-status';
import { OrderEventKind, type Order, type OrderStatus } from './order.entity';
import { OrderUpdate } from './order-update.payloads';
import { canSeeOrder } from './order.resolver';
import { orderById } from './orders.loaders';
import { PaymentEventType } from './payment.service';

/** Outbox event types that are order updates, and the kind each one reports. */
const KIND_BY_TYPE: ReadonlyMap<string, OrderEventKind> = new Map([
  ...Object.values(OrderEventKind).map((kind) => [orderEventType(kind), kind] as const),
  [PaymentEventType.PAYMENT_FAILED, OrderEventKind.PAYMENT_FAILED],
  [PaymentEventType.REFUNDED, OrderEventKind.REFUNDED],
]);

const isOrderUpdate = (message: EventMessage) => KIND_BY_TYPE.has(message.type) && typeof message.payload['orderId'] === 'number';

export interface OrderUpdatedArgs {
  readonly orderId?: string | null;
  readonly after?: string | null;
}

export interface ShopOrderEventsArgs {
  readonly shopId: string;
  readonly after?: string | null;
}

/** `orderUpdated(orderId)` follows one order the viewer may see; without `orderId`, every order the viewer bought. */
export async function subscribeToOrderUpdates(ctx: Context, args: OrderUpdatedArgs) {
  const after = args.after == null ? null : decodeEventCursor(args.after);
  if (args.orderId == null) {
    const buyerId = viewerUserId(ctx.viewer)!;
    return subscribeToTopic(ctx, {
      topic: Topic.user(buyerId),
      after,
      filter: isOrderUpdate,
      authorize: async (eventCtx, message) => (await orderOf(eventCtx, message))?.buyer.id === buyerId,
    });
  }
  const orderId = decodeIdOf('Order', args.orderId);
  const order = orderId === null ? null : await eventOrder(ctx, orderId);
  if (!order || !(await canSeeOrder(ctx, order))) throw notFound('The order');
  return subscribeToTopic(ctx, {
    topic: Topic.order(order.id),
    after,
    filter: isOrderUpdate,
    authorize: async (eventCtx) => {
      const current = await eventOrder(eventCtx, order.id);
      if (!current || !(await canSeeOrder(eventCtx, current))) throw forbidden('You may no longer see this order.');
      return true;
    },
  });
}

/** `shopOrderEvents(shopId)`: the seller's live feed, for the shop's members only. */
export async function subscribeToShopOrderEvents(ctx: Context, args: ShopOrderEventsArgs) {
  const after = args.after == null ? null : decodeEventCursor(args.after);
  const shopId = decodeIdOf('Shop', args.shopId);
  const shop = shopId === null ? null : await visibleShop(ctx, shopId);
  if (!shop) throw notFound('The shop');
  if ((await viewerRoleIn(ctx, shop.id)) === null) throw forbidden("Only the shop's members can follow its orders.");
  return subscribeToTopic(ctx, {
    topic: Topic.shop(shop.id),
    after,
    filter: isOrderUpdate,
    authorize: async (eventCtx, message) => {
      if ((await viewerRoleIn(eventCtx, shop.id)) === null) throw forbidden('You are no longer a member of this shop.');
      return (await orderOf(eventCtx, message))?.shop.id === shop.id;
    },
  });
}

export function toOrderUpdate(message: EventMessage): OrderUpdate {
  const payload = message.payload;
  const text = (key: string) => (typeof payload[key] === 'string' ? (payload[key] as string) : null);
  return Object.assign(new OrderUpdate(), {
    cursor: encodeEventCursor(message.position),
    kind: KIND_BY_TYPE.get(message.type)!,
    occurredAt: new Date(message.occurredAt),
    actor: text('actor'),
    fromStatus: text('from') as OrderStatus | null,
    toStatus: (text('to') ?? text('status')) as OrderStatus | null,
    reason: text('reason'),
    trackingEvent: text('trackingEvent') as ShipmentEventType | null,
    amount: typeof payload['amount'] === 'number' ? money(payload['amount']) : null,
    orderId: payload['orderId'] as number,
  });
}

/** The order of an update, through this event's loaders (the `order` field reuses the load). */
export function eventOrder(ctx: Context, orderId: number): Promise<Order | null> {
  return ctx.loaders.get(orderById).load(orderId);
}

function orderOf(ctx: Context, message: EventMessage): Promise<Order | null> {
  return eventOrder(ctx, message.payload['orderId'] as number);
}
