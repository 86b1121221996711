/**
 * Overlay tokens: a shop member creates one per stream; it reads that stream and follows its events, nothing else;
 * it is not counted as a viewer; a revocation refuses the next request and ends open subscriptions at their next event.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  CreateOverlayTokenDocument,
  LiveStreamDocument,
  LiveStreamEventsDocument,
  LiveStreamOverlayTokensDocument,
  OverlayStreamAndViewerDocument,
  OverlayStreamDocument,
  PinLiveStreamProductDocument,
  RevokeOverlayTokenDocument,
  ViewerDocument,
} from '../generated/graphql';
import { liveSubscriptions } from '../events/order-fixtures';
import { signUpBuyer, type Actor } from '../support/actors';
import { codes } from '../support/client';
import { describeStore, startTestServer, type TestServer } from '../support/server';
import { seedCategories } from '../support/shops';
import { liveOrder, liveShop, liveStreamOf, placedAt, scheduleStream, takeEvents, type LiveShop } from './live-fixtures';

describeStore('overlay tokens', () => {
  let server: TestServer;
  let shop: LiveShop;
  let buyer: Actor;
  let liveStreamId: string;
  let otherStreamId: string;

  beforeAll(async () => {
    server = await startTestServer();
    const categories = await seedCategories(server);
    shop = await liveShop(server, categories['hijab']!, 'Overlay Hijab', 'overlay-hijab', 2, 50);
    buyer = await signUpBuyer(server, 'Budi Santoso');
    liveStreamId = await liveStreamOf(server, shop);
    otherStreamId = await scheduleStream(server, shop, 'Live besok');
    const pinned = await shop.owner.client.data(PinLiveStreamProductDocument, { input: { liveStreamId, productId: shop.products[0]!.id } });
    expect(pinned.pinLiveStreamProduct.userErrors).toEqual([]);
    await server.relay.drain();
  });
  afterAll(() => server?.stop());

  async function createToken(label: string | null = 'OBS studio PC') {
    const { createOverlayToken } = await shop.owner.client.data(CreateOverlayTokenDocument, { input: { liveStreamId, label } });
    expect(createOverlayToken.userErrors).toEqual([]);
    return createOverlayToken;
  }

  it('is created by a shop member only, shown once, and listed to members without its secret', async () => {
    const created = await createToken();
    expect(created.token).toMatch(/^kov_[A-Za-z0-9_-]{43}$/);
    expect(created.overlayPath).toBe(`/overlay/${encodeURIComponent(liveStreamId)}?token=${created.token}`);
    expect(created.overlayToken).toMatchObject({ label: 'OBS studio PC', revokedAt: null });

    const refused = await buyer.client.data(CreateOverlayTokenDocument, { input: { liveStreamId, label: null } });
    expect(refused.createOverlayToken.token).toBeNull();
    expect(refused.createOverlayToken.userErrors.map((e) => e.code)).toEqual(['FORBIDDEN']);
    const anonymous = await server.client.request(CreateOverlayTokenDocument, { input: { liveStreamId } });
    expect(codes(anonymous.errors)).toEqual(['UNAUTHENTICATED']);

    const listed = await shop.owner.client.data(LiveStreamOverlayTokensDocument, { id: liveStreamId });
    expect(listed.liveStream!.overlayTokens!.map((t) => t.id)).toContain(created.overlayToken!.id);
    expect(JSON.stringify(listed)).not.toContain(created.token!);
    expect((await buyer.client.data(LiveStreamOverlayTokensDocument, { id: liveStreamId })).liveStream!.overlayTokens).toBeNull();
  });

  it("reads its stream's public data and nothing else", async () => {
    const { token } = await createToken();
    const overlay = server.client.as(token);
    const { liveStream } = await overlay.data(OverlayStreamDocument, { id: liveStreamId });
    expect(liveStream).toMatchObject({
      id: liveStreamId,
      status: 'LIVE',
      products: shop.products.map((p) => ({ id: p.id, title: p.title })),
      pinnedProduct: { id: shop.products[0]!.id, totalStock: 50, priceRange: { min: { amount: '45000.00' } } },
      overlayTokens: null,
    });
    // Another stream of the same shop is not its stream.
    expect((await overlay.data(OverlayStreamDocument, { id: otherStreamId })).liveStream).toBeNull();

    for (const refused of [
      await overlay.request(ViewerDocument),
      await overlay.request(OverlayStreamAndViewerDocument, { id: liveStreamId }),
      await overlay.request(CreateOverlayTokenDocument, { input: { liveStreamId } }),
      await liveOrder({ ...buyer, client: overlay }, shop.products[0]!.variantId, liveStreamId),
      await overlay.request('query Sneaky { ...Root } fragment Root on Query { viewer { id } }'),
    ]) {
      expect(codes(refused.errors)).toEqual(['FORBIDDEN']);
      expect(refused.data ?? null).toBeNull();
    }

    const ws = await server.ws({ token: token! });
    expect(codes((await ws.execute(ViewerDocument)).errors)).toEqual(['FORBIDDEN']);
    expect((await ws.execute(OverlayStreamDocument, { id: liveStreamId })).data?.liveStream?.id).toBe(liveStreamId);
    expect(codes((await ws.subscribe(LiveStreamEventsDocument, { liveStreamId: otherStreamId }).next()).errors)).toEqual(['NOT_FOUND']);
    await ws.close();
  });

  it('follows purchases with masked buyers without counting as a viewer, until revoked', async () => {
    const created = await createToken('Studio 2');
    const base = server.app.pubsub.activeSubscriptions;
    const ws = await server.ws({ token: created.token! });
    const events = ws.subscribe(LiveStreamEventsDocument, { liveStreamId });
    await liveSubscriptions(server, base + 1);

    expect(await placedAt(await liveOrder(buyer, shop.products[0]!.variantId, liveStreamId, 2))).toBe('45000.00');
    await server.relay.drain();
    const [purchase] = await takeEvents(events, 1);
    expect(purchase).toMatchObject({ __typename: 'PurchaseEvent', buyerName: 'B***o', quantity: 2, stockLeft: 48 });
    expect(JSON.stringify(purchase)).not.toContain('Budi');

    // The viewer-count job finds nobody watching: the overlay is not an audience.
    await server.jobs.runNow('live-viewer-counts');
    expect((await server.client.data(LiveStreamDocument, { id: liveStreamId })).liveStream).toMatchObject({ viewersNow: 0, peakViewers: 0 });

    const { revokeOverlayToken } = await shop.owner.client.data(RevokeOverlayTokenDocument, { input: { tokenId: created.overlayToken!.id } });
    expect(revokeOverlayToken.overlayToken!.revokedAt).not.toBeNull();
    const again = await shop.owner.client.data(RevokeOverlayTokenDocument, { input: { tokenId: created.overlayToken!.id } });
    expect(again.revokeOverlayToken.overlayToken!.revokedAt).toBe(revokeOverlayToken.overlayToken!.revokedAt);
    expect((await buyer.client.data(RevokeOverlayTokenDocument, { input: { tokenId: created.overlayToken!.id } })).revokeOverlayToken.userErrors.map((e) => e.code)).toEqual(['FORBIDDEN']);

    // The next request is refused, and so is anything new on the socket opened before.
    const next = await server.client.as(created.token).request(OverlayStreamDocument, { id: liveStreamId });
    expect(next.status).toBe(401);
    expect(codes(next.errors)).toEqual(['UNAUTHENTICATED']);
    expect(codes((await ws.execute(OverlayStreamDocument, { id: liveStreamId })).errors)).toEqual(['UNAUTHENTICATED']);
    await expect(server.ws({ token: created.token! })).rejects.toMatchObject({ code: 4403 });

    // The open subscription ends at its next event.
    expect(await placedAt(await liveOrder(buyer, shop.products[0]!.variantId, liveStreamId))).toBe('45000.00');
    await server.relay.drain();
    expect(codes((await events.next(10_000)).errors)).toEqual(['UNAUTHENTICATED']);
    await ws.close();
    await liveSubscriptions(server, base);
  });
});
