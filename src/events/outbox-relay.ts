/**
 * The outbox relay, one per instance (DESIGN §2). A pass is one transaction:
 *  1. claim committed, undelivered events in id order (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so several instances
 *     share the work and never deliver one event twice);
 *  2. leave to a later pass the events of a topic in which an older event is still undelivered (held by another
 *     relay), so each topic is delivered in the order it was written;
 *  3. run the handlers, whose writes commit with the delivery mark: once per event id;
 *  4. under one lock held until commit, give each event the next `position` and link it to its topic's previous
 *     delivered event (`previousPosition`);
 *  5. commit, then publish in position order.
 *
 * The claimed events are plain rows (`selectViews`), not entities, and their delivery mark is one UPDATE: hydrating
 * and flushing up to a batch of entities cost more CPU than the rest of the pass. Events the handlers record are
 * entities, inserted by the pass's flush.
 *
 * Why cursors are positions and not ids: ids are taken when a row is written and transactions commit out of order
 * (id 10 may commit after id 11), so a replay "after 11" would miss 10. Positions are handed out in commit order, so
 * within a topic everything at or below a published position is already readable, and a replay after a cursor
 * misses nothing. Publishing after the commit means nothing that did not commit is ever published, and an event
 * committed before a crash is delivered after restart. A failed publish (Redis down) is retried; a subscriber that
 * still missed a message sees the hole in the `previous` chain and reads it from the store (subscribe.ts).
 */
import { ChangeSetType, type EntityManager, type EventSubscriber, type FlushEventArgs, type MikroORM, type TransactionEventArgs } from '@mikro-orm/core';
import type { Logger } from 'pino';
import type { Clock } from '../shared/clock';
import { readRows, selectRows } from '../shared/sql';
import { selectViews, type EntityView } from '../shared/views';
import { OutboxEvent } from './outbox-event.entity';
import { handles, toMessage, toOutboxMessage, type EventHandler } from './outbox';
import type { PubSubEngine } from './pubsub';
import type { EventMessage, OutboxMessage } from './topics';

export interface OutboxRelayOptions {
  /** How often to look for new events when not nudged. @default 250 */
  readonly pollMs: number;
  /** Events claimed per transaction. @default 200 */
  readonly batchSize?: number;
  /** PostgreSQL: several relays share one database (SKIP LOCKED claims, an advisory lock around positions). */
  readonly supportsSkipLocked: boolean;
}

export interface PassResult {
  /** Events delivered (handled, positioned, committed). */
  readonly delivered: number;
  /** Claimed events left for a later pass because another relay holds an older event of their topic. */
  readonly deferred: number;
}

/** A claimed event, as read (no position yet). */
type Claimed = EntityView<OutboxEvent>;
/** A claimed event with the position this pass gives it. */
type Delivered = Pick<Claimed, 'id' | 'type' | 'topic' | 'payload' | 'createdAt'> & { readonly position: number; readonly previousPosition: number | null };

/** PostgreSQL advisory lock that orders position assignment across instances (any constant no one else uses). */
const POSITION_LOCK_KEY = 4_242_001;
/** Messages kept for another publish attempt while the pub/sub is unreachable. @default 10_000 */
const MAX_UNPUBLISHED = 10_000;
/** Delay before claiming again events deferred behind another relay. @default 25 */
const DEFERRED_RETRY_MS = 25;

