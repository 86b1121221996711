/**
 * Pub/sub topics, scoped by id, so an instance only receives what its own subscribers need (DESIGN §7).
 * A topic is always built here, never by string concatenation elsewhere.
 */
export const Topic = {
  /** Everything about one user: account changes, inbox notifications, the viewer's orders. */
  user: (userId: number) => `USER:${userId}`,
  /** One order: status, payment, requests, tracking. */
  order: (orderId: number) => `ORDER:${orderId}`,
  /** One shop's seller feed. */
  shop: (shopId: number) => `SHOP:${shopId}`,
  /** One live stream's public events. */
  live: (liveStreamId: number) => `LIVE:${liveStreamId}`,
  /** One buyer–shop chat conversation: its messages. */
  conversation: (conversationId: number) => `CONVERSATION:${conversationId}`,
} as const;

/** A committed outbox event as the relay's handlers see it (before it has a position). */
export interface OutboxMessage<P = Record<string, unknown>> {
  /** The outbox event id: handlers key their effects by it. */
  readonly id: number;
  readonly type: string;
  readonly topic: string;
  readonly payload: P;
  /** ISO timestamp of the commit. */
  readonly occurredAt: string;
}

/** The JSON-safe message that travels over pub/sub: one delivered outbox event. */
export interface EventMessage<P = Record<string, unknown>> extends OutboxMessage<P> {
  /** Delivery position: clients see it, encoded, as the event's `cursor` (see cursor.ts). */
  readonly position: number;
  /** Position of the topic's previous delivered event (null for the first): a subscriber that has not seen it missed something. */
  readonly previous: number | null;
}
