import type { FormattedExecutionResult } from 'graphql';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { recordEvent } from '../../src/events/outbox';
import { Topic } from '../../src/events/topics';
import { OrderEventType } from '../../src/orders/order-status';
import { AppCloseCode } from '../../src/server/subscription-fanout';
import { decodeIdOf } from '../../src/shared/ids';
import { ShopMember } from '../../src/shops/shop.entity';
import { OrderUpdatedDocument, ShopOrderEventsDocument, type OrderUpdateFieldsFragment } from '../generated/graphql';
import type { Actor } from '../support/actors';
import { codes } from '../support/client';
import { describeStore, startTestServer, type TestServer } from '../support/server';
import { seedCategories } from '../support/shops';
import type { Subscription, WsTestClient } from '../support/ws';
import { buyerWithAddress, placeOrder, positionOf, sellingShop, takeUpdates, waitFor, type SellingShop } from './order-fixtures';

/** Unsent bytes allowed per socket in this suite: small, so that a client that stops reading is cut off soon. */
const MAX_BUFFERED = 64 * 1024;

describeStore('shared subscription delivery over WebSocket', () => {
  let server: TestServer;
  let dewi: SellingShop;
  let lain: SellingShop;
  let siti: Actor;
  let orderId: string;

  beforeAll(async () => {
    server = await startTestServer({ config: { websocket: { maxBufferedBytes: MAX_BUFFERED, keepAliveMs: 60_000 } } });
    const categories = await seedCategories(server);
    dewi = await sellingShop(server, categories['hijab']!, 'Dewi Hijab', 'dewi-hijab');
    lain = await sellingShop(server, categories['hijab']!, 'Toko Lain', 'toko-lain');
    siti = await buyerWithAddress(server, 'Siti Rahma');
    orderId = await placeOrder(siti, dewi);
    await server.relay.drain();
  });
  afterAll(() => server?.stop());

  const live = (count: number) => waitFor(() => server.subscriptions.live === count, `${count} live subscriptions`);

  const shopTopic = (shop: SellingShop) => Topic.shop(decodeIdOf('Shop', shop.shopId)!);

  /** Writes `count` events of the order straight into the outbox (the relay publishes them), `padding` characters each. */
  async function writeEvents(topic: string, count: number, label: string, padding = 0): Promise<void> {
    const em = server.app.orm.em.fork();
    for (let i = 0; i < count; i += 1) {
      recordEvent(em, server.clock, {
        topic,
        type: OrderEventType.STATUS_CHANGED,
        payload: { orderId: decodeIdOf('Order', orderId)!, from: 'ON_HOLD', to: 'ON_HOLD', actor: 'SYSTEM', reason: `${label}-${i} ${'x'.repeat(padding)}` },
      });
    }
    await em.flush();
  }

  /** Records the raw `next` messages a socket receives, without their operation id. */
  function rawPayloads(ws: WsTestClient): string[] {
    const seen: string[] = [];
    ws.socket.on('message', (data) => {
      const text = String(data);
      if (text.includes('"type":"next"')) seen.push(text.replace(/^\{"id":"[^"]*",/, ''));
    });
    return seen;
  }

  it('runs the selection once per event for subscribers with the same viewer, document and variables, and sends them the same bytes', async () => {
    const sitiSockets = [await server.ws({ token: siti.token }), await server.ws({ token: siti.token }), await server.ws({ token: siti.token })];
    const sellerSocket = await server.ws({ token: dewi.owner.token });
    const [first, ...others] = sitiSockets.map((ws) => ({ ws, raw: rawPayloads(ws) }));
    const firstSub = first!.ws.subscribe(OrderUpdatedDocument, { orderId });
    // The seller sends the very same document and variables, but sees with other eyes: never shared with the buyer.
    const sellerSub = sellerSocket.subscribe(OrderUpdatedDocument, { orderId });
    await live(2);

    // While one event of the order reaches every subscriber: selections run, messages sent, SQL statements on orders
    // (the per-event checks and the `order` field).
    const deliver = async (subs: Subscription<{ orderUpdated: OrderUpdateFieldsFragment }>[], label: string) => {
      const executions = server.subscriptions.executions;
      const messages = server.subscriptions.messagesSent;
      const { statements } = await server.countQueries(async () => {
        await writeEvents(Topic.order(decodeIdOf('Order', orderId)!), 1, label);
        for (const sub of subs) await takeUpdates(sub, 'orderUpdated', 1);
      });
      return {
        executions: server.subscriptions.executions - executions,
        messages: server.subscriptions.messagesSent - messages,
        orderQueries: statements.filter((sql) => sql.includes('shop_order')).length,
      };
    };
    const alone = await deliver([firstSub, sellerSub], 'alone');
    expect(alone).toMatchObject({ executions: 2, messages: 2 });
    expect(alone.orderQueries).toBeGreaterThan(0);

    const moreSubs = others.map(({ ws }) => ws.subscribe(OrderUpdatedDocument, { orderId }));
    await live(4);
    const together = await deliver([firstSub, sellerSub, ...moreSubs], 'together');
    // Two more subscribers of the buyer: two more messages, no more executions, no more queries.
    expect(together).toEqual({ executions: 2, messages: 4, orderQueries: alone.orderQueries });

    const buyerBytes = [first!, ...others].map(({ raw }) => raw.at(-1));
    expect(new Set(buyerBytes).size).toBe(1);
    expect(JSON.parse(buyerBytes[0]!.replace(/^"type":"next","payload":/, '').slice(0, -1)).data.orderUpdated.reason).toMatch(/^together-0/);

    for (const sub of [firstSub, sellerSub, ...moreSubs]) sub.unsubscribe();
    await live(0);
  });

  it('runs the subscribe-time checks of a subscriber joining a shared stream', async () => {
    const first = await server.ws({ token: lain.owner.token });
    const feed = first.subscribe(ShopOrderEventsDocument, { shopId: lain.shopId });
    await live(1);
    const em = server.app.orm.em.fork();
    await em.nativeDelete(ShopMember, { shop: decodeIdOf('Shop', lain.shopId)!, user: decodeIdOf('User', lain.owner.id)! });

    // Same viewer, document and variables as the running stream, but no longer a member: refused, not joined.
    const second = await server.ws({ token: lain.owner.token });
    expect(codes((await second.subscribe(ShopOrderEventsDocument, { shopId: lain.shopId }).next()).errors)).toEqual(['FORBIDDEN']);
    // The running stream finds out at its next event.
    await writeEvents(shopTopic(lain), 1, 'after-removal');
    expect(codes((await feed.next()).errors)).toEqual(['FORBIDDEN']);
    await live(0);
  });

  it('masks an unexpected error while delivering to a shared stream, for every member', async () => {
    const sockets = [await server.ws({ token: dewi.owner.token }), await server.ws({ token: dewi.owner.token })];
    const subs = sockets.map((ws) => ws.subscribe(ShopOrderEventsDocument, { shopId: dewi.shopId }));
    await live(2);
    const connection = server.app.orm.em.getConnection();
    await connection.execute('alter table shop_order rename to shop_order_gone');
    try {
      await writeEvents(shopTopic(dewi), 1, 'broken');
      for (const sub of subs) {
        const { errors } = await sub.next();
        expect(codes(errors)).toEqual(['INTERNAL_SERVER_ERROR']);
        expect(JSON.stringify(errors)).not.toMatch(/shop_order_gone|select|stack|sql/i);
      }
    } finally {
      await connection.execute('alter table shop_order_gone rename to shop_order');
    }
    await live(0);
  });

  it('cuts off a member that stops reading with 4413, without holding up the others; it resumes from its cursor', async () => {
    const slow = await server.ws({ token: dewi.owner.token });
    const steady = await server.ws({ token: dewi.owner.token });
    const slowSub = slow.subscribe(ShopOrderEventsDocument, { shopId: dewi.shopId });
    const steadySub = steady.subscribe(ShopOrderEventsDocument, { shopId: dewi.shopId });
    await live(2);
    const slowClosed = slow.closed();
    slow.pauseReading();

    // Rounds of large events until the server gives up on the paused socket; the other member gets each round.
    const received: OrderUpdateFieldsFragment[] = [];
    const padding = 32 * 1024;
    for (let round = 0; server.subscriptions.live === 2; round += 1) {
      if (round === 200) throw new Error('the paused socket was never cut off');
      await writeEvents(shopTopic(dewi), 10, `round${round}`, padding);
      received.push(...(await takeUpdates(steadySub, 'shopOrderEvents', 10)));
    }
    // Once cut off, it gets nothing more: what the server holds stays under the cap (plus one message per socket).
    const bound = 2 * (MAX_BUFFERED + padding + 1024);
    expect(await unsentBytes()).toBeLessThanOrEqual(bound);
    for (let round = 0; round < 3; round += 1) {
      await writeEvents(shopTopic(dewi), 10, `late${round}`, padding);
      received.push(...(await takeUpdates(steadySub, 'shopOrderEvents', 10)));
    }
    expect(await unsentBytes()).toBeLessThanOrEqual(bound);

    // Reading again, the client gets what was already on its way, then the close code.
    slow.resumeReading();
    expect((await slowClosed).code).toBe(AppCloseCode.SlowConsumer);
    const before = await drain(slowSub);
    expect(before.length).toBeGreaterThan(0);
    expect(before.map((u) => u.cursor)).toEqual(received.slice(0, before.length).map((u) => u.cursor));

    // It resubscribes with its last cursor: the rest, once each, then live events.
    const again = await server.ws({ token: dewi.owner.token });
    const resumed = again.subscribe(ShopOrderEventsDocument, { shopId: dewi.shopId, after: before.at(-1)!.cursor });
    const rest = await takeUpdates(resumed, 'shopOrderEvents', received.length - before.length);
    expect([...before, ...rest].map((u) => u.cursor)).toEqual(received.map((u) => u.cursor));
    await writeEvents(shopTopic(dewi), 1, 'marker');
    const [marker] = await takeUpdates(resumed, 'shopOrderEvents', 1);
    expect(marker!.reason).toMatch(/^marker-0/);
    expect(positionOf(marker!.cursor)).toBeGreaterThan(positionOf(received.at(-1)!.cursor));
    resumed.unsubscribe();
    steadySub.unsubscribe();
    await live(0);
  });

  async function unsentBytes(): Promise<number> {
    const text = await (await fetch(server.url.replace(/\/graphql$/, '/metrics'))).text();
    return Number(/^kedai_websocket_unsent_bytes (\d+)$/m.exec(text)![1]);
  }
});

/** The updates a subscription received before it ended. */
async function drain(sub: Subscription<{ shopOrderEvents: OrderUpdateFieldsFragment }>): Promise<OrderUpdateFieldsFragment[]> {
  const updates: OrderUpdateFieldsFragment[] = [];
  for (;;) {
    const result: FormattedExecutionResult<{ shopOrderEvents: OrderUpdateFieldsFragment }> = await sub.next();
    if (!result.data) return updates;
    updates.push(result.data.shopOrderEvents);
  }
}
