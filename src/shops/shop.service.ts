/** Seller onboarding: registration, contact-email confirmation, review, settings, follows. */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { checkAddressFields } from '../accounts/address.service';
import { requireViewerUser } from '../accounts/account.service';
import { User } from '../accounts/user.entity';
import { recordEvent } from '../events/outbox';
import { Topic } from '../events/topics';
import type { Context } from '../shared/context';
import { decodeIdOf } from '../shared/ids';
import { assertTransition } from '../shared/state-machine';
import { failWith } from '../shared/user-error';
import { EMAIL_PATTERN, InputChecker, isWebUrl } from '../shared/validation';
import { Role } from '../shared/viewer';
import { shopForMember } from './shop-access';
import { reservedWordIn, shopRules } from './shop-rules';
import { shopTransitions } from './shop-status';
import { Shop, ShopFollow, ShopMember, ShopMemberRole, ShopStatus } from './shop.entity';
import type { ShopErrorCode } from './shop.errors';
import {
  ShopReviewDecision,
  type RegisterShopInput,
  type ReviewShopInput,
  type ShopIdInput,
  type UpdateShopSettingsInput,
  type VerifyShopEmailInput,
} from './shop.inputs';

export const ShopEvent = {
  REGISTERED: 'SHOP_REGISTERED',
  EMAIL_VERIFIED: 'SHOP_EMAIL_VERIFIED',
  REVIEWED: 'SHOP_REVIEWED',
  SETTINGS_UPDATED: 'SHOP_SETTINGS_UPDATED',
} as const;

const code = (c: ShopErrorCode) => c;
const nameKeyOf = (name: string) => name.trim().toLowerCase().replace(/\s+/g, ' ');

export async function registerShop(ctx: Context, input: RegisterShopInput): Promise<Shop> {
  const owner = await requireViewerUser(ctx);
  const check = new InputChecker();
  const { name: nameRule, handle: handleRule } = shopRules;

  const name = check.text('name', input.name, nameRule.min, nameRule.max, 'Shop name').replace(/\s+/g, ' ');
  check.matches('name', name, nameRule.pattern, "Shop name may only use letters, digits, spaces and & ' . -");
  const handle = check.text('handle', input.handle, handleRule.min, handleRule.max, 'Handle').toLowerCase();
  check.matches('handle', handle, handleRule.pattern, 'Handle may only use lower-case letters, digits, dots, hyphens and underscores.');
  for (const [field, value] of [['name', name], ['handle', handle]] as const) {
    const word = reservedWordIn(value);
    if (word) check.fail(field, code('RESERVED_NAME'), `"${word}" is reserved by the platform.`);
  }

  const countryCode = input.countryCode.trim().toUpperCase();
  if (!ctx.config.shopCountries.includes(countryCode)) {
    check.fail('countryCode', code('COUNTRY_NOT_ELIGIBLE'), `Shops can register from ${ctx.config.shopCountries.join(', ')}.`);
  }

  const w = input.warehouseAddress;
  const address = checkAddressFields(check, { ...w, recipientName: w.contactName, label: undefined }, 'warehouseAddress.', 'contactName');

  const documentNumber = input.identity.documentNumber.replace(/[\s.-]/g, '').toUpperCase();
  if (!shopRules.identityNumber[input.identity.documentType]!.test(documentNumber)) {
    check.fail('identity.documentNumber', 'INVALID_INPUT', `That is not a valid ${input.identity.documentType} number.`);
  }
  const bankName = check.text('bankAccount.bankName', input.bankAccount.bankName, 2, 40, 'Bank name');
  const accountNumber = input.bankAccount.accountNumber.replace(/[\s-]/g, '');
  if (!shopRules.bankAccountNumber.test(accountNumber)) {
    check.fail('bankAccount.accountNumber', 'INVALID_INPUT', 'Account number must be 6–20 digits.');
  }
  const holder = check.text('bankAccount.holderName', input.bankAccount.holderName, 1, 80, 'Account holder');
  const contactEmail = check.text('contactEmail', input.contactEmail, 3, 254, 'Contact email');
  check.matches('contactEmail', contactEmail, EMAIL_PATTERN, 'Contact email must look like name@example.com.');
  check.assert();

  if ((await ctx.em.count(ShopMember, { user: owner, role: ShopMemberRole.OWNER })) >= shopRules.maxShopsPerOwner) {
    failWith('LIMIT_REACHED', `You can own at most ${shopRules.maxShopsPerOwner} shops.`);
  }
  await assertNameAndHandleFree(ctx, nameKeyOf(name), handle);

  const now = ctx.clock.now();
  let emailCode = '';
  try {
    // One transaction: the shop, its owner membership and its event (which needs the shop's id).
    const shop = await ctx.em.transactional(async (em) => {
      const created = em.create(Shop, {
        name,
        nameKey: nameKeyOf(name),
        handle,
        owner: owner.id,
        status: ShopStatus.PENDING_REVIEW,
        countryCode,
        warehouseContactName: address.recipientName!,
        warehousePhone: address.phone!,
        warehouseLine1: address.line1!,
        warehouseLine2: address.line2 ?? null,
        warehouseDistrict: address.district!,
        warehouseCity: address.city!,
        warehouseProvince: address.province!,
        warehousePostalCode: address.postalCode!,
        identityDocumentType: input.identity.documentType,
        identityDocumentNumber: documentNumber,
        bankName,
        bankAccountNumber: accountNumber,
        bankAccountHolder: holder,
        contactEmail,
        createdAt: now,
        updatedAt: now,
      });
      em.create(ShopMember, { shop: created, user: owner.id, role: ShopMemberRole.OWNER, createdAt: now });
      emailCode = issueEmailCode(ctx, created);
      await em.flush();
      recordEvent(em, ctx.clock, { topic: Topic.shop(created.id), type: ShopEvent.REGISTERED, payload: { shopId: created.id, ownerId: owner.id } });
      return created;
    });
    await sendEmailCode(ctx, shop, emailCode);
    return shop;
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) await assertNameAndHandleFree(ctx, nameKeyOf(name), handle, true);
    throw error;
  }
}

