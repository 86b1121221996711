import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net, { type AddressInfo } from 'node:net';
import { expect, it } from 'vitest';
import { ConfirmOrderDocument, OrderUpdatedDocument, ShopOrderEventsDocument, type OrderUpdateFieldsFragment } from '../generated/graphql';
import { createTestDatabase, describeStore, STORE, startTestServer } from '../support/server';
import { seedCategories } from '../support/shops';
import { buyerWithAddress, liveSubscriptions, placeOrder, sellingShop, takeUpdates } from './order-fixtures';

const redisServerInstalled = spawnSync('redis-server', ['--version']).status === 0;

/** A Redis of the test's own (a child process), so the test can take it down and bring it back. */
class OwnRedis {
  private child: ChildProcess | undefined;

  private constructor(readonly port: number) {}

  static async start(): Promise<OwnRedis> {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const redis = new OwnRedis(port);
    await redis.up();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const deadline = Date.now() + 10_000;
    while (!(await this.accepts())) {
      if (Date.now() > deadline) throw new Error(`redis-server did not start on port ${this.port}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async down(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  private accepts(): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port: this.port });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
  }
}

const ids = (updates: OrderUpdateFieldsFragment[]) => updates.map((u) => [u.kind, u.order.id]);

describeStore('several instances on one database and one Redis', () => {
  it.runIf(STORE === 'scaled' && redisServerInstalled)(
    'serves a subscriber on one instance with changes made on another, and loses nothing while Redis is down',
    async () => {
      const redis = await OwnRedis.start();
      const db = await createTestDatabase();
      const database = { databaseUrl: db.databaseUrl, redisUrl: redis.url, redisPrefix: db.redisPrefix };
      const a = await startTestServer({ database });
      const b = await startTestServer({ database });
      try {
        const categories = await seedCategories(b);
        const shop = await sellingShop(b, categories['hijab']!, 'Dewi Hijab', 'dewi-hijab');
        const buyer = await buyerWithAddress(b, 'Siti Rahma'); // its client talks to B
        await Promise.all([a.relay.drain(), b.relay.drain()]);

        // Subscribed on A, changed on B.
        const orders = (await a.ws({ token: buyer.token })).subscribe(OrderUpdatedDocument, {});
        const feed = (await a.ws({ token: shop.owner.token })).subscribe(ShopOrderEventsDocument, { shopId: shop.shopId });
        await liveSubscriptions(a, 2);
        const first = await placeOrder(buyer, shop);
        const [placed] = await takeUpdates(orders, 'orderUpdated', 1);
        expect(placed!.order.id).toBe(first);
        expect(ids(await takeUpdates(feed, 'shopOrderEvents', 1))).toEqual([['PLACED', first]]);

        // Redis goes away: changes still commit and are delivered in the store; publishing waits.
        await redis.down();
        const during = [await placeOrder(buyer, shop), await placeOrder(buyer, shop)];
        const confirmed = await shop.owner.client.data(ConfirmOrderDocument, { input: { orderId: during[0]! } });
        expect(confirmed.confirmOrder.userErrors).toEqual([]);
        await Promise.all([a.relay.drain(), b.relay.drain()]);
        expect(a.relay.unpublishedCount + b.relay.unpublishedCount).toBeGreaterThan(0);
        const missed = [['PLACED', during[0]], ['PLACED', during[1]], ['STATUS_CHANGED', during[0]]];

        // Redis is back: the subscribers that stayed on A catch up, in order.
        await redis.up();
        expect(ids(await takeUpdates(orders, 'orderUpdated', 3, 20_000))).toEqual(missed);
        expect(ids(await takeUpdates(feed, 'shopOrderEvents', 3, 20_000))).toEqual(missed);
        // A client that reconnects to B with its cursor from before the outage has lost nothing either.
        const resumed = (await b.ws({ token: buyer.token })).subscribe(OrderUpdatedDocument, { after: placed!.cursor });
        expect(ids(await takeUpdates(resumed, 'orderUpdated', 3))).toEqual(missed);

        // And nothing repeats: the messages published late are dropped as already seen.
        const last = await placeOrder(buyer, shop);
        expect(ids(await takeUpdates(orders, 'orderUpdated', 1))).toEqual([['PLACED', last]]);
        expect(ids(await takeUpdates(feed, 'shopOrderEvents', 1))).toEqual([['PLACED', last]]);
        expect(ids(await takeUpdates(resumed, 'orderUpdated', 1))).toEqual([['PLACED', last]]);
      } finally {
        await redis.up().catch(() => {});
        await a.stop();
        await b.stop();
        await db.drop();
        await redis.down();
      }
    },
    60_000,
  );
});
