/**
 * Turns an `Authorization: Bearer …` value into a viewer. No header is an anonymous viewer; a bad one is an error.
 * An access token (a JWT) is a user; an overlay token (`kov_…`) is the overlay viewer of one stream.
 */
import { verifyAccessToken } from '../accounts/tokens';
import type { AppServices } from '../shared/context';
import { defineSharedRead } from '../shared/loaders';
import { jsonValue, selectRows } from '../shared/sql';
import { isOverlayToken, overlayViewerOf } from '../live/overlay-token.service';
import { anonymousViewer, type Role, type Viewer } from '../shared/viewer';

export type AuthResult = { ok: true; viewer: Viewer } | { ok: false; reason: string };

export async function authenticate(app: AppServices, authorization: unknown): Promise<AuthResult> {
  if (authorization === undefined || authorization === null || authorization === '') {
    return { ok: true, viewer: anonymousViewer };
  }
  if (typeof authorization !== 'string') return { ok: false, reason: 'The authorization value must be a string.' };
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) return { ok: false, reason: 'Send the token as "Bearer <token>".' };
  const token = match[1]!;
  if (isOverlayToken(token)) {
    const viewer = await overlayViewerOf(app.orm.em.fork(), token);
    return viewer ? { ok: true, viewer } : { ok: false, reason: 'The overlay token is not valid or was revoked.' };
  }
  const check = await verifyAccessToken(app.config, token, app.clock.now());
  if (!check.ok) {
    return { ok: false, reason: check.reason === 'expired' ? 'The token has expired; log in again.' : 'The token is not valid.' };
  }
  const roles = await rolesOf.get(app.orm).load(check.userId);
  if (!roles) return { ok: false, reason: 'The account of this token no longer exists.' };
  return { ok: true, viewer: { kind: 'user', userId: check.userId, roles } };
}

/**
 * Roles are read fresh for every request, so a new role (e.g. SELLER after shop approval) applies without a new
 * token; requests authenticated in the same turn share the statement.
 */
const rolesOf = defineSharedRead<number, Role[] | null>(async (em, ids) => {
  // A plain statement: every request pays for it, and a MikroORM find with partial entities costs ten times its CPU.
  const distinct = [...new Set(ids)];
  const users = await selectRows<{ id: number; roles: unknown }>(em, `select id, roles from app_user where id in (${distinct.map(() => '?').join(', ')})`, distinct);
  const byId = new Map(users.map((user) => [Number(user.id), jsonValue<Role[]>(em, user.roles)]));
  return ids.map((id) => byId.get(id) ?? null);
});
