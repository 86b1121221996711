/**
 * Who is watching: live subscribers per key (a topic), counted across instances. Each instance counts its own
 * subscribers in memory; with Redis, `report()` writes them to one hash per key (field = instance, value = count
 * and expiry), so `counts()` adds up every live instance and ignores one that stopped reporting (it crashed).
 * Without Redis there is one instance and the local count is the count. Reports run in the viewer-count job, so a
 * count is at most one interval old.
 */
import { randomUUID } from 'node:crypto';
import type { RedisClient } from './redis';

export interface Presence {
  /** Counts one more subscriber of `key` on this instance; the returned function (idempotent) counts it out. */
  join(key: string): () => void;
  /** Publishes this instance's counts (Redis); nothing to do in memory. */
  report(): Promise<void>;
  /** Subscribers of each key across instances (0 when none). */
  counts(keys: readonly string[]): Promise<Map<string, number>>;
}

/** The subscribers of this instance, per key. */
class LocalCounts {
  readonly byKey = new Map<string, number>();

  join(key: string): () => void {
    this.byKey.set(key, (this.byKey.get(key) ?? 0) + 1);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const now = (this.byKey.get(key) ?? 1) - 1;
      if (now > 0) this.byKey.set(key, now);
      else this.byKey.delete(key);
    };
  }
}

export class MemoryPresence implements Presence {
  private readonly local = new LocalCounts();

  join(key: string): () => void {
    return this.local.join(key);
  }

  async report(): Promise<void> {}

  async counts(keys: readonly string[]): Promise<Map<string, number>> {
    return new Map(keys.map((key) => [key, this.local.byKey.get(key) ?? 0]));
  }
}

export class RedisPresence implements Presence {
  private readonly local = new LocalCounts();
  private readonly instance = randomUUID();
  /** Keys this instance reported a count for, so a count that fell to 0 is removed. */
  private readonly reported = new Set<string>();

  /**
   * @param ttlMs how long a report counts: an instance that stops reporting (it crashed) is ignored after this;
   * a few report intervals. Measured on this process's wall clock, like Redis expiry, not on the app's clock.
   */
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly ttlMs: number,
  ) {}

  join(key: string): () => void {
    return this.local.join(key);
  }

  async report(): Promise<void> {
    const gone = [...this.reported].filter((key) => !this.local.byKey.has(key));
    if (this.local.byKey.size === 0 && gone.length === 0) return;
    const expiresAt = Date.now() + this.ttlMs;
    const batch = this.redis.multi();
    for (const [key, count] of this.local.byKey) {
      batch.hSet(this.hashKey(key), this.instance, `${count}:${expiresAt}`).pExpire(this.hashKey(key), this.ttlMs);
    }
    for (const key of gone) batch.hDel(this.hashKey(key), this.instance);
    const now = [...this.local.byKey.keys()];
    await batch.exec();
    this.reported.clear();
    for (const key of now) this.reported.add(key);
  }

  async counts(keys: readonly string[]): Promise<Map<string, number>> {
    if (keys.length === 0) return new Map();
    const batch = this.redis.multi();
    for (const key of keys) batch.hGetAll(this.hashKey(key));
    const replies = (await batch.exec()) as unknown as (Record<string, string> | Map<string, string>)[];
    const now = Date.now();
    return new Map(
      keys.map((key, i) => {
        let total = 0;
        const reply = replies[i] ?? {};
        for (const value of reply instanceof Map ? reply.values() : Object.values(reply)) {
          const [count, expiresAt] = String(value).split(':').map(Number);
          if (expiresAt! > now) total += count!;
        }
        return [key, total];
      }),
    );
  }

  private hashKey(key: string): string {
    return `${this.prefix}presence:${key}`;
  }
}