export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private again = false;
  private failures = 0;
  private publishFailures = 0;
  /** Delivered but not yet published, in position order. */
  private readonly unpublished: EventMessage[] = [];
  /** The latest pass: passes of one relay never overlap (a drain waits for a tick's pass and the other way round). */
  private lastPass: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly orm: MikroORM,
    private readonly pubsub: PubSubEngine,
    private readonly handlers: readonly EventHandler[],
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: OutboxRelayOptions,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Asks for a pass as soon as possible (called after a local commit wrote events). */
  nudge(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  /** Runs passes until nothing is pending; for tests and shutdown. Returns how many events were delivered. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const { delivered, deferred } = await this.pass();
      total += delivered;
      if (delivered === 0 && deferred === 0) return total;
      if (delivered === 0) await new Promise((resolve) => setTimeout(resolve, DEFERRED_RETRY_MS));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    await this.lastPass;
    await this.publishPending();
  }

  /** Messages delivered but waiting for the pub/sub to come back. */
  get unpublishedCount(): number {
    return this.unpublished.length;
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.running) return;
    let result: PassResult = { delivered: 0, deferred: 0 };
    this.running = (async () => {
      try {
        result = await this.pass();
        this.failures = 0;
      } catch (error) {
        this.failures += 1;
        if (this.failures === 1 || this.failures % 20 === 0) {
          this.logger.warn({ err: error, failures: this.failures }, 'outbox relay pass failed; will retry');
        }
      }
    })();
    await this.running;
    this.running = undefined;
    if (this.stopped) return;
    const full = result.delivered >= (this.options.batchSize ?? 200);
    const backoff = this.failures > 0 ? Math.min(100 * 2 ** this.failures, 5000) : this.options.pollMs;
    const again = this.again || full;
    this.again = false;
    if (this.failures > 0) this.schedule(backoff);
    else if (again) this.schedule(0);
    else this.schedule(result.deferred > 0 ? Math.min(DEFERRED_RETRY_MS, backoff) : backoff);
  }

  /** One claim-handle-position-commit transaction, then publishing; after any pass still running. */
  private pass(): Promise<PassResult> {
    const result = this.lastPass.then(() => this.passNow());
    this.lastPass = result.catch(() => undefined);
    return result;
  }

  private async passNow(): Promise<PassResult> {
    await this.publishPending(); // earlier messages first, so each topic stays in order
    const em = this.orm.em.fork();
    // Most polls find nothing: one plain select answers that, without a transaction and the ORM's find.
    const [waiting] = await selectRows(em, 'select id from outbox_event where published_at is null limit 1', []);
    if (!waiting) return { delivered: 0, deferred: 0 };
    const { messages, deferred } = await em.transactional(async (tx) => {
      const claimed = await selectViews(
        tx,
        OutboxEvent,
        'o',
        `select {columns} from outbox_event o where o.published_at is null order by o.id limit ?${this.options.supportsSkipLocked ? ' for update skip locked' : ''}`,
        [this.options.batchSize ?? 200],
      );
      const rows = this.options.supportsSkipLocked ? await withoutOvertaking(tx, claimed) : claimed;
      if (rows.length === 0) return { messages: [] as EventMessage[], deferred: claimed.length };
      await this.runHandlers(tx, rows.map(toOutboxMessage));
      const delivered = await this.assignPositions(tx, rows);
      await markDelivered(tx, delivered, this.clock.now());
      await tx.flush(); // the events the handlers recorded
      return { messages: delivered.map(toMessage), deferred: claimed.length - rows.length };
    });
    this.enqueue(messages);
    await this.publishPending();
    return { delivered: messages.length, deferred };
  }

  /**
   * Positions are `max + 1`, taken under a transaction-scoped advisory lock on PostgreSQL (SQLite has one writer):
   * the next relay reads the max only after this one committed, so positions follow commit order. Returns the rows
   * with their positions, in the same order.
   */
  private async assignPositions(tx: EntityManager, rows: readonly Claimed[]): Promise<Delivered[]> {
    if (this.options.supportsSkipLocked) await selectRows(tx, `select pg_advisory_xact_lock(${POSITION_LOCK_KEY})`, []);
    const heads = await topicHeads(tx, [...new Set(rows.map((row) => row.topic))]);
    const [row] = await selectRows(tx, 'select max(position) as newest from outbox_event', []);
    let position = Number(row?.['newest'] ?? 0);
    return rows.map((event) => {
      position += 1;
      const previousPosition = heads.get(event.topic) ?? null;
      heads.set(event.topic, position);
      return { id: event.id, type: event.type, topic: event.topic, payload: event.payload, createdAt: event.createdAt, position, previousPosition };
    });
  }

  /** Each handler over the pass's events of its types, in id order: in one `handleAll` call, or one `handle` per event. */
  private async runHandlers(em: EntityManager, messages: readonly OutboxMessage[]): Promise<void> {
    for (const handler of this.handlers) {
      const mine = messages.filter((message) => handles(handler, message.type));
      if (mine.length === 0) continue;
      if (handler.handleAll) await handler.handleAll(em, mine);
      else for (const message of mine) await handler.handle(em, message);
    }
  }

  private enqueue(messages: readonly EventMessage[]): void {
    this.unpublished.push(...messages);
    const excess = this.unpublished.length - MAX_UNPUBLISHED;
    if (excess > 0) {
      // Still in the store: subscribers fill the hole from there when they notice it.
      this.unpublished.splice(0, excess);
      this.logger.warn({ dropped: excess }, 'pub/sub unreachable for long; oldest messages left to subscribers to catch up');
    }
  }

  /** Publishes what is waiting, in order; stops at the first failure and keeps the rest for the next pass. */
  private async publishPending(): Promise<void> {
    while (this.unpublished.length > 0) {
      const message = this.unpublished[0]!;
      try {
        await this.pubsub.publish(message.topic, message);
      } catch (error) {
        this.publishFailures += 1;
        if (this.publishFailures === 1 || this.publishFailures % 20 === 0) {
          this.logger.warn({ err: error, waiting: this.unpublished.length }, 'publishing delivered events failed; will retry');
        }
        return;
      }
      this.unpublished.shift();
      this.publishFailures = 0;
    }
  }
}

/** Transactions that wrote outbox events, until they commit. Each ORM's subscriber only sees its own transactions. */
const committing = new WeakSet<object>();

