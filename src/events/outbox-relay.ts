/**
 * The outbox relay (one per instance): claims committed, unpublished events in id order, runs handlers,
 * publishes them and marks them published, all in one transaction. On PostgreSQL the claim is
 * `FOR UPDATE SKIP LOCKED`, so several instances share the work without publishing an event twice while it commits.
 * A crash between publish and commit publishes again on restart (at least once); clients drop duplicates by cursor.
 */
import { LockMode, type MikroORM, type EntityManager } from '@mikro-orm/core';
import type { Logger } from 'pino';
import type { Clock } from '../shared/clock';
import { OutboxEvent } from './outbox-event.entity';
import { toMessage, type EventHandler } from './outbox';
import type { PubSubEngine } from './pubsub';

export interface OutboxRelayOptions {
  /** How often to look for new events when not nudged. @default 250 */
  readonly pollMs: number;
  /** Events claimed per transaction. @default 200 */
  readonly batchSize?: number;
  readonly supportsSkipLocked: boolean;
}

export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private again = false;
  private failures = 0;

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

  /** Runs passes until nothing is pending; for tests and shutdown. Returns how many events were published. */
  async drain(): Promise<number> {
    await this.running;
    let total = 0;
    for (;;) {
      const published = await this.pass();
      total += published;
      if (published === 0) return total;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.running) return;
    let published = 0;
    this.running = (async () => {
      try {
        published = await this.pass();
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
    const full = published >= (this.options.batchSize ?? 200);
    const backoff = this.failures > 0 ? Math.min(100 * 2 ** this.failures, 5000) : this.options.pollMs;
    const again = this.again || full;
    this.again = false;
    this.schedule(again && this.failures === 0 ? 0 : backoff);
  }

  /** One claim-handle-publish-mark transaction. */
  private async pass(): Promise<number> {
    const em = this.orm.em.fork();
    return em.transactional(async (tx) => {
      const rows = await tx.find(
        OutboxEvent,
        { publishedAt: null },
        {
          orderBy: { id: 'ASC' },
          limit: this.options.batchSize ?? 200,
          lockMode: this.options.supportsSkipLocked ? LockMode.PESSIMISTIC_PARTIAL_WRITE : undefined,
        },
      );
      if (rows.length === 0) return 0;
      const messages = rows.map(toMessage);
      for (const message of messages) await this.runHandlers(tx, message);
      for (const message of messages) await this.pubsub.publish(message.topic, message);
      const now = this.clock.now();
      for (const row of rows) row.publishedAt = now;
      await tx.flush();
      return rows.length;
    });
  }

  private async runHandlers(em: EntityManager, message: ReturnType<typeof toMessage>): Promise<void> {
    for (const handler of this.handlers) {
      if (handler.types.includes('*') || handler.types.includes(message.type)) await handler.handle(em, message);
    }
  }
}
