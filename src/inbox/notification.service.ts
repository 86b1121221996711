/** Reading and marking the viewer's inbox. Notifications are written only by the inbox event handler. */
import type { FilterQuery } from '@mikro-orm/core';
import { requireViewerId } from '../accounts/account.service';
import type { Context } from '../shared/context';
import { decodeIdOf } from '../shared/ids';
import { encodeCursor, paginate, type ConnectionResult } from '../shared/pagination';
import { failWith } from '../shared/user-error';
import { InputChecker } from '../shared/validation';
import { viewerUserId } from '../shared/viewer';
import { Notification, type NotificationCategory } from './notification.entity';
import { MAX_MARK_IDS, type InboxArgs, type MarkNotificationsReadInput } from './notification.inputs';

/** The cursor of a notification, in `viewer.inbox` and `inboxNotificationAdded` alike (keyset on id). */
export function notificationCursor(notification: Notification): string {
  return encodeCursor(notification.id, notification.id);
}

interface InboxFilter {
  recipient: number;
  readAt?: null;
  category?: NotificationCategory;
}

function filterOf(recipientId: number, options: { unreadOnly?: boolean | null; category?: NotificationCategory | null }): InboxFilter {
  return {
    recipient: recipientId,
    ...(options.unreadOnly ? { readAt: null } : {}),
    ...(options.category ? { category: options.category } : {}),
  };
}

/** The user's inbox, newest first. */
export function listInbox(ctx: Context, userId: number, args: InboxArgs): Promise<ConnectionResult<Notification>> {
  return paginate(ctx.em, Notification, filterOf(userId, args), args, { direction: 'DESC' });
}

export function countUnread(ctx: Context, userId: number, category: NotificationCategory | null | undefined): Promise<number> {
  return ctx.em.count(Notification, filterOf(userId, { unreadOnly: true, category }));
}

/** A notification for `node(id)`: only its recipient sees it. */
export async function visibleNotification(ctx: Context, id: number): Promise<Notification | null> {
  const userId = viewerUserId(ctx.viewer);
  return userId === null ? null : ctx.em.findOne(Notification, { id, recipient: userId });
}

/**
 * Marks the viewer's notifications read: the ones named by `ids` (all of them must be the viewer's, else NOT_FOUND
 * and nothing changes), or every unread one with `all: true` (optionally in one category). One UPDATE; already read
 * ones keep their `readAt`. Returns how many changed and how many unread remain.
 */
export async function markNotificationsRead(ctx: Context, input: MarkNotificationsReadInput): Promise<{ markedCount: number; unreadCount: number }> {
  const userId = requireViewerId(ctx);
  const where = filterOf(userId, { unreadOnly: true, category: input.category });
  const ids = checkMarkInput(input);
  if (ids) await assertOwnNotifications(ctx, userId, ids);
  const filter: FilterQuery<Notification> = ids ? { ...where, id: { $in: ids } } : where;
  const markedCount = await ctx.em.nativeUpdate(Notification, filter, { readAt: ctx.clock.now() });
  return { markedCount, unreadCount: await countUnread(ctx, userId, null) };
}

/** Exactly one of `ids` and `all: true`; returns the decoded ids (null for `all`), -1 where an id is malformed. */
function checkMarkInput(input: MarkNotificationsReadInput): number[] | null {
  const check = new InputChecker();
  const byIds = input.ids != null;
  if (byIds === (input.all === true)) check.fail(null, 'INVALID_INPUT', 'Pass either `ids` or `all: true`.');
  if (byIds && (input.ids!.length === 0 || input.ids!.length > MAX_MARK_IDS)) {
    check.fail('ids', 'INVALID_INPUT', `Pass 1 to ${MAX_MARK_IDS} notification ids.`);
  }
  if (input.category && input.all !== true) check.fail('category', 'INVALID_INPUT', '`category` goes with `all: true`.');
  check.assert();
  return byIds ? input.ids!.map((globalId) => decodeIdOf('Notification', globalId) ?? -1) : null;
}

/** Another user's notification reads exactly like one that does not exist, so ids cannot be probed. */
async function assertOwnNotifications(ctx: Context, userId: number, ids: readonly number[]): Promise<void> {
  const own = await ctx.em.find(Notification, { id: { $in: [...new Set(ids)] }, recipient: userId }, { fields: ['id'] });
  const found = new Set(own.map((n) => n.id));
  const missing = ids.findIndex((id) => !found.has(id));
  if (missing >= 0) failWith('NOT_FOUND', 'No such notification.', ['input', 'ids', String(missing)]);
}
