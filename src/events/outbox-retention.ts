/**
 * Retention of delivered events (`OUTBOX_RETENTION_DAYS`): they back cursor replay for that long, then go.
 * The job deletes a prefix of positions, never the newest delivered event, so "older than the oldest retained event"
 * stays exactly the test for CURSOR_EXPIRED (event-log.ts). Safe on several instances: the delete is idempotent.
 */
import { OutboxEvent } from './outbox-event.entity';
import type { BackgroundJob } from '../shared/jobs';
import { selectRows } from '../shared/sql';

const DAY_MS = 24 * 60 * 60_000;
/** How often each instance prunes. @default 1 hour */
const PRUNE_INTERVAL_MS = 60 * 60_000;

export const pruneDeliveredEvents: BackgroundJob = {
  name: 'prune-delivered-events',
  intervalMs: () => PRUNE_INTERVAL_MS,
  async run(app) {
    const em = app.orm.em.fork();
    const cutoff = new Date(app.clock.now().getTime() - app.config.outboxRetentionDays * DAY_MS);
    // The latest event delivered before the cutoff bounds the prefix (found through the published_at index).
    const [latestExpired] = await em.find(OutboxEvent, { publishedAt: { $lt: cutoff } }, { fields: ['position'], orderBy: { publishedAt: 'DESC', id: 'DESC' }, limit: 1 });
    if (latestExpired?.position == null) return 0;
    const [row] = await selectRows(em, 'select max(position) as newest from outbox_event', []);
    const upTo = Math.min(latestExpired.position, Number(row!['newest']) - 1);
    return upTo > 0 ? em.nativeDelete(OutboxEvent, { position: { $lte: upTo } }) : 0;
  },
};
