/**
 * Thrown errors: the few failures that are not business outcomes. Everything else is a `UserError` in a payload.
 * Each carries `extensions.code`; the masking layer (src/server/errors.ts) lets exactly these codes through.
 */
import { GraphQLError } from 'graphql';

export const ThrownErrorCode = {
  /** No valid credentials were sent, or they expired. */
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** The viewer is known but may not do this. */
  FORBIDDEN: 'FORBIDDEN',
  /** The object does not exist, or the viewer may not see it (the two are not told apart). */
  NOT_FOUND: 'NOT_FOUND',
  /** Arguments are malformed at the GraphQL level (bad cursor, page size, global ID). */
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** Too many attempts; retry after `extensions.retryAfterSeconds`. */
  RATE_LIMITED: 'RATE_LIMITED',
  /**
   * A subscription's `after` cursor is older than the retained events (`OUTBOX_RETENTION_DAYS`): what followed it
   * can no longer be replayed. Refetch the current state and subscribe without `after`.
   */
  CURSOR_EXPIRED: 'CURSOR_EXPIRED',
  /**
   * A WebSocket connection already holds `WS_MAX_SUBSCRIPTIONS_PER_CONNECTION` subscriptions: this one is refused,
   * the others live on. Complete one first, or open another connection.
   */
  TOO_MANY_SUBSCRIPTIONS: 'TOO_MANY_SUBSCRIPTIONS',
  /** A dependency is down or the server is draining; retryable. */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  /** A bug; the message is masked and the details are logged. */
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ThrownErrorCode = (typeof ThrownErrorCode)[keyof typeof ThrownErrorCode];

/** Codes that reach clients as they are; any other error is masked to INTERNAL_SERVER_ERROR. */
export const PUBLIC_ERROR_CODES: ReadonlySet<string> = new Set([
  ...Object.values(ThrownErrorCode),
  // graphql-js / Apollo request errors
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

function thrown(code: ThrownErrorCode, message: string, status: number, extra: Record<string, unknown> = {}) {
  return new GraphQLError(message, { extensions: { code, ...extra, http: { status } } });
}

export const unauthenticated = (message = 'Log in to do this.') => thrown('UNAUTHENTICATED', message, 401);
export const forbidden = (message = 'You may not do this.') => thrown('FORBIDDEN', message, 403);
export const notFound = (what = 'The object') => thrown('NOT_FOUND', `${what} was not found.`, 404);
export const badUserInput = (message: string, argument?: string) =>
  thrown('BAD_USER_INPUT', message, 400, argument ? { argument } : {});
export const rateLimited = (retryAfterSeconds: number) =>
  thrown('RATE_LIMITED', `Too many attempts. Try again in ${retryAfterSeconds} seconds.`, 429, { retryAfterSeconds });
export const cursorExpired = () =>
  thrown('CURSOR_EXPIRED', 'The cursor is older than the retained events; refetch and subscribe without `after`.', 410);
export const tooManySubscriptions = (max: number) =>
  thrown('TOO_MANY_SUBSCRIPTIONS', `This connection already holds ${max} subscriptions; complete one first.`, 429, { maxSubscriptions: max });
export const serviceUnavailable = (message = 'The service is temporarily unavailable. Retry shortly.') =>
  thrown('SERVICE_UNAVAILABLE', message, 503);