async function assertNameAndHandleFree(ctx: Context, nameKey: string, handle: string, fresh = false): Promise<void> {
  const em = fresh ? ctx.app.orm.em.fork() : ctx.em;
  const check = new InputChecker();
  if ((await em.count(Shop, { nameKey })) > 0) check.fail('name', code('SHOP_NAME_TAKEN'), 'Another shop has this name.');
  if ((await em.count(Shop, { handle })) > 0) check.fail('handle', code('SHOP_HANDLE_TAKEN'), 'Another shop has this handle.');
  check.assert();
}

/** Codes are stored as an HMAC bound to the shop's handle, never in plain text. */
function codeHash(ctx: Context, shop: Shop, value: string): string {
  return createHmac('sha256', ctx.config.jwtSecret).update(`shop-email:${shop.handle}:${value}`).digest('base64url');
}

/** Sets a new code on the shop (hashed; the plain code is returned for sending after commit). */
function issueEmailCode(ctx: Context, shop: Shop): string {
  const value = String(randomInt(0, 1_000_000)).padStart(6, '0');
  shop.emailCodeHash = codeHash(ctx, shop, value);
  shop.emailCodeExpiresAt = new Date(ctx.clock.now().getTime() + shopRules.emailCode.ttlMinutes * 60_000);
  shop.emailCodeAttempts = 0;
  return value;
}

/** Sent after the commit: a crash in between loses only the mail, and the owner can ask for another code. */
async function sendEmailCode(ctx: Context, shop: Shop, value: string): Promise<void> {
  await ctx.app.mailer.send({
    to: shop.contactEmail,
    subject: `Kode konfirmasi toko ${shop.name}: ${value}`,
    text: `Your Kedai Live confirmation code for ${shop.name} is ${value}. It expires in ${shopRules.emailCode.ttlMinutes} minutes.`,
  });
}

export async function resendShopEmailCode(ctx: Context, input: ShopIdInput): Promise<Shop> {
  const shop = await shopForMember(ctx, input.shopId, [ShopMemberRole.OWNER]);
  await ctx.em.populate(shop, ['emailCodeHash']);
  if (shop.contactEmailVerifiedAt) failWith(code('EMAIL_ALREADY_VERIFIED'), 'The contact email is confirmed already.');
  const issuedAt = (shop.emailCodeExpiresAt?.getTime() ?? 0) - shopRules.emailCode.ttlMinutes * 60_000;
  if (ctx.clock.now().getTime() - issuedAt < shopRules.emailCode.resendCooldownSeconds * 1000) {
    failWith(code('TOO_SOON'), `Wait ${shopRules.emailCode.resendCooldownSeconds} seconds between codes.`);
  }
  const value = issueEmailCode(ctx, shop);
  await ctx.em.flush();
  await sendEmailCode(ctx, shop, value);
  return shop;
}

export async function verifyShopEmail(ctx: Context, input: VerifyShopEmailInput): Promise<Shop> {
  const shop = await shopForMember(ctx, input.shopId, [ShopMemberRole.OWNER]);
  await ctx.em.populate(shop, ['emailCodeHash']);
  if (shop.contactEmailVerifiedAt) failWith(code('EMAIL_ALREADY_VERIFIED'), 'The contact email is confirmed already.');
  if (!shop.emailCodeHash || !shop.emailCodeExpiresAt || shop.emailCodeExpiresAt <= ctx.clock.now()) {
    failWith(code('CODE_EXPIRED'), 'The code expired; ask for a new one.', ['input', 'code']);
  }
  if (shop.emailCodeAttempts >= shopRules.emailCode.maxAttempts) {
    failWith(code('TOO_MANY_ATTEMPTS'), 'Too many wrong codes; ask for a new one.', ['input', 'code']);
  }
  const expected = Buffer.from(shop.emailCodeHash);
  const actual = Buffer.from(codeHash(ctx, shop, input.code.trim()));
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    shop.emailCodeAttempts += 1;
    await ctx.em.flush();
    failWith(code('INVALID_CODE'), 'The code is wrong.', ['input', 'code']);
  }
  shop.contactEmailVerifiedAt = ctx.clock.now();
  shop.emailCodeHash = null;
  shop.emailCodeExpiresAt = null;
  recordEvent(ctx.em, ctx.clock, { topic: Topic.shop(shop.id), type: ShopEvent.EMAIL_VERIFIED, payload: { shopId: shop.id } });
  await ctx.em.flush();
  return shop;
}

