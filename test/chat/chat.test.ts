import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ChatMessage } from '../../src/chat/conversation.entity';
import { decodeIdOf, toGlobalId } from '../../src/shared/ids';
import { ShopMember } from '../../src/shops/shop.entity';
import {
  AddAddressDocument,
  ChatNodeDocument,
  ConversationMessageAddedDocument,
  ConversationMessagesDocument,
  CreateProductDocument,
  MarkConversationReadDocument,
  PlaceOrderDocument,
  SendMessageDocument,
  ShopByIdDocument,
  ShopConversationsDocument,
  ShopConversationsWithMessagesDocument,
  UpdateShopSettingsDocument,
  ViewerConversationsDocument,
  type SendMessageInput,
} from '../generated/graphql';
import { signUpBuyer, type Actor } from '../support/actors';
import { codes } from '../support/client';
import { jakartaAddress } from '../support/fixtures';
import { relaySettled, subscriptionsAtLeast } from '../support/relay';
import { describeStore, startTestServer, type TestServer } from '../support/server';
import { addShopStaff, openShop, seedCategories, type OpenShop } from '../support/shops';

describeStore('chat: buyer–shop conversations', () => {
  let server: TestServer;
  let categories: Record<string, string>;
  let shop: OpenShop;
  let otherShop: OpenShop;
  let staff: Actor;
  let siti: Actor;
  let andi: Actor;
  let productId: string;
  let otherProductId: string;
  let variantId: string;
  let sitiOrderId: string;
  let sitiOrderNumber: string;
  let andiOrderId: string;

  const send = async (actor: Actor, input: SendMessageInput) => (await actor.client.data(SendMessageDocument, { input })).sendMessage;
  /** Sends and expects success; returns the message and conversation. */
  const sent = async (actor: Actor, input: SendMessageInput) => {
    const payload = await send(actor, input);
    expect(payload.userErrors).toEqual([]);
    return { message: payload.message!, conversation: payload.conversation! };
  };
  const messagesOf = async (actor: Actor, id: string, page: { first?: number; after?: string; last?: number; before?: string } = { first: 100 }) => {
    const { node } = await actor.client.data(ConversationMessagesDocument, { id, ...page });
    return node?.__typename === 'Conversation' ? node : null;
  };
  const buyerInbox = async (actor: Actor) => (await actor.client.data(ViewerConversationsDocument, { first: 50 })).viewer!;
  const shopInbox = async (actor: Actor, shopId = shop.shopId) => {
    const { node } = await actor.client.data(ShopConversationsDocument, { shopId, first: 50 });
    return node?.__typename === 'Shop' ? node : null;
  };
  const product = async (owner: Actor, shopId: string, sku: string) => {
    const { createProduct } = await owner.client.data(CreateProductDocument, {
      input: {
        shopId,
        title: `Hijab Segi Empat ${sku}`,
        description: 'Hijab segi empat bahan voal, lembut dan mudah dibentuk untuk sehari-hari.',
        categoryId: categories['hijab']!,
        imageUrls: ['https://cdn.example.com/hijab.jpg'],
        variants: [{ sku, optionValues: [], price: '45000', stock: 500, weightGrams: 100 }],
        publish: true,
      },
    });
    expect(createProduct.userErrors).toEqual([]);
    return createProduct.product!;
  };
  const placeOrder = async (buyer: Actor) => {
    const { placeOrder } = await buyer.client.data(PlaceOrderDocument, {
      input: { lines: [{ variantId, quantity: 1 }], paymentMethod: 'COD', idempotencyKey: `chat-${randomUUID()}` },
    });
    expect(placeOrder.userErrors).toEqual([]);
    return placeOrder.order!;
  };
  const setAutoReply = async (target: OpenShop, chatAutoReply: string) => {
    const { shop: current } = await target.owner.client.data(ShopByIdDocument, { id: target.shopId });
    const { updateShopSettings } = await target.owner.client.data(UpdateShopSettingsDocument, {
      input: { shopId: target.shopId, expectedVersion: current!.version, chatAutoReply },
    });
    expect(updateShopSettings.userErrors).toEqual([]);
  };
  const addMember = (target: OpenShop, member: Actor) => addShopStaff(server, target, member);
  /** Waits until the relay has published every committed event. */
  const settle = () => relaySettled(server);
  const waitForSubscriptions = (count: number) => subscriptionsAtLeast(server, count);

  beforeAll(async () => {
    server = await startTestServer();
    categories = await seedCategories(server);
    [shop, otherShop] = [await openShop(server, 'Dewi Hijab', 'dewi-hijab'), await openShop(server, 'Toko Lain', 'toko-lain')];
    [staff, siti, andi] = await Promise.all([signUpBuyer(server, 'Rina Staff'), signUpBuyer(server, 'Siti Rahma'), signUpBuyer(server, 'Andi Wijaya')]);
    await addMember(shop, staff);
    const main = await product(shop.owner, shop.shopId, 'HJB-CHAT');
    productId = main.id;
    variantId = main.variants[0]!.id;
    otherProductId = (await product(otherShop.owner, otherShop.shopId, 'HJB-OTHER')).id;
    for (const buyer of [siti, andi]) await buyer.client.data(AddAddressDocument, { input: jakartaAddress });
    const sitiOrder = await placeOrder(siti);
    sitiOrderId = sitiOrder.id;
    sitiOrderNumber = sitiOrder.orderNumber;
    andiOrderId = (await placeOrder(andi)).id;
  });
  afterAll(() => server?.stop());

  it('lets a buyer start a conversation with a shop and a shop member reply, with unread counts per side', async () => {
    const buyer = await signUpBuyer(server, 'Nur Aini');
    const first = await sent(buyer, { shopId: shop.shopId, body: '  Kak, ready warna sage?  ' });
    expect(first.message).toMatchObject({ body: 'Kak, ready warna sage?', senderSide: 'BUYER', isAutoReply: false, fromViewer: true, order: null, product: null });
    expect(first.conversation).toMatchObject({ buyerName: 'Nur Aini', viewerSide: 'BUYER', unreadCount: 0, shop: { id: shop.shopId, name: 'Dewi Hijab' } });
    const conversationId = first.conversation.id;

    // The same pair continues in the same conversation, whether by shop or by conversation id.
    const again = await sent(buyer, { shopId: shop.shopId, body: 'Sama ukuran L ya' });
    expect(again.conversation.id).toBe(conversationId);

    // The shop side: two unread buyer messages, for every member.
    for (const member of [shop.owner, staff]) {
      const inbox = (await shopInbox(member))!;
      const row = inbox.conversations.edges.find((e) => e.node.id === conversationId)!.node;
      expect(row).toMatchObject({ buyerName: 'Nur Aini', viewerSide: 'SHOP', unreadCount: 2, lastMessage: { body: 'Sama ukuran L ya', fromViewer: false } });
      expect(inbox.unreadChatMessageCount).toBeGreaterThanOrEqual(2);
    }

    // A member replies through the conversation: the shop side has now read it; the buyer has one unread.
    const reply = await sent(staff, { conversationId, body: 'Ready kak, silakan checkout.' });
    expect(reply.message).toMatchObject({ senderSide: 'SHOP', fromViewer: true });
    expect(reply.conversation).toMatchObject({ viewerSide: 'SHOP', unreadCount: 0 });
    expect((await shopInbox(shop.owner))!.conversations.edges.find((e) => e.node.id === conversationId)!.node.unreadCount).toBe(0);
    const buyerSide = await buyerInbox(buyer);
    expect(buyerSide.unreadChatMessageCount).toBe(1);
    expect(buyerSide.conversations.edges.map((e) => [e.node.id, e.node.unreadCount, e.node.lastMessage?.body])).toEqual([[conversationId, 1, 'Ready kak, silakan checkout.']]);

    // The buyer writes twice more; the shop marks the conversation read, then the buyer does.
    await sent(buyer, { conversationId, body: 'Oke kak' });
    await sent(buyer, { conversationId, body: 'Makasih' });
    expect((await shopInbox(staff))!.conversations.edges.find((e) => e.node.id === conversationId)!.node.unreadCount).toBe(2);
    const read = (await shop.owner.client.data(MarkConversationReadDocument, { input: { conversationId } })).markConversationRead;
    expect(read.userErrors).toEqual([]);
    expect(read.conversation).toMatchObject({ id: conversationId, unreadCount: 0, viewerSide: 'SHOP' });
    expect((await shopInbox(staff))!.conversations.edges.find((e) => e.node.id === conversationId)!.node.unreadCount).toBe(0);
    // The buyer's own writing read the reply already; a shop message later is unread until marked.
    await sent(shop.owner, { conversationId, body: 'Sama-sama kak' });
    expect((await buyerInbox(buyer)).unreadChatMessageCount).toBe(1);
    const buyerRead = (await buyer.client.data(MarkConversationReadDocument, { input: { conversationId } })).markConversationRead;
    expect(buyerRead.conversation).toMatchObject({ unreadCount: 0, viewerSide: 'BUYER' });
    expect((await buyerInbox(buyer)).unreadChatMessageCount).toBe(0);
  });

  it('lists conversations by newest activity first, on both sides', async () => {
    const buyer = await signUpBuyer(server, 'Lina');
    const a = await sent(buyer, { shopId: shop.shopId, body: 'Halo Dewi' });
    server.clock.advance(1000);
    const b = await sent(buyer, { shopId: otherShop.shopId, body: 'Halo Toko Lain' });
    server.clock.advance(1000);
    expect((await buyerInbox(buyer)).conversations.edges.map((e) => e.node.id)).toEqual([b.conversation.id, a.conversation.id]);
    await sent(shop.owner, { conversationId: a.conversation.id, body: 'Halo juga' });
    expect((await buyerInbox(buyer)).conversations.edges.map((e) => e.node.id)).toEqual([a.conversation.id, b.conversation.id]);
    // Each shop sees only its own conversations.
    const otherRows = (await shopInbox(otherShop.owner, otherShop.shopId))!.conversations.edges.map((e) => e.node.id);
    expect(otherRows).toContain(b.conversation.id);
    expect(otherRows).not.toContain(a.conversation.id);
    expect((await shopInbox(shop.owner))!.conversations.edges[0]!.node.id).toBe(a.conversation.id);
  });

  it('pages messages newest first with Relay cursors, forwards and backwards', async () => {
    const buyer = await signUpBuyer(server, 'Maya');
    const { conversation } = await sent(buyer, { shopId: shop.shopId, body: 'pesan 1' });
    for (let i = 2; i <= 7; i += 1) await sent(i % 2 === 0 ? shop.owner : buyer, { conversationId: conversation.id, body: `pesan ${i}` });

    const page1 = (await messagesOf(buyer, conversation.id, { first: 3 }))!.messages;
    expect(page1.totalCount).toBe(7);
    expect(page1.edges.map((e) => e.node.body)).toEqual(['pesan 7', 'pesan 6', 'pesan 5']);
    expect(page1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const page2 = (await messagesOf(buyer, conversation.id, { first: 3, after: page1.pageInfo.endCursor! }))!.messages;
    expect(page2.edges.map((e) => e.node.body)).toEqual(['pesan 4', 'pesan 3', 'pesan 2']);
    const page3 = (await messagesOf(buyer, conversation.id, { first: 3, after: page2.pageInfo.endCursor! }))!.messages;
    expect(page3.edges.map((e) => e.node.body)).toEqual(['pesan 1']);
    expect(page3.pageInfo.hasNextPage).toBe(false);
    // Backwards from the second page's start: the newer ones.
    const back = (await messagesOf(buyer, conversation.id, { last: 2, before: page2.edges[0]!.cursor }))!.messages;
    expect(back.edges.map((e) => e.node.body)).toEqual(['pesan 6', 'pesan 5']);
    // The side that sent each message sees it as its own.
    expect(page1.edges.map((e) => [e.node.senderSide, e.node.fromViewer])).toEqual([['BUYER', true], ['SHOP', false], ['BUYER', true]]);
    const bad = await buyer.client.request(ConversationMessagesDocument, { id: conversation.id, first: 3, after: 'nope' });
    expect(codes(bad.errors)).toEqual(['BAD_USER_INPUT']);
  });

  it("references the buyer's order from the shop and the shop's product, and refuses any other", async () => {
    const withOrder = await sent(siti, { shopId: shop.shopId, body: 'Pesanan saya kapan dikirim?', orderId: sitiOrderId });
    expect(withOrder.message.order).toEqual({ id: sitiOrderId, orderNumber: sitiOrderNumber });
    const conversationId = withOrder.conversation.id;
    const withProduct = await sent(shop.owner, { conversationId, body: 'Cek produk ini kak', productId });
    expect(withProduct.message.product).toMatchObject({ id: productId, title: 'Hijab Segi Empat HJB-CHAT' });
    // The shop sees the order number too.
    const shopView = (await messagesOf(staff, conversationId, { first: 2 }))!.messages.edges.map((e) => e.node);
    expect(shopView.map((m) => [m.order?.orderNumber ?? null, m.product?.id ?? null])).toEqual([[null, productId], [sitiOrderNumber, null]]);

    const refusals: Array<[SendMessageInput, Actor, string, string]> = [
      [{ conversationId, body: 'x', orderId: andiOrderId }, siti, 'ORDER_NOT_IN_CONVERSATION', 'orderId'],
      [{ conversationId, body: 'x', orderId: andiOrderId }, shop.owner, 'ORDER_NOT_IN_CONVERSATION', 'orderId'],
      [{ conversationId, body: 'x', orderId: 'not-an-id' }, siti, 'ORDER_NOT_IN_CONVERSATION', 'orderId'],
      [{ shopId: otherShop.shopId, body: 'x', orderId: sitiOrderId }, siti, 'ORDER_NOT_IN_CONVERSATION', 'orderId'],
      [{ conversationId, body: 'x', productId: otherProductId }, siti, 'PRODUCT_NOT_IN_SHOP', 'productId'],
      [{ conversationId, body: 'x', productId: toGlobalId('Product', 999_999) }, siti, 'PRODUCT_NOT_IN_SHOP', 'productId'],
    ];
    for (const [input, actor, code, field] of refusals) {
      const payload = await send(actor, input);
      expect(payload.message).toBeNull();
      expect(payload.userErrors.map((e) => [e.code, e.field])).toEqual([[code, ['input', field]]]);
    }
    expect((await messagesOf(siti, conversationId))!.messages.totalCount).toBe(2);
  });

  it('checks the body, the target and the sender', async () => {
    const buyer = await signUpBuyer(server, 'Dina');
    const { conversation } = await sent(buyer, { shopId: shop.shopId, body: 'Halo' });
    const cases: Array<[SendMessageInput, Actor, string, string[] | null]> = [
      [{ shopId: shop.shopId, body: '   ' }, buyer, 'INVALID_INPUT', ['input', 'body']],
      [{ shopId: shop.shopId, body: 'x'.repeat(1001) }, buyer, 'INVALID_INPUT', ['input', 'body']],
      [{ body: 'Halo' }, buyer, 'INVALID_INPUT', null],
      [{ shopId: shop.shopId, conversationId: conversation.id, body: 'Halo' }, buyer, 'INVALID_INPUT', null],
      [{ shopId: toGlobalId('Shop', 999_999), body: 'Halo' }, buyer, 'NOT_FOUND', ['input', 'shopId']],
      [{ shopId: shop.shopId, body: 'Halo' }, staff, 'CANNOT_CHAT_WITH_OWN_SHOP', ['input', 'shopId']],
      [{ conversationId: conversation.id, body: 'Halo' }, andi, 'NOT_FOUND', ['input', 'conversationId']],
      [{ conversationId: conversation.id, body: 'Halo' }, otherShop.owner, 'NOT_FOUND', ['input', 'conversationId']],
    ];
    for (const [input, actor, code, field] of cases) {
      const payload = await send(actor, input);
      expect(payload.userErrors.map((e) => [e.code, e.field])).toEqual([[code, field]]);
    }
    // 1,000 characters is fine; HTML is stored and returned as plain text, untouched.
    expect((await sent(buyer, { conversationId: conversation.id, body: 'y'.repeat(1000) })).message.body).toHaveLength(1000);
    const html = '<b>bold</b> <script>alert(1)</script>';
    expect((await sent(buyer, { conversationId: conversation.id, body: html })).message.body).toBe(html);
    const anonymous = await server.client.request(SendMessageDocument, { input: { shopId: shop.shopId, body: 'Halo' } });
    expect(codes(anonymous.errors)).toEqual(['UNAUTHENTICATED']);
  });

  it('rate-limits each sender to 20 messages a minute with RATE_LIMITED', async () => {
    const buyer = await signUpBuyer(server, 'Cepat');
    const { conversation } = await sent(buyer, { shopId: shop.shopId, body: 'pesan 1' });
    for (let i = 2; i <= 20; i += 1) await sent(buyer, { conversationId: conversation.id, body: `pesan ${i}` });
    const limited = await buyer.client.request(SendMessageDocument, { input: { conversationId: conversation.id, body: 'pesan 21' } });
    expect(codes(limited.errors)).toEqual(['RATE_LIMITED']);
    expect(limited.errors![0]!.extensions!['retryAfterSeconds']).toBeGreaterThan(0);
    expect((await messagesOf(buyer, conversation.id))!.messages.totalCount).toBe(20);
    // Another sender is not affected.
    await sent(shop.owner, { conversationId: conversation.id, body: 'Pelan-pelan kak' });
  });

  it("answers a buyer with the shop's auto-reply on the first message and after 24 hours of shop silence", async () => {
    const autoShop = await openShop(server, 'Toko Otomatis', 'toko-otomatis');
    await setAutoReply(autoShop, 'Terima kasih sudah menghubungi kami! Kami balas secepatnya.');
    const buyer = await signUpBuyer(server, 'Putri');
    const first = await sent(buyer, { shopId: autoShop.shopId, body: 'Halo kak' });
    const conversationId = first.conversation.id;
    const bodies = async () => (await messagesOf(buyer, conversationId))!.messages.edges.map((e) => [e.node.body, e.node.senderSide, e.node.isAutoReply]);
    expect(await bodies()).toEqual([
      ['Terima kasih sudah menghubungi kami! Kami balas secepatnya.', 'SHOP', true],
      ['Halo kak', 'BUYER', false],
    ]);
    expect(first.conversation.lastMessage).toMatchObject({ isAutoReply: true });
    expect(first.conversation.unreadCount).toBe(1);
    // Within the quiet period: no second auto-reply.
    server.clock.advance(23 * 3_600_000);
    await sent(buyer, { conversationId, body: 'Masih ada?' });
    expect((await bodies()).filter(([, , auto]) => auto)).toHaveLength(1);
    // After 24 hours of shop silence, again.
    server.clock.advance(3_600_000);
    await sent(buyer, { conversationId, body: 'Kak?' });
    expect((await bodies())[0]).toEqual(['Terima kasih sudah menghubungi kami! Kami balas secepatnya.', 'SHOP', true]);
    // A person replying resets the silence; the shop's own messages never trigger it.
    await sent(autoShop.owner, { conversationId, body: 'Maaf lama, ada kak' });
    server.clock.advance(3_600_000);
    await sent(buyer, { conversationId, body: 'Oke' });
    expect((await bodies()).filter(([, , auto]) => auto)).toHaveLength(2);
    // Two first messages at once: one conversation, one auto-reply.
    const eager = await signUpBuyer(server, 'Tiara');
    const [one, two] = await Promise.all([sent(eager, { shopId: autoShop.shopId, body: 'Halo 1' }), sent(eager, { shopId: autoShop.shopId, body: 'Halo 2' })]);
    expect(two.conversation.id).toBe(one.conversation.id);
    const both = (await messagesOf(eager, one.conversation.id))!.messages.edges.map((e) => e.node);
    expect(both.map((m) => m.isAutoReply).sort()).toEqual([false, false, true]);
    // Turned off: nothing automatic, even on a first message.
    await setAutoReply(autoShop, '');
    const other = await signUpBuyer(server, 'Rani');
    const quiet = await sent(other, { shopId: autoShop.shopId, body: 'Halo' });
    expect((await messagesOf(other, quiet.conversation.id))!.messages.totalCount).toBe(1);
  });

  it('lets only the participants read a conversation', async () => {
    const buyer = await signUpBuyer(server, 'Wulan');
    const { conversation, message } = await sent(buyer, { shopId: shop.shopId, body: 'Rahasia' });
    for (const reader of [buyer, shop.owner, staff]) {
      expect((await reader.client.data(ChatNodeDocument, { id: conversation.id })).node).toMatchObject({ __typename: 'Conversation', buyerName: 'Wulan' });
      expect((await reader.client.data(ChatNodeDocument, { id: message.id })).node).toMatchObject({ __typename: 'ChatMessage', body: 'Rahasia', conversation: { id: conversation.id } });
    }
    for (const outsider of [andi, otherShop.owner]) {
      expect((await outsider.client.data(ChatNodeDocument, { id: conversation.id })).node).toBeNull();
      expect((await outsider.client.data(ChatNodeDocument, { id: message.id })).node).toBeNull();
      const read = (await outsider.client.data(MarkConversationReadDocument, { input: { conversationId: conversation.id } })).markConversationRead;
      expect(read.userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);
    }
    expect((await server.client.data(ChatNodeDocument, { id: conversation.id })).node).toBeNull();
    // A shop's conversations are for its members only.
    const foreign = await andi.client.request(ShopConversationsDocument, { shopId: shop.shopId, first: 5 });
    // Both members-only fields it selects are refused, each with its own error.
    expect(foreign.errors!.map((e) => [e.extensions?.['code'], e.path?.join('.')]).sort()).toEqual([
      ['FORBIDDEN', 'node.conversations'],
      ['FORBIDDEN', 'node.unreadChatMessageCount'],
    ]);
    // Andi's own list holds none of Wulan's.
    expect((await buyerInbox(andi)).conversations.edges.map((e) => e.node.id)).not.toContain(conversation.id);
  });

  it('pushes new messages to both participants live, resumes from a cursor, and refuses outsiders', async () => {
    const buyer = await signUpBuyer(server, 'Ayu');
    const { conversation } = await sent(buyer, { shopId: shop.shopId, body: 'Halo' });
    await settle();
    const [buyerWs, staffWs, outsiderWs] = await Promise.all([server.ws({ token: buyer.token }), server.ws({ token: staff.token }), server.ws({ token: andi.token })]);
    const refused = await outsiderWs.subscribe(ConversationMessageAddedDocument, { conversationId: conversation.id }).next();
    expect(codes(refused.errors as never)).toEqual(['NOT_FOUND']);

    const before = server.app.pubsub.activeSubscriptions;
    const buyerSub = buyerWs.subscribe(ConversationMessageAddedDocument, { conversationId: conversation.id });
    const staffSub = staffWs.subscribe(ConversationMessageAddedDocument, { conversationId: conversation.id });
    await waitForSubscriptions(before + 2);

    await sent(buyer, { conversationId: conversation.id, body: 'Ada diskon?', productId });
    const toBuyer = await buyerSub.next();
    const toStaff = await staffSub.next();
    expect(toBuyer.data!.conversationMessageAdded.message).toMatchObject({ body: 'Ada diskon?', senderSide: 'BUYER', fromViewer: true, product: { id: productId } });
    expect(toStaff.data!.conversationMessageAdded.message).toMatchObject({ body: 'Ada diskon?', fromViewer: false, conversation: { id: conversation.id } });
    const firstCursor = toBuyer.data!.conversationMessageAdded.cursor;

    await sent(staff, { conversationId: conversation.id, body: 'Ada kak, 10%' });
    expect((await buyerSub.next()).data!.conversationMessageAdded.message).toMatchObject({ body: 'Ada kak, 10%', senderSide: 'SHOP', fromViewer: false });
    expect((await staffSub.next()).data!.conversationMessageAdded.message).toMatchObject({ body: 'Ada kak, 10%', fromViewer: true });
    buyerSub.unsubscribe();

    // Reconnecting with the first cursor replays what came after it, then goes live.
    const resumed = buyerWs.subscribe(ConversationMessageAddedDocument, { conversationId: conversation.id, after: firstCursor });
    expect((await resumed.next()).data!.conversationMessageAdded.message.body).toBe('Ada kak, 10%');
    await sent(buyer, { conversationId: conversation.id, body: 'Siap' });
    expect((await resumed.next()).data!.conversationMessageAdded.message.body).toBe('Siap');
    expect((await staffSub.next()).data!.conversationMessageAdded.message.body).toBe('Siap');
    resumed.unsubscribe();
    staffSub.unsubscribe();

    // A member removed from the shop is cut off at the next message.
    const leaver = await signUpBuyer(server, 'Staf Keluar');
    await addMember(shop, leaver);
    const leaverWs = await server.ws({ token: leaver.token });
    const baseline = server.app.pubsub.activeSubscriptions;
    const leaverSub = leaverWs.subscribe(ConversationMessageAddedDocument, { conversationId: conversation.id });
    await waitForSubscriptions(baseline + 1);
    await server.app.orm.em.fork().nativeDelete(ShopMember, { user: decodeIdOf('User', leaver.id)! });
    await sent(buyer, { conversationId: conversation.id, body: 'Halo?' });
    expect(codes((await leaverSub.next()).errors as never)).toEqual(['FORBIDDEN']);

    const anonymous = await server.ws();
    expect(codes((await anonymous.subscribe(ConversationMessageAddedDocument, { conversationId: conversation.id }).next()).errors as never)).toEqual(['UNAUTHENTICATED']);
  });

  it('skips the event of a message that is gone instead of failing the subscription', async () => {
    const buyer = await signUpBuyer(server, 'Dina');
    const { conversation } = await sent(buyer, { shopId: shop.shopId, body: 'Halo kak' });
    await settle();
    const ws = await server.ws({ token: buyer.token });
    const before = server.app.pubsub.activeSubscriptions;
    const live = ws.subscribe(ConversationMessageAddedDocument, { conversationId: conversation.id });
    await waitForSubscriptions(before + 1);
    await sent(buyer, { conversationId: conversation.id, body: 'Pesan pertama' });
    const first = await live.next();
    expect(first.data!.conversationMessageAdded.message.body).toBe('Pesan pertama');
    live.unsubscribe();

    const { message: gone } = await sent(buyer, { conversationId: conversation.id, body: 'Pesan yang dihapus' });
    await sent(buyer, { conversationId: conversation.id, body: 'Pesan ketiga' });
    await settle();
    await server.app.orm.em.fork().nativeDelete(ChatMessage, { id: decodeIdOf('ChatMessage', gone.id)! });

    const resumed = ws.subscribe(ConversationMessageAddedDocument, { conversationId: conversation.id, after: first.data!.conversationMessageAdded.cursor });
    const next = await resumed.next();
    expect(next.errors).toBeUndefined();
    expect(next.data!.conversationMessageAdded.message.body).toBe('Pesan ketiga');
    resumed.unsubscribe();
  });

  it('lists a shop\'s conversations with their latest messages in the same number of statements for 3 as for 9', async () => {
    const n1Shop = await openShop(server, 'Toko Ramai', 'toko-ramai');
    const buyers = await Promise.all(Array.from({ length: 9 }, (_, i) => signUpBuyer(server, `Pembeli ${i + 1}`)));
    for (const buyer of buyers) {
      const { conversation } = await sent(buyer, { shopId: n1Shop.shopId, body: 'Halo', productId: undefined });
      await sent(buyer, { conversationId: conversation.id, body: 'Masih ada?' });
    }
    const list = async (first: number) => {
      const { result, queries, statements } = await server.countQueries(() => n1Shop.owner.client.data(ShopConversationsWithMessagesDocument, { shopId: n1Shop.shopId, first }));
      const node = result.node?.__typename === 'Shop' ? result.node : null;
      expect(node!.conversations.edges).toHaveLength(first);
      for (const edge of node!.conversations.edges) {
        expect(edge.node).toMatchObject({ unreadCount: 2, viewerSide: 'SHOP', lastMessage: { body: 'Masih ada?' } });
        expect(edge.node.messages.totalCount).toBe(2);
        expect(edge.node.messages.edges.map((e) => e.node.body)).toEqual(['Masih ada?', 'Halo']);
      }
      if (process.env.SHOW_SQL) console.info(statements.join('\n'));
      return queries;
    };
    await settle();
    await server.relay.stop(); // its polling would add statements to the count (this is the file's last test)
    const three = await list(3);
    const nine = await list(9);
    console.info(`shop conversations with messages, SQL statements: N=3 → ${three}, N=9 → ${nine}`);
    expect(nine).toBe(three);
    expect(three).toBeLessThanOrEqual(10);
  });
});
