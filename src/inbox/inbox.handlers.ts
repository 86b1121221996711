/**
 * Materialises inbox notifications from committed outbox events, inside the relay's transaction (DESIGN §2).
 * Order events are written once per topic (order, buyer, shop): the buyer's notification comes from the copy on the
 * buyer's USER topic and the sellers' from the copy on the SHOP topic, so one business event makes exactly one
 * notification per recipient. Each stored notification records an `INBOX_NOTIFICATION_ADDED` event on its
 * recipient's USER topic in the same transaction, so `inboxNotificationAdded` pushes only what committed.
 *
 * The relay hands over all the events of a pass at once: the orders (with their shops), shops, members and
 * shipments they name are read in one plain select each, and all notifications are written by one INSERT.
 */
import type { EntityManager } from '@mikro-orm/core';
import { recordEvent, type EventHandler } from '../events/outbox';
import { Topic, type OutboxMessage } from '../events/topics';
import type { CarrierCode } from '../orders/fulfilment.entity';
import { OrderEventType } from '../orders/order-status';
import { OrderStatus } from '../orders/order.entity';
import type { Clock } from '../shared/clock';
import { readRows } from '../shared/sql';
import { buyerTexts, sellerTexts, type EventFacts, type NotificationText, type OrderFacts, type ShipmentFacts, type ShopFacts } from './notification.texts';

/** Outbox event types the inbox writes. */
export const InboxEvent = {
  /** On `USER:<recipient>`; payload `{ notificationId, recipientId }`. */
  NOTIFICATION_ADDED: 'INBOX_NOTIFICATION_ADDED',
} as const;

type Audience = 'buyer' | 'seller';

/** Notification rows per INSERT: 9 values each, well under both stores' limit on bound values. */
const INSERT_CHUNK = 500;

const id = (value: unknown): number | null => (typeof value === 'number' && Number.isSafeInteger(value) ? value : null);
const placeholders = (count: number) => Array.from({ length: count }, () => '?').join(', ');

/** Who an event copy speaks to: the copy on the buyer's topic to the buyer, the one on the shop's topic to its members. */
function audienceOf(event: OutboxMessage): Audience | null {
  const buyerId = id(event.payload['buyerId']);
  const shopId = id(event.payload['shopId']);
  if (buyerId !== null && event.topic === Topic.user(buyerId)) return 'buyer';
  if (shopId !== null && event.topic === Topic.shop(shopId)) return 'seller';
  return null;
}

/** Only the "shipped" notification names the carrier and tracking number. */
const isShipped = (event: OutboxMessage) => event.type === OrderEventType.STATUS_CHANGED && event.payload['to'] === OrderStatus.IN_TRANSIT;

/** An event that speaks to someone, with its template. */
interface Addressed {
  readonly event: OutboxMessage;
  readonly audience: Audience;
  readonly template: (facts: EventFacts) => NotificationText | null;
}

/** The rows a batch's templates read, by id (shipments by order id). */
interface Rows {
  readonly orders: Map<number, OrderFacts & { readonly shop: ShopFacts | null }>;
  readonly shops: Map<number, ShopFacts>;
  readonly shipments: Map<number, ShipmentFacts>;
}

async function loadRows(em: EntityManager, batch: readonly Addressed[]): Promise<Rows> {
  const orderIds = [...new Set(batch.flatMap(({ event }) => id(event.payload['orderId']) ?? []))];
  // Shops of events that name no order (the order's shop comes with the order).
  const shopIds = [...new Set(batch.flatMap(({ event }) => (id(event.payload['orderId']) === null ? (id(event.payload['shopId']) ?? []) : [])))];
  const orders: Rows['orders'] = new Map();
  if (orderIds.length > 0) {
    const rows = await readRows<{ id: number; order_number: string; status: OrderStatus; total: number | string; item_count: number; buyer_id: number; shop_id: number | null; shop_name: string | null }>(
      em,
      `select o.id, o.order_number, o.status, o.total, o.item_count, o.buyer_id, s.id as shop_id, s.name as shop_name
         from shop_order o left join shop s on s.id = o.shop_id where o.id in (${placeholders(orderIds.length)})`,
      orderIds,
    );
    for (const row of rows) {
      const shop = row.shop_id == null ? null : { id: Number(row.shop_id), name: row.shop_name! };
      orders.set(Number(row.id), { id: Number(row.id), orderNumber: row.order_number, status: row.status, total: Number(row.total), itemCount: Number(row.item_count), buyer: { id: Number(row.buyer_id) }, shop });
    }
  }
  const shops: Rows['shops'] = new Map();
  if (shopIds.length > 0) {
    const rows = await readRows<{ id: number; name: string }>(em, `select id, name from shop where id in (${placeholders(shopIds.length)})`, shopIds);
    for (const row of rows) shops.set(Number(row.id), { id: Number(row.id), name: row.name });
  }
  const shippedIds = [...new Set(batch.flatMap(({ event }) => (isShipped(event) ? (id(event.payload['orderId']) ?? []) : [])))].filter((orderId) => orders.has(orderId));
  const shipments: Rows['shipments'] = new Map();
  if (shippedIds.length > 0) {
    const rows = await readRows<{ order_id: number; carrier_code: CarrierCode; tracking_number: string }>(
      em,
      `select order_id, carrier_code, tracking_number from shipment where order_id in (${placeholders(shippedIds.length)})`,
      shippedIds,
    );
    for (const row of rows) shipments.set(Number(row.order_id), { carrierCode: row.carrier_code, trackingNumber: row.tracking_number });
  }
  return { orders, shops, shipments };
}

