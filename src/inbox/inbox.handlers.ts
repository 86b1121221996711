/**
 * Materialises inbox notifications from committed outbox events, inside the relay's transaction (DESIGN §2).
 * Order events are written once per topic (order, buyer, shop): the buyer's notification comes from the copy on the
 * buyer's USER topic and the sellers' from the copy on the SHOP topic, so one business event makes exactly one
 * notification per recipient. Each stored notification records an `INBOX_NOTIFICATION_ADDED` event on its
 * recipient's USER topic in the same transaction, so `inboxNotificationAdded` pushes only what committed.
 */
import type { EntityManager } from '@mikro-orm/core';
import { recordEvent, type EventHandler } from '../events/outbox';
import { Topic, type OutboxMessage } from '../events/topics';
import { Shipment } from '../orders/fulfilment.entity';
import { OrderEventType } from '../orders/order-status';
import { Order, OrderStatus } from '../orders/order.entity';
import type { Clock } from '../shared/clock';
import { selectRows } from '../shared/sql';
import { Shop, ShopMember } from '../shops/shop.entity';
import { buyerTexts, sellerTexts, type EventFacts, type NotificationText } from './notification.texts';

/** Outbox event types the inbox writes. */
export const InboxEvent = {
  /** On `USER:<recipient>`; payload `{ notificationId, recipientId }`. */
  NOTIFICATION_ADDED: 'INBOX_NOTIFICATION_ADDED',
} as const;

type Audience = 'buyer' | 'seller';

const id = (value: unknown): number | null => (typeof value === 'number' && Number.isSafeInteger(value) ? value : null);

/** Who an event copy speaks to: the copy on the buyer's topic to the buyer, the one on the shop's topic to its members. */
function audienceOf(event: OutboxMessage): Audience | null {
  const buyerId = id(event.payload['buyerId']);
  const shopId = id(event.payload['shopId']);
  if (buyerId !== null && event.topic === Topic.user(buyerId)) return 'buyer';
  if (shopId !== null && event.topic === Topic.shop(shopId)) return 'seller';
  return null;
}

async function loadFacts(em: EntityManager, event: OutboxMessage): Promise<EventFacts> {
  const orderId = id(event.payload['orderId']);
  const shopId = id(event.payload['shopId']);
  const order = orderId === null ? null : await em.findOne(Order, orderId, { populate: ['shop'] });
  const shop = order ? order.shop.getEntity() : shopId === null ? null : await em.findOne(Shop, shopId);
  // Only the "shipped" notification names the carrier and tracking number.
  const shipped = event.type === OrderEventType.STATUS_CHANGED && event.payload['to'] === OrderStatus.IN_TRANSIT;
  const shipment = shipped && order ? await em.findOne(Shipment, { order: order.id }) : null;
  return { payload: event.payload, order, shop, shipment };
}

async function recipientsOf(em: EntityManager, audience: Audience, facts: EventFacts): Promise<number[]> {
  if (audience === 'buyer') return facts.order ? [facts.order.buyer.id] : [];
  if (!facts.shop) return [];
  const members = await em.find(ShopMember, { shop: facts.shop.id }, { fields: ['user'], orderBy: { id: 'ASC' } });
  return members.map((m) => m.user.id);
}

/**
 * Inserts one notification per recipient, skipping recipients who already have one from this event (the relay
 * delivers at least once), and returns the new rows' ids with their recipients.
 */
async function store(em: EntityManager, event: OutboxMessage, text: NotificationText, facts: EventFacts, recipients: readonly number[]) {
  const values = recipients.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
  const createdAt = new Date(event.occurredAt);
  const params = recipients.flatMap((recipient) => [
    recipient,
    event.id,
    text.category,
    text.kind,
    text.title,
    text.body,
    facts.order?.id ?? null,
    facts.shop?.id ?? null,
    createdAt,
  ]);
  const rows = await selectRows(
    em,
    `insert into notification (recipient_id, source_event_id, category, kind, title, body, order_id, shop_id, created_at) values ${values}
     on conflict (recipient_id, source_event_id) do nothing returning id, recipient_id`,
    params,
  );
  return rows.map((row) => ({ notificationId: Number(row['id']), recipientId: Number(row['recipient_id']) }));
}

export const inboxHandler: EventHandler = {
  types: [...new Set([...Object.keys(buyerTexts), ...Object.keys(sellerTexts)])],
  async handle(em, event) {
    const audience = audienceOf(event);
    const template = audience && (audience === 'buyer' ? buyerTexts : sellerTexts)[event.type];
    if (!audience || !template) return;
    const facts = await loadFacts(em, event);
    if (id(event.payload['orderId']) !== null && !facts.order) return; // the order is gone: nothing to link to
    const text = template(facts);
    if (!text) return;
    const recipients = await recipientsOf(em, audience, facts);
    if (recipients.length === 0) return;
    // Stamped with the event's time: the notification reports it, and the handler has no clock of its own.
    const at: Clock = { now: () => new Date(event.occurredAt) };
    for (const stored of await store(em, event, text, facts, recipients)) {
      recordEvent(em, at, { topic: Topic.user(stored.recipientId), type: InboxEvent.NOTIFICATION_ADDED, payload: stored });
    }
  },
};
