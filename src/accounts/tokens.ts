/** Access tokens: HS256 JWTs signed with `JWT_SECRET` (jose). The subject is the user's database id. */
import { SignJWT, jwtVerify, errors } from 'jose';
import type { Config } from '../config';

const ISSUER = 'kedai-live';
const AUDIENCE = 'kedai-live-api';

export interface AccessToken {
  readonly token: string;
  readonly expiresAt: Date;
}

const keyOf = (config: Config) => new TextEncoder().encode(config.jwtSecret);

export async function signAccessToken(config: Config, userId: number, now: Date): Promise<AccessToken> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const expiresAt = issuedAt + config.jwtTtlSeconds;
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(String(userId))
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(keyOf(config));
  return { token, expiresAt: new Date(expiresAt * 1000) };
}

export type TokenCheck = { ok: true; userId: number } | { ok: false; reason: 'expired' | 'invalid' };

export async function verifyAccessToken(config: Config, token: string, now: Date): Promise<TokenCheck> {
  try {
    const { payload } = await jwtVerify(token, keyOf(config), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
      currentDate: now,
    });
    const userId = Number(payload.sub);
    return Number.isSafeInteger(userId) && userId > 0 ? { ok: true, userId } : { ok: false, reason: 'invalid' };
  } catch (error) {
    return { ok: false, reason: error instanceof errors.JWTExpired ? 'expired' : 'invalid' };
  }
}
