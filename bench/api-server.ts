/**
 * The API in its own process for the benchmarks: `node dist/bench/api-server.js <sqlite|postgresql> <path|url> [overrides]`,
 * where `overrides` is a JSON object of config overrides (e.g. `{"redisUrl":"redis://127.0.0.1:6379"}`). Prints `PORT <n>`.
 * Spawned with an IPC channel, it takes
 * - `{ type: 'nudge' }`: a bench that wrote outbox events straight into the database wakes the relay as a local
 *   commit would;
 * - `{ type: 'commits', eventType }`: replies `{ type: 'commits', commits: [[outboxEventId, ms]] }`, the moment each
 *   transaction that wrote an outbox event of that type committed (ms since the epoch, fractional; recorded from
 *   the first such request on, so send one before the load), which is when its change became visible.
 */
import 'reflect-metadata';
import { ChangeSetType, type EventSubscriber } from '@mikro-orm/core';
import { OutboxEvent } from '../src/events/outbox-event.entity';
import { startApp } from '../src/server/runtime';
import { benchApiConfig } from './bench-config';

const [store, target, overrides] = process.argv.slice(2);

/** Commit times of the transactions that wrote outbox events of the watched types, by event id. */
const commits = new Map<string, [number, number][]>();

function commitRecorder(): EventSubscriber {
  const pending = new WeakMap<object, OutboxEvent[]>();
  return {
    afterFlush({ em, uow }) {
      const transaction = em.getTransactionContext<object>();
      const written = (uow?.getChangeSets() ?? []).flatMap((cs) => (cs.type === ChangeSetType.CREATE && cs.entity instanceof OutboxEvent && commits.has(cs.entity.type) ? [cs.entity] : []));
      if (!transaction || written.length === 0) return;
      pending.set(transaction, [...(pending.get(transaction) ?? []), ...written]);
    },
    afterTransactionCommit({ transaction }) {
      const at = performance.timeOrigin + performance.now();
      for (const event of (transaction && pending.get(transaction as object)) || []) commits.get(event.type)!.push([event.id, at]);
    },
  };
}

startApp(benchApiConfig(store!, target!, overrides ? JSON.parse(overrides) : {}), {}).then(
  (running) => {
    running.app.orm.em.getEventManager().registerSubscriber(commitRecorder());
    process.on('message', (message: { type?: string; eventType?: string }) => {
      if (message.type === 'nudge') running.relay.nudge();
      if (message.type === 'commits') {
        if (!commits.has(message.eventType!)) commits.set(message.eventType!, []);
        process.send!({ type: 'commits', commits: commits.get(message.eventType!) });
      }
    });
    console.log(`PORT ${running.port}`);
  },
  (error) => {
    console.error(error);
    process.exit(1);
  },
);

// A plain exit on SIGTERM, so that `--cpu-prof` writes its profile.
process.on('SIGTERM', () => process.exit(0));
// The bench that started it is gone (it failed): do not outlive it.
process.on('disconnect', () => process.exit(0));
