/**
 * The source stream of `inboxNotificationAdded(after)`: stored notifications after the cursor first (oldest first),
 * then live ones, with no gap and no duplicate at the seam (DESIGN §2).
 *
 * No gap: the live subscription is confirmed before the replay reads anything, and a notification's
 * INBOX_NOTIFICATION_ADDED event is published only after the notification committed. So a notification either
 * committed before a replay query (and is replayed) or its event arrives live. No duplicate: the ids delivered
 * recently are remembered, and a live event for one of them is dropped; this also absorbs the relay publishing an
 * event twice after a crash.
 */
import { subscribeToTopic } from '../events/subscribe';
import { Topic, type EventMessage } from '../events/topics';
import type { Context } from '../shared/context';
import { unauthenticated } from '../shared/errors';
import { decodeCursor } from '../shared/pagination';
import { viewerUserId } from '../shared/viewer';
import { InboxEvent } from './inbox.handlers';
import { Notification } from './notification.entity';

/** Stored notifications read per replay query. @default 100 */
const REPLAY_BATCH = 100;
/**
 * Delivered ids remembered for dropping duplicates. A live duplicate is always of a notification committed around
 * the moment of subscribing or re-published right after its first delivery, so the most recent ones suffice.
 */
const REMEMBERED_IDS = 2000;

export async function inboxNotifications(ctx: Context, after: string | null | undefined): Promise<AsyncIterableIterator<Notification>> {
  const userId = viewerUserId(ctx.viewer);
  if (userId === null) throw unauthenticated();
  const afterId = after == null ? null : decodeCursor(after, 'after').id;
  const live = await subscribeToTopic(ctx, { topic: Topic.user(userId), filter: (event) => event.type === InboxEvent.NOTIFICATION_ADDED });
  return new InboxStream(ctx, userId, live, afterId);
}

class InboxStream implements AsyncIterableIterator<Notification> {
  /** The id the next replay query starts after; null once the replay is done (or was not asked for). */
  private replayAfter: number | null;
  private batch: Notification[] = [];
  private readonly delivered = new Set<number>();

  constructor(
    private readonly ctx: Context,
    private readonly userId: number,
    private readonly live: AsyncIterableIterator<EventMessage>,
    afterId: number | null,
  ) {
    this.replayAfter = afterId;
  }

  async next(): Promise<IteratorResult<Notification>> {
    const replayed = await this.nextReplayed();
    if (replayed) return this.deliver(replayed);
    for (;;) {
      const result = await this.live.next(); // renews the context's unit of work
      if (result.done) return result;
      const id = Number(result.value.payload['notificationId']);
      if (this.delivered.has(id)) continue;
      // Authorization again, for this event: the notification must be the viewer's.
      const notification = await this.ctx.em.findOne(Notification, { id, recipient: this.userId });
      if (notification) return this.deliver(notification);
    }
  }

  return(): Promise<IteratorResult<Notification>> {
    this.replayAfter = null;
    this.batch = [];
    return this.live.return!() as Promise<IteratorResult<Notification>>;
  }

  throw(error?: unknown): Promise<IteratorResult<Notification>> {
    this.replayAfter = null;
    return this.live.throw!(error) as Promise<IteratorResult<Notification>>;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<Notification> {
    return this;
  }

  /** The next stored notification after the cursor, reading them in batches; null when the replay is over. */
  private async nextReplayed(): Promise<Notification | null> {
    if (this.batch.length === 0 && this.replayAfter !== null) {
      this.batch = await this.ctx.app.orm.em
        .fork()
        .find(Notification, { recipient: this.userId, id: { $gt: this.replayAfter } }, { orderBy: { id: 'ASC' }, limit: REPLAY_BATCH });
      this.replayAfter = this.batch.length === REPLAY_BATCH ? this.batch.at(-1)!.id : null;
    }
    const next = this.batch.shift() ?? null;
    // Each event gets its own unit of work, as live events do.
    if (next) this.ctx.renew();
    return next;
  }

  private deliver(notification: Notification): IteratorResult<Notification> {
    this.delivered.add(notification.id);
    if (this.delivered.size > REMEMBERED_IDS) this.delivered.delete(this.delivered.values().next().value!);
    return { value: notification, done: false };
  }
}
