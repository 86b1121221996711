/**
 * Pub/sub behind one interface: in-process for the embedded default, Redis when `REDIS_URL` is set.
 * Only the outbox relay publishes. `subscribe` resolves once the subscription is live: for Redis, after the
 * server confirmed the SUBSCRIBE, so an event committed after that moment cannot be missed. When the Redis
 * connection comes back after an outage, every subscriber gets a {@link ResyncNotice}: messages published meanwhile
 * are gone from Redis, and the subscriber reads them from the outbox instead.
 */
import { AsyncQueue } from './async-queue';
import type { RedisConnections } from './redis';
import type { EventMessage } from './topics';

/** Tells a subscriber that messages may have been lost (the pub/sub reconnected): catch up from the store. */
export interface ResyncNotice {
  readonly resync: true;
}

/** What a subscriber's queue yields. */
export type PubSubDelivery = EventMessage | ResyncNotice;

export function isResyncNotice(delivery: PubSubDelivery): delivery is ResyncNotice {
  return 'resync' in delivery;
}

const RESYNC: ResyncNotice = Object.freeze({ resync: true });

export interface PubSubEngine {
  publish(topic: string, message: EventMessage): Promise<void>;
  /** Resolves when the subscription is live; `return()` on the iterator unsubscribes. */
  subscribe(topic: string, options?: SubscribeOptions): Promise<AsyncQueue<PubSubDelivery>>;
  /** Live subscriptions on this instance. */
  readonly activeSubscriptions: number;
  close(): Promise<void>;
}

export interface SubscribeOptions {
  /** Most events buffered for a slow subscriber before it is cut off. @default 1000 */
  readonly maxBuffered?: number;
  /** Keeps only the events this subscriber wants. */
  readonly filter?: (message: EventMessage) => boolean;
}

const DEFAULT_MAX_BUFFERED = 1000;

/** Shared bookkeeping: topic → local subscriber queues. */
abstract class LocalFanout implements PubSubEngine {
  protected readonly queues = new Map<string, Set<AsyncQueue<PubSubDelivery>>>();
  private readonly filters = new WeakMap<AsyncQueue<PubSubDelivery>, (message: EventMessage) => boolean>();
  private count = 0;

  get activeSubscriptions(): number {
    return this.count;
  }

  abstract publish(topic: string, message: EventMessage): Promise<void>;
  abstract close(): Promise<void>;
  protected abstract firstSubscriber(topic: string): Promise<void>;
  protected abstract lastSubscriberGone(topic: string): void;

  async subscribe(topic: string, options: SubscribeOptions = {}): Promise<AsyncQueue<PubSubDelivery>> {
    let set = this.queues.get(topic);
    const first = !set;
    if (!set) this.queues.set(topic, (set = new Set()));
    let counted = false;
    const queue: AsyncQueue<PubSubDelivery> = new AsyncQueue(options.maxBuffered ?? DEFAULT_MAX_BUFFERED, () => {
      if (counted) this.count -= 1;
      set.delete(queue);
      if (set.size === 0 && this.queues.get(topic) === set) {
        this.queues.delete(topic);
        this.lastSubscriberGone(topic);
      }
    });
    if (options.filter) this.filters.set(queue, options.filter);
    set.add(queue);
    try {
      await (first ? this.firstSubscriber(topic) : this.pending.get(topic));
    } catch (error) {
      void queue.return();
      throw error;
    }
    // Counted (and reported as live) only once the pub/sub confirmed the subscription.
    counted = true;
    this.count += 1;
    return queue;
  }

  /** SUBSCRIBE calls still waiting for confirmation, so later subscribers wait for the same one. */
  protected readonly pending = new Map<string, Promise<void>>();

  protected deliver(topic: string, message: EventMessage): void {
    const set = this.queues.get(topic);
    if (!set) return;
    for (const queue of [...set]) {
      const filter = this.filters.get(queue);
      if (!filter || filter(message)) queue.push(message);
    }
  }

  /** After messages may have been lost: every local subscriber catches up (ahead of anything delivered later). */
  protected resyncAll(): void {
    for (const set of [...this.queues.values()]) for (const queue of [...set]) queue.push(RESYNC);
  }

  protected endAll(): void {
    for (const set of [...this.queues.values()]) for (const queue of [...set]) void queue.return();
  }
}

export class MemoryPubSub extends LocalFanout {
  async publish(topic: string, message: EventMessage): Promise<void> {
    // A structured clone keeps the in-process path as JSON-safe as the Redis one.
    this.deliver(topic, JSON.parse(JSON.stringify(message)) as EventMessage);
  }

  protected async firstSubscriber(): Promise<void> {}
  protected lastSubscriberGone(): void {}

  async close(): Promise<void> {
    this.endAll();
  }
}

export class RedisPubSub extends LocalFanout {
  constructor(
    private readonly redis: RedisConnections,
    private readonly prefix: string,
  ) {
    super();
    // node-redis emits `ready` on a reconnect only once it re-subscribed every channel, so from then on nothing is
    // missed; what was published while the connection was down is read back from the outbox.
    redis.subscriber.on('ready', this.onReconnect);
  }

  private readonly onReconnect = () => this.resyncAll();

  private readonly listener = (raw: string, channel: string) => {
    let message: EventMessage;
    try {
      message = JSON.parse(raw) as EventMessage;
    } catch {
      return;
    }
    this.deliver(channel.slice(this.prefix.length), message);
  };

  async publish(topic: string, message: EventMessage): Promise<void> {
    await this.redis.commands.publish(this.prefix + topic, JSON.stringify(message));
  }

  protected firstSubscriber(topic: string): Promise<void> {
    const confirmed = this.redis.subscriber.subscribe(this.prefix + topic, this.listener);
    this.pending.set(topic, confirmed);
    return confirmed.finally(() => {
      if (this.pending.get(topic) === confirmed) this.pending.delete(topic);
    });
  }

  protected lastSubscriberGone(topic: string): void {
    this.redis.subscriber.unsubscribe(this.prefix + topic, this.listener).catch(() => {
      // the connection is down; Redis dropped the subscription with it
    });
  }

  async close(): Promise<void> {
    this.redis.subscriber.off('ready', this.onReconnect);
    this.endAll();
  }
}
