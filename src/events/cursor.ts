/**
 * Subscription cursors: an event's delivery position, opaque to clients (base64url like every other id). A client
 * passes the last cursor it saw as `after` to resume exactly where it stopped.
 */
import { decodeIdOf, toGlobalId } from '../shared/ids';
import { badUserInput } from '../shared/errors';

const CURSOR_TYPE = 'Event';

/** The `after` argument of every resumable subscription. */
export const AFTER_DESCRIPTION =
  'Resume after this `cursor` (the last one you received): stored events after it come first, then live ones, with none missed or repeated. Omit it to start from now. A cursor older than the retained events (OUTBOX_RETENTION_DAYS) fails with CURSOR_EXPIRED.';

export function encodeEventCursor(position: number): string {
  return toGlobalId(CURSOR_TYPE, position);
}

/** The position a cursor names; BAD_USER_INPUT when it is not one of ours. */
export function decodeEventCursor(cursor: string, argument = 'after'): number {
  const position = decodeIdOf(CURSOR_TYPE, cursor);
  if (position === null) throw badUserInput('The cursor is malformed; pass a `cursor` received from this subscription.', argument);
  return position;
}
