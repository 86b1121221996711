/** Sign-up, log-in and the viewer's own account. */
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { recordEvent } from '../events/outbox';
import { Topic } from '../events/topics';
import type { Context } from '../shared/context';
import { rateLimited, unauthenticated } from '../shared/errors';
import { failWith } from '../shared/user-error';
import { EMAIL_PATTERN, InputChecker } from '../shared/validation';
import { Role, viewerUserId } from '../shared/viewer';
import type { AccountErrorCode } from './account.errors';
import type { LogInInput, SignUpInput } from './account.inputs';
import { decoyHash, hashPassword, verifyPassword } from './password';
import { signAccessToken, type AccessToken } from './tokens';
import { User } from './user.entity';

export const AccountEvent = {
  /** The account or its addresses changed. Payload: `{ userId, change }`. */
  UPDATED: 'ACCOUNT_UPDATED',
} as const;

export interface Session {
  readonly user: User;
  readonly accessToken: AccessToken;
}

const code = (c: AccountErrorCode) => c;

export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

export async function signUp(ctx: Context, input: SignUpInput): Promise<Session> {
  const check = new InputChecker();
  const name = check.text('name', input.name, 1, 80, 'Name');
  const email = check.text('email', input.email, 3, 254, 'Email');
  check.matches('email', email, EMAIL_PATTERN, 'Email must look like name@example.com.');
  checkPassword(check, input.password, email);
  check.assert();

  const key = emailKey(email);
  if ((await ctx.em.count(User, { emailKey: key })) > 0) {
    failWith(code('EMAIL_TAKEN'), 'An account with this email exists already. Log in instead.', ['input', 'email']);
  }
  const now = ctx.clock.now();
  const user = ctx.em.create(User, {
    name,
    email,
    emailKey: key,
    passwordHash: await hashPassword(input.password, ctx.config.passwordHashCost),
    roles: [Role.BUYER],
    createdAt: now,
    updatedAt: now,
  });
  try {
    await ctx.em.flush();
  } catch (error) {
    // Two sign-ups with one email at the same moment: the unique index decides.
    if (error instanceof UniqueConstraintViolationException) {
      failWith(code('EMAIL_TAKEN'), 'An account with this email exists already. Log in instead.', ['input', 'email']);
    }
    throw error;
  }
  return { user, accessToken: await signAccessToken(ctx.config, user.id, now) };
}

function checkPassword(check: InputChecker, password: string, email: string): void {
  const weak = (message: string) => check.fail('password', code('WEAK_PASSWORD'), message);
  if (password.length < 8) weak('Password needs at least 8 characters.');
  else if (password.length > 128) weak('Password can have at most 128 characters.');
  else if (new Set(password).size < 3) weak('Password needs at least 3 different characters.');
  else if (emailKey(password) === emailKey(email)) weak('Password must not be your email.');
}

export async function logIn(ctx: Context, input: LogInInput): Promise<Session> {
  const key = emailKey(input.email);
  const limits = ctx.config.logInRateLimit;
  const [byEmail, byClient] = await Promise.all([
    ctx.app.rateLimiter.hit(`login:email:${key}`, limits.perEmail, limits.windowSeconds),
    ctx.app.rateLimiter.hit(`login:client:${ctx.clientAddress}`, limits.perClient, limits.windowSeconds),
  ]);
  if (!byEmail.allowed || !byClient.allowed) {
    throw rateLimited(Math.max(byEmail.allowed ? 0 : byEmail.retryAfterSeconds, byClient.allowed ? 0 : byClient.retryAfterSeconds));
  }

  const user = await ctx.em.findOne(User, { emailKey: key }, { populate: ['passwordHash'] });
  const stored = user?.passwordHash ?? (await decoyHash(ctx.config.passwordHashCost));
  const valid = (await verifyPassword(input.password, stored)) && user !== null;
  if (!valid || !user) {
    failWith(code('INVALID_CREDENTIALS'), 'The email or password is wrong.');
  }
  await ctx.app.rateLimiter.reset(`login:email:${key}`);
  return { user, accessToken: await signAccessToken(ctx.config, user.id, ctx.clock.now()) };
}

/** The logged-in user, or UNAUTHENTICATED. */
/**
 * The viewer's user id, or UNAUTHENTICATED. The request's authentication already found the user, so mutations that
 * only need the id (placing an order) save loading the whole row.
 */
export function requireViewerId(ctx: Context): number {
  const userId = viewerUserId(ctx.viewer);
  if (userId === null) throw unauthenticated();
  return userId;
}

export async function requireViewerUser(ctx: Context): Promise<User> {
  const userId = viewerUserId(ctx.viewer);
  const user = userId === null ? null : await ctx.em.findOne(User, userId);
  if (!user) throw unauthenticated();
  return user;
}

/** The viewer may see a user: themselves, or anyone for admins. */
export function canSeeUser(ctx: Context, userId: number): boolean {
  return viewerUserId(ctx.viewer) === userId || (ctx.viewer.kind === 'user' && ctx.viewer.roles.includes(Role.ADMIN));
}

export function recordAccountUpdated(ctx: Context, userId: number, change: string): void {
  recordEvent(ctx.em, ctx.clock, { topic: Topic.user(userId), type: AccountEvent.UPDATED, payload: { userId, change } });
}
