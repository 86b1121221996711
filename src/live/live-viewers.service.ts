/**
 * Viewer counts: a viewer is a live `liveStreamEvents` subscriber, counted on its instance (app.presence) and added
 * up across instances. Every LIVE_VIEWER_COUNT_INTERVAL_MS each instance reports its own counts and, for each LIVE
 * stream whose total changed, stores it and raises the peak with one conditional UPDATE: only the instance whose
 * UPDATE changed the row writes the VIEWER_COUNT event, so several instances announce each change once.
 */
import { Topic } from '../events/topics';
import type { AppServices } from '../shared/context';
import type { BackgroundJob } from '../shared/jobs';
import { selectRows, updateRows } from '../shared/sql';
import { LiveStream, LiveStreamStatus } from './live-stream.entity';
import { LiveEventType, recordLiveEvent } from './live.events';

/** Stores a new viewer count of a LIVE stream and announces it; false when it was already stored (or the stream ended). */
async function storeViewerCount(app: AppServices, streamId: number, viewers: number): Promise<boolean> {
  return app.orm.em.fork().transactional(async (em) => {
    const changed = await updateRows(
      em,
      'update live_stream set viewer_count = ?, peak_viewers = case when peak_viewers < ? then ? else peak_viewers end where id = ? and status = ? and viewer_count <> ?',
      [viewers, viewers, viewers, streamId, LiveStreamStatus.LIVE, viewers],
    );
    if (changed === 0) return false;
    const [row] = await selectRows<{ peak_viewers: number | string }>(em, 'select peak_viewers from live_stream where id = ?', [streamId]);
    recordLiveEvent(em, app.clock, streamId, LiveEventType.VIEWER_COUNT, { viewers, peakViewers: Number(row?.peak_viewers ?? viewers) });
    return true;
  });
}

export const viewerCountJob: BackgroundJob = {
  name: 'live-viewer-counts',
  intervalMs: (app) => app.config.live.viewerCountIntervalMs,
  run: async (app) => {
    await app.presence.report();
    const live = await app.orm.em.fork().find(LiveStream, { status: LiveStreamStatus.LIVE }, { fields: ['id', 'viewerCount'] });
    const counts = await app.presence.counts(live.map((stream) => Topic.live(stream.id)));
    let announced = 0;
    for (const stream of live) {
      const viewers = counts.get(Topic.live(stream.id)) ?? 0;
      if (viewers !== stream.viewerCount && (await storeViewerCount(app, stream.id, viewers))) announced += 1;
    }
    return announced;
  },
};
