/**
 * The order state machine (DESIGN §5): one table of transitions, each with the actors allowed to make it.
 * A mapped type over the status enum, so a missing status is a compile error; `writeStatus` is the one function
 * that changes an order's status.
 */
import type { EntityManager } from '@mikro-orm/core';
import type { OrderDeadlines } from '../config';
import { recordEvent } from '../events/outbox';
import { Topic } from '../events/topics';
import type { Clock } from '../shared/clock';
import { updateRows } from '../shared/sql';
import { failWith } from '../shared/user-error';
import { OrderEvent, OrderEventKind, OrderStatus, type Order } from './order.entity';

export enum OrderActor {
  BUYER = 'BUYER',
  SELLER = 'SELLER',
  SYSTEM = 'SYSTEM',
  CARRIER = 'CARRIER',
  PAYMENT = 'PAYMENT',
  /** Platform staff: resolves claims; makes no status transition. */
  ADMIN = 'ADMIN',
}

type Transitions = { readonly [S in OrderStatus]: Partial<Readonly<Record<OrderStatus, readonly OrderActor[]>>> };

const { BUYER, SELLER, SYSTEM, CARRIER, PAYMENT } = OrderActor;

export const orderTransitions: Transitions = {
  [OrderStatus.UNPAID]: {
    [OrderStatus.ON_HOLD]: [PAYMENT],
    [OrderStatus.CANCELLED]: [BUYER, SYSTEM],
  },
  [OrderStatus.ON_HOLD]: {
    [OrderStatus.CANCELLED]: [BUYER, SYSTEM],
    [OrderStatus.AWAITING_SHIPMENT]: [SYSTEM, SELLER],
  },
  [OrderStatus.AWAITING_SHIPMENT]: {
    [OrderStatus.AWAITING_COLLECTION]: [SELLER],
    [OrderStatus.CANCELLED]: [SELLER, BUYER, SYSTEM],
  },
  [OrderStatus.AWAITING_COLLECTION]: {
    [OrderStatus.IN_TRANSIT]: [CARRIER],
    [OrderStatus.CANCELLED]: [SELLER, SYSTEM],
  },
  [OrderStatus.IN_TRANSIT]: {
    [OrderStatus.DELIVERED]: [CARRIER],
    [OrderStatus.CANCELLED]: [CARRIER],
  },
  [OrderStatus.DELIVERED]: {
    [OrderStatus.COMPLETED]: [BUYER, SYSTEM],
  },
  [OrderStatus.COMPLETED]: {},
  [OrderStatus.CANCELLED]: {},
};

export function allowedActors(from: OrderStatus, to: OrderStatus): readonly OrderActor[] {
  return orderTransitions[from][to] ?? [];
}

/** Outbox event type of a timeline entry: `ORDER_` + its kind (ORDER_PLACED, ORDER_STATUS_CHANGED, ORDER_RETURN_REQUESTED…). */
export function orderEventType(kind: OrderEventKind): string {
  return `ORDER_${kind}`;
}

export const OrderEventType = {
  PLACED: orderEventType(OrderEventKind.PLACED),
  STATUS_CHANGED: orderEventType(OrderEventKind.STATUS_CHANGED),
} as const;

/**
 * Appends an entry that is not a status change (a request, its answer, a refund) to the order's timeline, and
 * writes the matching outbox event (`ORDER_<kind>`) for the order, its buyer and its shop, in the caller's unit
 * of work. `extra` is merged into the event payload (e.g. the request's id).
 */
export function appendTimeline(
  em: EntityManager,
  clock: Clock,
  order: Order,
  entry: { kind: OrderEventKind; actor: OrderActor; reason?: string | null; extra?: Record<string, unknown> },
): void {
  const now = clock.now();
  const reason = entry.reason ?? null;
  em.create(OrderEvent, { order, kind: entry.kind, fromStatus: order.status, toStatus: order.status, actor: entry.actor, reason, createdAt: now });
  const payload = { orderId: order.id, shopId: order.shop.id, buyerId: order.buyer.id, status: order.status, actor: entry.actor, reason, ...entry.extra };
  for (const topic of [Topic.order(order.id), Topic.user(order.buyer.id), Topic.shop(order.shop.id)]) {
    recordEvent(em, clock, { topic, type: orderEventType(entry.kind), payload });
  }
}

/** What a status change needs: the clock, and the durations of the deadlines a status starts (a Context or the AppServices). */
export interface StatusServices {
  readonly clock: Clock;
  readonly config: { readonly orders: OrderDeadlines };
}

const HOUR_MS = 3_600_000;

/** Starts the deadline that arriving in `to` begins (DESIGN §5), whoever moved the order there. */
function startDeadline(order: Order, to: OrderStatus, now: Date, deadlines: OrderDeadlines): void {
  if (to === OrderStatus.AWAITING_SHIPMENT) order.shipBy = new Date(now.getTime() + deadlines.shipByHours * HOUR_MS);
}

/**
 * Moves an order to `to` as `actor`, or fails with INVALID_TRANSITION naming both statuses. Starts the deadline of
 * the new status, appends to the timeline and writes outbox events for the order, its buyer and its shop, all in
 * the caller's unit of work.
 */
export function writeStatus(em: EntityManager, services: StatusServices, order: Order, to: OrderStatus, actor: OrderActor, reason: string | null = null): void {
  const from = order.status;
  if (!allowedActors(from, to).includes(actor)) {
    failWith('INVALID_TRANSITION', `The order cannot go from ${from} to ${to} (as ${actor.toLowerCase()}).`);
  }
  const { clock } = services;
  const now = clock.now();
  order.status = to;
  order.updatedAt = now;
  startDeadline(order, to, now, services.config.orders);
  em.create(OrderEvent, { order, kind: OrderEventKind.STATUS_CHANGED, fromStatus: from, toStatus: to, actor, reason, createdAt: now });
  const payload = { orderId: order.id, shopId: order.shop.id, buyerId: order.buyer.id, from, to, actor, reason };
  for (const topic of [Topic.order(order.id), Topic.user(order.buyer.id), Topic.shop(order.shop.id)]) {
    recordEvent(em, clock, { topic, type: OrderEventType.STATUS_CHANGED, payload });
  }
}

/**
 * Raises the order's version without changing anything else, in the caller's transaction, for a step that must
 * exclude a concurrent status change (opening a cancellation request vs. arranging shipment): whichever commits
 * second fails its version check. Fails with INVALID_TRANSITION when the order changed since it was read. A real
 * column change cannot do it: `updatedAt` may not change within one clock tick.
 */
export async function raiseVersion(em: EntityManager, order: Order): Promise<void> {
  const raised = await updateRows(em, 'update shop_order set version = version + 1 where id = ? and version = ?', [order.id, order.version]);
  if (raised === 0) failWith('INVALID_TRANSITION', 'The order changed at the same moment; reload it.');
  // Reload the loaded entity, so a later flush of it checks the new version instead of overwriting with stale values.
  await em.refresh(order);
}

/** Cancels through the state machine and records who cancelled, when and why. */
export function cancelAs(em: EntityManager, services: StatusServices, order: Order, actor: OrderActor, reason: string): void {
  writeStatus(em, services, order, OrderStatus.CANCELLED, actor, reason);
  order.cancelledAt = services.clock.now();
  order.cancelReason = reason;
  order.cancelledBy = actor;
}
