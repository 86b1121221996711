/**
 * The source stream of a subscription: one topic, resumable from a cursor, with no gap and no duplicate.
 *
 * 1. Start: after the `after` cursor (checked for retention) or, without one, after the topic's latest delivered
 *    event, read *before* the live subscription so that nothing committed in between is skipped.
 * 2. Subscribe live, then replay the stored events after the start; live messages queue meanwhile.
 * 3. Live: a message at or below the last position seen is a duplicate (the seam, a retried publish) and is dropped;
 *    a message whose `previous` is above it means something was missed (another relay published out of order, a
 *    publish was lost): the hole is read from the store before the message. A {@link ResyncNotice} (Redis came back)
 *    reads everything after the last position.
 * This holds because positions are given in commit order per topic (outbox-relay.ts): once a message is published,
 * every earlier event of its topic is readable.
 *
 * Each event renews the operation's unit of work, then passes `authorize`, which may skip it or throw to end the
 * subscription (the error reaches the client with its code). `return()` unsubscribes at once.
 *
 * A stream that starts from now is {@link Shareable}: over WebSocket, subscribers with the same document, variables
 * and audience share it, with one run of `authorize` and of the selection per event (src/server/subscription-fanout.ts).
 * A stream replaying from a cursor is never shared: a subscriber joining it midway would miss what it replayed.
 */
import type { Context } from '../shared/context';
import { assertResumable, readTopic, topicHead } from './event-log';
import { isResyncNotice, type PubSubDelivery } from './pubsub';
import type { AsyncQueue } from './async-queue';
import type { EventMessage } from './topics';

/** Stored events read per query while replaying or filling a hole. @default 200 */
const PAGE_SIZE = 200;

export interface TopicSubscriptionOptions {
  readonly topic: string;
  /** Resume after this position (a decoded cursor); absent: from now on. */
  readonly after?: number | null;
  /** Keeps only the events this subscription is about (checked before `authorize`). */
  readonly filter?: (message: EventMessage) => boolean;
  /** Checked for every event in a fresh unit of work: false skips it; a thrown error ends the subscription. */
  readonly authorize?: (ctx: Context, message: EventMessage) => Promise<boolean>;
  /**
   * Who sees exactly the same events and data, so that their subscriptions may share one stream and one execution
   * per event. Absent: subscribers with the same viewer (user and roles) only, which is always exact. Name a wider
   * audience (say `LIVE:12` for a public stream) only when `authorize`, `filter` and every field a subscriber may
   * select give the same answer to everyone allowed to subscribe.
   */
  readonly audience?: string;
}

/** Marks a source stream that subscribers may share; its value says with whom. */
export const SHARING = Symbol('kedai.subscriptionSharing');

export interface Sharing {
  /** Subscribers of the same audience may share the stream; null: the same viewer only. */
  readonly audience: string | null;
}

/** A source stream that says whether it may be shared (absent or undefined: never). */
export interface Shareable {
  readonly [SHARING]?: Sharing;
  readonly [PER_SUBSCRIBER]?: PerSubscriber;
}

/**
 * Marks a source stream with what each subscriber receiving its events holds while it does (say, a place in a live
 * stream's viewer count). The WebSocket fan-out calls it once per subscriber, whether the subscriber gets its own
 * stream or joins a group's, and calls what it returns when the subscriber leaves: sharing a stream never changes
 * how many subscribers are counted.
 */
export const PER_SUBSCRIBER = Symbol('kedai.perSubscriber');
export type PerSubscriber = () => () => void;

/** `stream`, marked with what each of its subscribers holds while subscribed (see {@link PER_SUBSCRIBER}). */
export function withPerSubscriber<T extends object>(stream: T, hold: PerSubscriber): T {
  return Object.assign(stream, { [PER_SUBSCRIBER]: hold });
}

export async function subscribeToTopic(ctx: Context, options: TopicSubscriptionOptions): Promise<AsyncIterableIterator<EventMessage>> {
  const em = ctx.app.orm.em.fork();
  let start: number;
  if (options.after != null) {
    await assertResumable(em, options.after);
    start = options.after;
  } else {
    start = await topicHead(em, options.topic);
  }
  const queue = await ctx.app.pubsub.subscribe(options.topic);
  return new TopicStream(ctx, queue, options, start);
}

/** Stored events still to read before anything live: after `last`, before `until` (no bound when null), then `then`. */
interface Backlog {
  readonly until: number | null;
  readonly then: EventMessage | null;
}

class TopicStream implements AsyncIterableIterator<EventMessage>, Shareable {
  readonly [SHARING]: Sharing | undefined;
  /** Events read from the store or taken live, ready to go out in order. */
  private readonly ready: EventMessage[] = [];
  /** Highest position seen (delivered, skipped or filtered out). */
  private last: number;
  /** While set, the store is read before the live queue. */
  private backlog: Backlog | null = { until: null, then: null };

  constructor(
    private readonly ctx: Context,
    private readonly queue: AsyncQueue<PubSubDelivery>,
    private readonly options: TopicSubscriptionOptions,
    start: number,
  ) {
    this.last = start;
    this[SHARING] = options.after == null ? { audience: options.audience ?? null } : undefined;
  }

  async next(): Promise<IteratorResult<EventMessage>> {
    try {
      for (;;) {
        const message = this.ready.shift() ?? (await this.take());
        if (!message) return { value: undefined, done: true };
        this.ctx.renew();
        if (!this.options.authorize || (await this.options.authorize(this.ctx, message))) return { value: message, done: false };
      }
    } catch (error) {
      // graphql-js does not call return() when the source fails: release the topic here.
      await this.queue.return();
      throw error;
    }
  }

  async return(): Promise<IteratorResult<EventMessage>> {
    await this.queue.return();
    return { value: undefined, done: true };
  }

  async throw(error?: unknown): Promise<IteratorResult<EventMessage>> {
    await this.queue.return();
    throw error;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<EventMessage> {
    return this;
  }

  /** Fills `ready` from the backlog or the live queue; undefined when the queue ended. */
  private async take(): Promise<EventMessage | undefined> {
    while (this.ready.length === 0) {
      if (this.backlog) {
        await this.readBacklog(this.backlog);
        continue;
      }
      const result = await this.queue.next();
      if (result.done) return undefined;
      this.receive(result.value);
    }
    return this.ready.shift();
  }

  private receive(delivery: PubSubDelivery): void {
    if (isResyncNotice(delivery)) {
      this.backlog = { until: null, then: null };
    } else if (delivery.position <= this.last) {
      // already seen: the replay/live seam, or a publish retried after a failure
    } else if (delivery.previous !== null && delivery.previous > this.last) {
      this.backlog = { until: delivery.position, then: delivery };
    } else {
      this.accept(delivery);
    }
  }

  private async readBacklog(backlog: Backlog): Promise<void> {
    const page = await readTopic(this.ctx.app.orm.em.fork(), this.options.topic, this.last, backlog.until, PAGE_SIZE);
    for (const message of page) this.accept(message);
    if (page.length < PAGE_SIZE) {
      this.backlog = null;
      if (backlog.then) this.accept(backlog.then);
    }
  }

  private accept(message: EventMessage): void {
    this.last = message.position;
    if (!this.options.filter || this.options.filter(message)) this.ready.push(message);
  }
}