export async function reviewShop(ctx: Context, input: ReviewShopInput): Promise<Shop> {
  const id = decodeIdOf('Shop', input.shopId);
  const shop = id === null ? null : await ctx.em.findOne(Shop, id);
  if (!shop) failWith('NOT_FOUND', 'No such shop.', ['input', 'shopId']);
  const approve = input.decision === ShopReviewDecision.APPROVE;
  const to = approve ? ShopStatus.APPROVED : ShopStatus.REJECTED;
  assertTransition(shopTransitions, shop.status, to, 'The shop', ['input', 'decision']);
  const check = new InputChecker();
  const note = check.optionalText('note', input.note, 500, 'Note');
  if (!approve && !note) check.fail('note', 'INVALID_INPUT', 'Say why the shop is rejected.');
  check.assert();
  if (approve && !shop.contactEmailVerifiedAt) {
    failWith(code('EMAIL_NOT_VERIFIED'), 'The shop has not confirmed its contact email yet.', ['input', 'shopId']);
  }

  const now = ctx.clock.now();
  shop.status = to;
  shop.reviewNote = note;
  shop.reviewedAt = now;
  shop.updatedAt = now;
  if (approve) {
    const owner = await ctx.em.findOneOrFail(User, shop.owner.id);
    if (!owner.roles.includes(Role.SELLER)) owner.roles = [...owner.roles, Role.SELLER];
  }
  recordEvent(ctx.em, ctx.clock, {
    topic: Topic.shop(shop.id),
    type: ShopEvent.REVIEWED,
    payload: { shopId: shop.id, ownerId: shop.owner.id, status: to, note },
  });
  await ctx.em.flush();
  return shop;
}

export async function updateShopSettings(ctx: Context, input: UpdateShopSettingsInput): Promise<Shop> {
  const shop = await shopForMember(ctx, input.shopId, [ShopMemberRole.OWNER]);
  if (shop.version !== input.expectedVersion) {
    failWith('VERSION_CONFLICT', `The settings changed since version ${input.expectedVersion}; reload them (now version ${shop.version}).`, ['input', 'expectedVersion']);
  }
  const check = new InputChecker();
  const changes: Partial<Shop> = {};
  if (input.description !== undefined && input.description !== null) changes.description = check.optionalText('description', input.description, 1000, 'Description');
  if (input.logoUrl !== undefined && input.logoUrl !== null) {
    const url = input.logoUrl.trim();
    if (url !== '' && !isWebUrl(url)) check.fail('logoUrl', 'INVALID_INPUT', 'Logo must be an https URL of at most 500 characters.');
    changes.logoUrl = url === '' ? null : url;
  }
  if (input.autoConfirmOrders != null) changes.autoConfirmOrders = input.autoConfirmOrders;
  if (input.chatAutoReply !== undefined && input.chatAutoReply !== null) changes.chatAutoReply = check.optionalText('chatAutoReply', input.chatAutoReply, 500, 'Auto-reply');
  check.assert();

  ctx.em.assign(shop, { ...changes, updatedAt: ctx.clock.now() });
  recordEvent(ctx.em, ctx.clock, { topic: Topic.shop(shop.id), type: ShopEvent.SETTINGS_UPDATED, payload: { shopId: shop.id } });
  try {
    // The version column makes this an `update … where version = ?`: a concurrent writer loses cleanly.
    await ctx.em.flush();
  } catch (error) {
    if ((error as Error).name === 'OptimisticLockError') {
      failWith('VERSION_CONFLICT', 'The settings changed while you were saving; reload them.', ['input', 'expectedVersion']);
    }
    throw error;
  }
  return shop;
}

async function followTarget(ctx: Context, globalId: string): Promise<Shop> {
  const id = decodeIdOf('Shop', globalId);
  const shop = id === null ? null : await ctx.em.findOne(Shop, { id, status: ShopStatus.APPROVED });
  if (!shop) failWith('NOT_FOUND', 'No such shop.', ['input', 'shopId']);
  return shop;
}

/** Idempotent: following twice is one follow. */
export async function followShop(ctx: Context, input: ShopIdInput): Promise<Shop> {
  const user = await requireViewerUser(ctx);
  const shop = await followTarget(ctx, input.shopId);
  if ((await ctx.em.count(ShopFollow, { shop, user })) === 0) {
    ctx.em.create(ShopFollow, { shop, user, createdAt: ctx.clock.now() });
    try {
      await ctx.em.flush();
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
    }
  }
  return shop;
}

/** Idempotent: unfollowing a shop you do not follow does nothing. */
export async function unfollowShop(ctx: Context, input: ShopIdInput): Promise<Shop> {
  const user = await requireViewerUser(ctx);
  const shop = await followTarget(ctx, input.shopId);
  await ctx.em.nativeDelete(ShopFollow, { shop, user });
  return shop;
}