/**
 * For outbox rows written by SQL rather than by a flush (`insertStatement`): inside a transaction, the relay is
 * nudged when it commits, as after a flush that wrote events; outside one (an autocommit statement, which has
 * committed when it returns), at once, so call it after the statement.
 */
export function nudgeRelayOnCommit(em: EntityManager): void {
  const transaction = em.getTransactionContext<object>();
  if (transaction) committing.add(transaction);
  else for (const subscriber of em.getEventManager().getSubscribers()) if (subscriber instanceof RelayNudger) subscriber.relay.nudge();
}

/**
 * Nudges the relay once a local commit wrote outbox events, and only then: nudging on every flush or commit would
 * make the relay's own (often empty) transactions wake it again at once, a busy loop. A flush outside a transaction
 * has committed already; inside one, the nudge waits for that transaction's commit.
 */
export function nudgeAfterOutboxCommits(relay: Pick<OutboxRelay, 'nudge'>): EventSubscriber {
  return new RelayNudger(relay);
}

class RelayNudger implements EventSubscriber {
  constructor(readonly relay: Pick<OutboxRelay, 'nudge'>) {}

  afterFlush({ em, uow }: FlushEventArgs): void {
    const wroteEvents = uow?.getChangeSets().some((cs) => cs.type === ChangeSetType.CREATE && cs.entity instanceof OutboxEvent);
    if (!wroteEvents) return;
    const transaction = em.getTransactionContext<object>();
    if (transaction) committing.add(transaction);
    else this.relay.nudge();
  }

  afterTransactionCommit({ transaction }: TransactionEventArgs): void {
    if (transaction && committing.delete(transaction as object)) this.relay.nudge();
  }
}

/**
 * Keeps, of each topic, the claimed events that are its oldest undelivered ones with nothing missing between them,
 * and drops the rest of the topic: delivering an event while an earlier one of its topic is undelivered (another
 * relay holds it, or it committed after the claim) would put the later one first. Two relays claiming at the same time
 * can take turns row by row (`skip locked`), so one may hold a topic's 1st and 3rd events and the other its 2nd: the
 * first may deliver only the 1st.
 */
async function withoutOvertaking(tx: EntityManager, claimed: Claimed[]): Promise<Claimed[]> {
  if (claimed.length === 0) return claimed;
  const topics = [...new Set(claimed.map((row) => row.topic))];
  const lastClaimed = claimed.reduce((last, row) => Math.max(last, row.id), 0);
  const undelivered = await selectRows<{ topic: string; id: number | string }>(
    tx,
    `select topic, id from outbox_event where published_at is null and topic in (${topics.map(() => '?').join(', ')}) and id <= ? order by id`,
    [...topics, lastClaimed],
  );
  const mine = new Set(claimed.map((row) => row.id));
  // A topic's deliverable events end at its first undelivered event that this relay did not claim.
  const firstGap = new Map<string, number>();
  for (const row of undelivered) {
    const id = Number(row.id);
    if (!mine.has(id) && !firstGap.has(row.topic)) firstGap.set(row.topic, id);
  }
  return firstGap.size === 0 ? claimed : claimed.filter((row) => row.id < (firstGap.get(row.topic) ?? Infinity));
}

/** The latest delivered position of each topic: one index probe per topic, in one statement (PostgreSQL and SQLite). */
async function topicHeads(tx: EntityManager, topics: string[]): Promise<Map<string, number>> {
  const rows = await selectRows<{ topic: string; head: number | string | null }>(
    tx,
    `select v.column1 as topic, (select max(o.position) from outbox_event o where o.topic = v.column1) as head
       from (values ${topics.map(() => '(?)').join(', ')}) as v`,
    topics,
  );
  return new Map(rows.filter((row) => row.head !== null).map((row) => [row.topic, Number(row.head)]));
}

/**
 * Marks `events` delivered: their positions, previous positions and `now` as `published_at`, in one UPDATE … FROM
 * VALUES (PostgreSQL and SQLite both name a VALUES list's columns `column1`, `column2`, …).
 */
async function markDelivered(tx: EntityManager, events: readonly Delivered[], now: Date): Promise<void> {
  const values = events.map(() => '(cast(? as integer), cast(? as bigint), cast(? as bigint))').join(', ');
  const params = [tx.getPlatform().processDateProperty(now), ...events.flatMap((event) => [event.id, event.position, event.previousPosition])];
  // RETURNING makes it a statement with rows on both drivers (better-sqlite3 runs those with `all`); an event delivered
  // already (never, under the claim's row lock) is not marked again, and the count below then fails the pass.
  const updated = await readRows(
    tx,
    `update outbox_event set position = v.column2, previous_position = v.column3, published_at = ? from (values ${values}) as v where outbox_event.id = v.column1 and outbox_event.published_at is null returning id`,
    params,
  );
  if (updated.length !== events.length) throw new Error(`outbox relay: marked ${updated.length} of ${events.length} events delivered`);
}
