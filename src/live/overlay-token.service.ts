/**
 * Overlay tokens: read-only credentials for one stream's overlay page. A request or WebSocket with one gets the
 * `overlay` viewer, which src/server/overlay-access.ts confines to `liveStream` and `liveStreamEvents` of that stream.
 * Tokens are opaque (`kov_` + 32 random bytes), stored as a SHA-256, checked on every request and, for an open
 * subscription, at every event, so a revocation takes effect at once.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import type { Context } from '../shared/context';
import { unauthenticated } from '../shared/errors';
import { decodeIdOf, toGlobalId } from '../shared/ids';
import { failWith } from '../shared/user-error';
import { InputChecker } from '../shared/validation';
import { viewerUserId, type Viewer } from '../shared/viewer';
import { OverlayToken } from './overlay-token.entity';
import type { CreateOverlayTokenInput, RevokeOverlayTokenInput } from './overlay-token.inputs';
import { streamForMember } from './live-stream.service';

/** Tells overlay tokens from access tokens (JWTs) in an `Authorization` header. */
export const OVERLAY_TOKEN_PREFIX = 'kov_';
/** Most working (unrevoked) tokens per stream. @default 10 */
export const MAX_OVERLAY_TOKENS_PER_STREAM = 10;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export const isOverlayToken = (token: string) => token.startsWith(OVERLAY_TOKEN_PREFIX);

/** The overlay page of a stream, with its token, relative to the API's origin. */
export const overlayPath = (liveStreamId: number, token: string) => `/overlay/${encodeURIComponent(toGlobalId('LiveStream', liveStreamId))}?token=${encodeURIComponent(token)}`;

export interface CreatedOverlayToken {
  readonly overlayToken: OverlayToken;
  readonly token: string;
}

/** Creates a token for a stream whose shop the viewer belongs to; the plaintext is returned this once. */
export async function createOverlayToken(ctx: Context, input: CreateOverlayTokenInput): Promise<CreatedOverlayToken> {
  const stream = await streamForMember(ctx, input.liveStreamId);
  const check = new InputChecker();
  const label = check.optionalText('label', input.label, 60, 'Label');
  if ((await ctx.em.count(OverlayToken, { liveStream: stream.id, revokedAt: null })) >= MAX_OVERLAY_TOKENS_PER_STREAM) {
    check.fail(null, 'LIMIT_REACHED', `A stream may have at most ${MAX_OVERLAY_TOKENS_PER_STREAM} working overlay tokens; revoke one first.`);
  }
  check.assert();
  return issueOverlayToken(ctx.em, stream.id, viewerUserId(ctx.viewer)!, label, ctx.clock.now());
}

/** Writes a new token (no access check: callers have done it, or are the demo seed). */
export async function issueOverlayToken(em: EntityManager, liveStreamId: number, userId: number, label: string | null, now: Date): Promise<CreatedOverlayToken> {
  const token = `${OVERLAY_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const overlayToken = em.create(OverlayToken, { liveStream: liveStreamId, tokenHash: hashOf(token), label, createdBy: userId, createdAt: now });
  await em.flush();
  return { overlayToken, token };
}

/** Revokes a token of a stream whose shop the viewer belongs to; revoking a revoked token changes nothing. */
export async function revokeOverlayToken(ctx: Context, input: RevokeOverlayTokenInput): Promise<OverlayToken> {
  const field = ['input', 'tokenId'];
  const id = decodeIdOf('OverlayToken', input.tokenId);
  const overlayToken = id === null ? null : await ctx.em.findOne(OverlayToken, id);
  if (!overlayToken) failWith('NOT_FOUND', 'No such overlay token.', field);
  await streamForMember(ctx, toGlobalId('LiveStream', overlayToken.liveStream.id), field);
  if (!overlayToken.revokedAt) {
    overlayToken.revokedAt = ctx.clock.now();
    await ctx.em.flush();
  }
  return overlayToken;
}

/** The viewer of a working overlay token, or null when it is unknown or revoked. */
export async function overlayViewerOf(em: EntityManager, token: string): Promise<Viewer | null> {
  const found = await em.findOne(OverlayToken, { tokenHash: hashOf(token), revokedAt: null }, { fields: ['id', 'liveStream'] });
  return found ? { kind: 'overlay', tokenId: found.id, liveStreamId: found.liveStream.id } : null;
}

/** Throws UNAUTHENTICATED when the viewer's overlay token was revoked since it connected; any other viewer passes. */
export async function assertOverlayTokenWorks(em: EntityManager, viewer: Viewer): Promise<void> {
  if (viewer.kind !== 'overlay') return;
  if ((await em.count(OverlayToken, { id: viewer.tokenId, revokedAt: null })) === 0) throw unauthenticated('The overlay token was revoked.');
}
