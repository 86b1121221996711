import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  FollowShopDocument,
  RegisterShopDocument,
  ResendShopEmailCodeDocument,
  ReviewShopDocument,
  ShopByHandleDocument,
  ShopByIdDocument,
  ShopsDocument,
  UnfollowShopDocument,
  UpdateShopSettingsDocument,
  VerifyShopEmailDocument,
  ViewerShopsDocument,
} from '../generated/graphql';
import { codes } from '../support/client';
import { Role } from '../../src/shared/viewer';
import { createStaffUser, signUpBuyer, type Actor } from '../support/actors';
import { describeStore, startTestServer, type TestServer } from '../support/server';
import { shopInput } from '../support/shops';

describeStore('shops: onboarding, review, settings and follows', () => {
  let server: TestServer;
  let budi: Actor;
  let admin: Actor;
  let siti: Actor;
  let shopId: string;

  beforeAll(async () => {
    server = await startTestServer();
    budi = await signUpBuyer(server, 'Budi');
    siti = await signUpBuyer(server, 'Siti');
    admin = await createStaffUser(server, Role.ADMIN);
  });
  afterAll(() => server?.stop());

  it('registers a shop as PENDING_REVIEW with its private data masked, and mails a code', async () => {
    const { registerShop } = await budi.client.data(RegisterShopDocument, { input: shopInput('Toko Budi', 'Toko-Budi') });
    expect(registerShop.userErrors).toEqual([]);
    const shop = registerShop.shop!;
    shopId = shop.id;
    expect(shop).toMatchObject({
      name: 'Toko Budi',
      handle: 'toko-budi',
      status: 'PENDING_REVIEW',
      contactEmailVerified: false,
      viewerRole: 'OWNER',
      version: 1,
      verification: { documentType: 'KTP', documentNumberMasked: '••••••••••••7890' },
      payoutAccount: { bankName: 'BCA', accountNumberMasked: '••••••7890', holderName: 'Budi Santoso' },
      warehouseAddress: { phone: '+6281311112222', postalCode: '13510' },
    });
    expect(JSON.stringify(shop)).not.toContain('3174051234567890');
    expect(server.mailer.lastCode('toko-budi@example.com')).toMatch(/^\d{6}$/);
  });

  it('hides a pending shop from everyone but its members and admins', async () => {
    expect((await siti.client.data(ShopByIdDocument, { id: shopId })).shop).toBeNull();
    expect((await server.client.data(ShopByHandleDocument, { handle: 'toko-budi' })).shop).toBeNull();
    expect((await admin.client.data(ShopByIdDocument, { id: shopId })).shop?.status).toBe('PENDING_REVIEW');
    const listed = await siti.client.data(ShopsDocument, {});
    expect(listed.shops.edges.map((e) => e.node.id)).not.toContain(shopId);
    const forbidden = await siti.client.request(ShopsDocument, { status: 'PENDING_REVIEW' });
    expect(codes(forbidden.errors)).toEqual(['BAD_USER_INPUT']);
    const queue = await admin.client.data(ShopsDocument, { status: 'PENDING_REVIEW' });
    expect(queue.shops.edges.map((e) => e.node.id)).toContain(shopId);
  });

  it('refuses taken names (any case), taken handles, reserved words and ineligible countries, all at once', async () => {
    const { registerShop } = await siti.client.data(RegisterShopDocument, {
      input: { ...shopInput('TOKO BUDI', 'toko-budi'), countryCode: 'US' },
    });
    expect(registerShop.userErrors.map((e) => e.code).sort()).toEqual(['COUNTRY_NOT_ELIGIBLE']);
    const taken = await siti.client.data(RegisterShopDocument, { input: shopInput('TOKO  budi', 'toko-budi') });
    expect(taken.registerShop.userErrors.map((e) => [e.code, e.field])).toEqual([
      ['SHOP_NAME_TAKEN', ['input', 'name']],
      ['SHOP_HANDLE_TAKEN', ['input', 'handle']],
    ]);
    const reserved = await siti.client.data(RegisterShopDocument, { input: shopInput('Kedai Official Store', 'admin-shop') });
    expect(reserved.registerShop.userErrors.map((e) => [e.code, e.field])).toEqual([
      ['RESERVED_NAME', ['input', 'name']],
      ['RESERVED_NAME', ['input', 'handle']],
    ]);
  });

  it('checks the identity number, account number, phone, postal code and email formats', async () => {
    const input = shopInput('Toko Siti', 'toko-siti');
    const { registerShop } = await siti.client.data(RegisterShopDocument, {
      input: {
        ...input,
        contactEmail: 'nope',
        identity: { documentType: 'KTP', documentNumber: '123' },
        bankAccount: { ...input.bankAccount, accountNumber: '12ab' },
        warehouseAddress: { ...input.warehouseAddress, phone: '555', postalCode: '1' },
      },
    });
    expect(registerShop.userErrors.map((e) => e.field!.join('.')).sort()).toEqual([
      'input.bankAccount.accountNumber',
      'input.contactEmail',
      'input.identity.documentNumber',
      'input.warehouseAddress.phone',
      'input.warehouseAddress.postalCode',
    ]);
  });

  it('lets only the owner confirm the email, counting wrong codes', async () => {
    const other = await siti.client.data(VerifyShopEmailDocument, { input: { shopId, code: '000000' } });
    expect(other.verifyShopEmail.userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);

    const code = server.mailer.lastCode('toko-budi@example.com');
    const wrong = await budi.client.data(VerifyShopEmailDocument, { input: { shopId, code: code === '111111' ? '222222' : '111111' } });
    expect(wrong.verifyShopEmail.userErrors.map((e) => [e.code, e.field])).toEqual([['INVALID_CODE', ['input', 'code']]]);

    const early = await admin.client.data(ReviewShopDocument, { input: { shopId, decision: 'APPROVE' } });
    expect(early.reviewShop.userErrors.map((e) => e.code)).toEqual(['EMAIL_NOT_VERIFIED']);

    const ok = await budi.client.data(VerifyShopEmailDocument, { input: { shopId, code } });
    expect(ok.verifyShopEmail).toMatchObject({ shop: { contactEmailVerified: true }, userErrors: [] });
    const again = await budi.client.data(VerifyShopEmailDocument, { input: { shopId, code } });
    expect(again.verifyShopEmail.userErrors.map((e) => e.code)).toEqual(['EMAIL_ALREADY_VERIFIED']);
  });

  it('expires codes, limits attempts and throttles resends', async () => {
    const { registerShop } = await siti.client.data(RegisterShopDocument, { input: shopInput('Warung Siti', 'warung-siti') });
    const id = registerShop.shop!.id;
    const tooSoon = await siti.client.data(ResendShopEmailCodeDocument, { input: { shopId: id } });
    expect(tooSoon.resendShopEmailCode.userErrors.map((e) => e.code)).toEqual(['TOO_SOON']);

    for (let i = 0; i < 5; i += 1) {
      const wrong = await siti.client.data(VerifyShopEmailDocument, { input: { shopId: id, code: 'x' } });
      expect(wrong.verifyShopEmail.userErrors.map((e) => e.code)).toEqual(['INVALID_CODE']);
    }
    const code = server.mailer.lastCode('warung-siti@example.com');
    const locked = await siti.client.data(VerifyShopEmailDocument, { input: { shopId: id, code } });
    expect(locked.verifyShopEmail.userErrors.map((e) => e.code)).toEqual(['TOO_MANY_ATTEMPTS']);

    server.clock.advance(61_000);
    const resent = await siti.client.data(ResendShopEmailCodeDocument, { input: { shopId: id } });
    expect(resent.resendShopEmailCode.userErrors).toEqual([]);
    server.clock.advance(16 * 60_000);
    const expired = await siti.client.data(VerifyShopEmailDocument, { input: { shopId: id, code: server.mailer.lastCode('warung-siti@example.com') } });
    expect(expired.verifyShopEmail.userErrors.map((e) => e.code)).toEqual(['CODE_EXPIRED']);
  });

  it('lets only admins review, requires a reason to reject, and reviews once', async () => {
    const notAdmin = await budi.client.request(ReviewShopDocument, { input: { shopId, decision: 'APPROVE' } });
    expect(codes(notAdmin.errors)).toEqual(['FORBIDDEN']);
    const noReason = await admin.client.data(ReviewShopDocument, { input: { shopId, decision: 'REJECT' } });
    expect(noReason.reviewShop.userErrors.map((e) => [e.code, e.field])).toEqual([['INVALID_INPUT', ['input', 'note']]]);

    const approved = await admin.client.data(ReviewShopDocument, { input: { shopId, decision: 'APPROVE' } });
    expect(approved.reviewShop).toMatchObject({ shop: { status: 'APPROVED' }, userErrors: [] });
    const twice = await admin.client.data(ReviewShopDocument, { input: { shopId, decision: 'REJECT', note: 'changed my mind' } });
    expect(twice.reviewShop.userErrors.map((e) => e.code)).toEqual(['INVALID_TRANSITION']);
  });

  it('makes the owner a SELLER, and shows the approved shop to everyone without private data', async () => {
    const { viewer } = await budi.client.data(ViewerShopsDocument);
    expect(viewer!.roles).toContain('SELLER');
    expect(viewer!.shops.edges.map((e) => e.node)).toEqual([{ id: shopId, name: 'Toko Budi', status: 'APPROVED', viewerRole: 'OWNER' }]);

    const { shop } = await server.client.data(ShopByHandleDocument, { handle: 'TOKO-BUDI' });
    expect(shop).toMatchObject({ id: shopId, status: 'APPROVED', contactEmail: null, warehouseAddress: null, verification: null, payoutAccount: null, viewerRole: null });
    const search = await server.client.data(ShopsDocument, { query: 'budi' });
    expect(search.shops.edges.map((e) => e.node.id)).toEqual([shopId]);
  });

  it('rejects with a note the owner can read', async () => {
    const andi = await signUpBuyer(server, 'Andi');
    const { registerShop } = await andi.client.data(RegisterShopDocument, { input: shopInput('Toko Andi', 'toko-andi') });
    const id = registerShop.shop!.id;
    const { reviewShop } = await admin.client.data(ReviewShopDocument, { input: { shopId: id, decision: 'REJECT', note: 'KTP photo unreadable' } });
    expect(reviewShop.shop?.status).toBe('REJECTED');
    expect((await andi.client.data(ShopByIdDocument, { id })).shop).toMatchObject({ status: 'REJECTED', reviewNote: 'KTP photo unreadable' });
    expect((await siti.client.data(ShopByIdDocument, { id })).shop).toBeNull();
  });

  it('updates settings with optimistic versioning, owner only', async () => {
    const staffless = await siti.client.data(UpdateShopSettingsDocument, { input: { shopId, expectedVersion: 1, description: 'x' } });
    expect(staffless.updateShopSettings.userErrors.map((e) => e.code)).toEqual(['FORBIDDEN']);

    const { shop } = await budi.client.data(ShopByIdDocument, { id: shopId });
    const version = shop!.version;
    const first = await budi.client.data(UpdateShopSettingsDocument, {
      input: { shopId, expectedVersion: version, description: 'Batik tulis asli Pekalongan', autoConfirmOrders: true, logoUrl: 'https://cdn.example.com/budi.png' },
    });
    expect(first.updateShopSettings.userErrors).toEqual([]);
    expect(first.updateShopSettings.shop).toMatchObject({ description: 'Batik tulis asli Pekalongan', autoConfirmOrders: true, version: version + 1 });

    const stale = await budi.client.data(UpdateShopSettingsDocument, { input: { shopId, expectedVersion: version, chatAutoReply: 'Halo!' } });
    expect(stale.updateShopSettings.userErrors.map((e) => [e.code, e.field])).toEqual([['VERSION_CONFLICT', ['input', 'expectedVersion']]]);

    const badUrl = await budi.client.data(UpdateShopSettingsDocument, { input: { shopId, expectedVersion: version + 1, logoUrl: 'javascript:alert(1)' } });
    expect(badUrl.updateShopSettings.userErrors.map((e) => [e.code, e.field])).toEqual([['INVALID_INPUT', ['input', 'logoUrl']]]);

    const concurrent = await Promise.all(
      ['Halo!', 'Selamat datang!', 'Hai kak!'].map((reply) =>
        budi.client.data(UpdateShopSettingsDocument, { input: { shopId, expectedVersion: version + 1, chatAutoReply: reply } }),
      ),
    );
    expect(concurrent.filter((r) => r.updateShopSettings.userErrors.length === 0)).toHaveLength(1);
    for (const r of concurrent.filter((r) => r.updateShopSettings.userErrors.length > 0)) {
      expect(r.updateShopSettings.userErrors.map((e) => e.code)).toEqual(['VERSION_CONFLICT']);
    }
  });

  it('follows and unfollows idempotently, counting followers', async () => {
    const follow = () => siti.client.data(FollowShopDocument, { input: { shopId } });
    expect((await follow()).followShop.shop).toMatchObject({ followerCount: 1, viewerIsFollowing: true });
    expect((await follow()).followShop.shop).toMatchObject({ followerCount: 1, viewerIsFollowing: true });
    const { viewer } = await siti.client.data(ViewerShopsDocument);
    expect(viewer!.followedShops.edges.map((e) => e.node.id)).toEqual([shopId]);
    const unfollow = await siti.client.data(UnfollowShopDocument, { input: { shopId } });
    expect(unfollow.unfollowShop.shop).toMatchObject({ followerCount: 0, viewerIsFollowing: false });
    expect((await siti.client.data(UnfollowShopDocument, { input: { shopId } })).unfollowShop.userErrors).toEqual([]);
  });

  it('limits an owner to 3 shops', async () => {
    const owner = await signUpBuyer(server, 'Many');
    for (let i = 1; i <= 3; i += 1) {
      const { registerShop } = await owner.client.data(RegisterShopDocument, { input: shopInput(`Toko Banyak ${i}`, `toko-banyak-${i}`) });
      expect(registerShop.userErrors).toEqual([]);
    }
    const fourth = await owner.client.data(RegisterShopDocument, { input: shopInput('Toko Banyak 4', 'toko-banyak-4') });
    expect(fourth.registerShop.userErrors.map((e) => e.code)).toEqual(['LIMIT_REACHED']);
  });
});