/** An event's facts from the batch's rows; null when it names an order that is gone (nothing to link to). */
function factsOf(event: OutboxMessage, rows: Rows): EventFacts | null {
  const orderId = id(event.payload['orderId']);
  const shopId = id(event.payload['shopId']);
  const order = orderId === null ? null : (rows.orders.get(orderId) ?? null);
  if (orderId !== null && !order) return null;
  const shop = order ? order.shop : shopId === null ? null : (rows.shops.get(shopId) ?? null);
  const shipment = order && isShipped(event) ? (rows.shipments.get(order.id) ?? null) : null;
  return { payload: event.payload, order, shop, shipment };
}

/** The members of `shopIds`' shops, each shop's in id order. */
async function membersOf(em: EntityManager, shopIds: readonly number[]): Promise<Map<number, number[]>> {
  const members = new Map<number, number[]>();
  if (shopIds.length === 0) return members;
  const rows = await readRows<{ shop_id: number; user_id: number }>(
    em,
    `select shop_id, user_id from shop_member where shop_id in (${placeholders(shopIds.length)}) order by id`,
    shopIds,
  );
  for (const row of rows) {
    const shopId = Number(row.shop_id);
    let users = members.get(shopId);
    if (!users) members.set(shopId, (users = []));
    users.push(Number(row.user_id));
  }
  return members;
}

/** One notification to write. */
interface Pending {
  readonly event: OutboxMessage;
  readonly text: NotificationText;
  readonly facts: EventFacts;
  readonly recipientId: number;
}

/**
 * Inserts the notifications, skipping recipients who already have one from their event (the relay delivers at least
 * once), and returns the new rows' ids with their events and recipients, in the order given.
 */
async function store(em: EntityManager, pending: readonly Pending[]): Promise<{ event: OutboxMessage; notificationId: number; recipientId: number }[]> {
  const platform = em.getPlatform();
  const inserted = new Map<string, number>();
  for (let start = 0; start < pending.length; start += INSERT_CHUNK) {
    const chunk = pending.slice(start, start + INSERT_CHUNK);
    const params = chunk.flatMap(({ event, text, facts, recipientId }) => [
      recipientId,
      event.id,
      text.category,
      text.kind,
      text.title,
      text.body,
      facts.order?.id ?? null,
      facts.shop?.id ?? null,
      platform.processDateProperty(new Date(event.occurredAt)),
    ]);
    const rows = await readRows<{ id: number; recipient_id: number; source_event_id: number }>(
      em,
      `insert into notification (recipient_id, source_event_id, category, kind, title, body, order_id, shop_id, created_at)
       values ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
       on conflict (recipient_id, source_event_id) do nothing returning id, recipient_id, source_event_id`,
      params,
    );
    for (const row of rows) inserted.set(`${row.source_event_id}:${row.recipient_id}`, Number(row.id));
  }
  return pending.flatMap(({ event, recipientId }) => {
    const notificationId = inserted.get(`${event.id}:${recipientId}`);
    return notificationId === undefined ? [] : [{ event, notificationId, recipientId }];
  });
}

/** Notifications for `events` (in id order), written together; what `handle` does for one event. */
async function notify(em: EntityManager, events: readonly OutboxMessage[]): Promise<void> {
  const batch = events.flatMap((event): Addressed[] => {
    const audience = audienceOf(event);
    const template = audience && (audience === 'buyer' ? buyerTexts : sellerTexts)[event.type];
    return audience && template ? [{ event, audience, template }] : [];
  });
  if (batch.length === 0) return;
  const rows = await loadRows(em, batch);
  const texts = batch.flatMap(({ event, audience, template }) => {
    const facts = factsOf(event, rows);
    const text = facts && template(facts);
    return facts && text ? [{ event, audience, facts, text }] : [];
  });
  const sellerShops = [...new Set(texts.flatMap(({ audience, facts }) => (audience === 'seller' && facts.shop ? [facts.shop.id] : [])))];
  const members = await membersOf(em, sellerShops);
  const pending = texts.flatMap(({ event, audience, facts, text }): Pending[] => {
    const recipients = audience === 'buyer' ? (facts.order ? [facts.order.buyer.id] : []) : facts.shop ? (members.get(facts.shop.id) ?? []) : [];
    return recipients.map((recipientId) => ({ event, text, facts, recipientId }));
  });
  if (pending.length === 0) return;
  for (const { event, notificationId, recipientId } of await store(em, pending)) {
    // Stamped with the event's time: the notification reports it, and the handler has no clock of its own.
    const at: Clock = { now: () => new Date(event.occurredAt) };
    recordEvent(em, at, { topic: Topic.user(recipientId), type: InboxEvent.NOTIFICATION_ADDED, payload: { notificationId, recipientId } });
  }
}

export const inboxHandler: EventHandler = {
  types: [...new Set([...Object.keys(buyerTexts), ...Object.keys(sellerTexts)])],
  handle: (em, event) => notify(em, [event]),
  handleAll: notify,
};
