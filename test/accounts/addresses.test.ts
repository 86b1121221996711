import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  AddAddressDocument,
  NodeDocument,
  NodesDocument,
  RemoveAddressDocument,
  SignUpDocument,
  UpdateAddressDocument,
  ViewerAddressesDocument,
  type AddAddressMutationVariables,
} from '../generated/graphql';
import { codes, type GraphQLClient } from '../support/client';
import { describeStore, startTestServer, type TestServer } from '../support/server';

const home: AddAddressMutationVariables['input'] = {
  label: 'Rumah',
  recipientName: 'Siti Rahma',
  phone: '0812-3456-7890',
  line1: 'Jl. Kemang Raya No. 12',
  district: 'Mampang Prapatan',
  city: 'Jakarta Selatan',
  province: 'DKI Jakarta',
  postalCode: '12730',
};

describeStore('accounts: the address book', () => {
  let server: TestServer;
  let siti: GraphQLClient;
  let andi: GraphQLClient;

  async function buyer(name: string, email: string): Promise<GraphQLClient> {
    const { signUp } = await server.client.data(SignUpDocument, { input: { name, email, password: 'kedai-test-123' } });
    return server.client.as(signUp.token);
  }

  beforeAll(async () => {
    server = await startTestServer();
    siti = await buyer('Siti', 'siti@example.com');
    andi = await buyer('Andi', 'andi@example.com');
  });
  afterAll(() => server?.stop());

  it('makes the first address the default and normalises the phone number', async () => {
    const { addAddress } = await siti.data(AddAddressDocument, { input: home });
    expect(addAddress.userErrors).toEqual([]);
    expect(addAddress.address).toMatchObject({ isDefault: true, phone: '+6281234567890', countryCode: 'ID', line2: null });
  });

  it('moves the default when a new address asks for it, keeping exactly one', async () => {
    const { addAddress } = await siti.data(AddAddressDocument, { input: { ...home, label: 'Kantor', isDefault: true } });
    expect(addAddress.address?.isDefault).toBe(true);
    const { viewer } = await siti.data(ViewerAddressesDocument, { first: 10 });
    expect(viewer!.addresses.edges.filter((e) => e.node.isDefault).map((e) => e.node.label)).toEqual(['Kantor']);
  });

  it('reports every invalid field with its path', async () => {
    const { addAddress } = await siti.data(AddAddressDocument, {
      input: { ...home, phone: '12345', postalCode: '12-730', recipientName: ' ', line1: 'x'.repeat(201) },
    });
    expect(addAddress.address).toBeNull();
    expect(addAddress.userErrors.map((e) => e.field)).toEqual([
      ['input', 'recipientName'],
      ['input', 'phone'],
      ['input', 'line1'],
      ['input', 'postalCode'],
    ]);
    expect(new Set(addAddress.userErrors.map((e) => e.code))).toEqual(new Set(['INVALID_INPUT']));
  });

  it('updates fields, and refuses to unset the default', async () => {
    const { viewer } = await siti.data(ViewerAddressesDocument, { first: 10 });
    const kantor = viewer!.addresses.edges.find((e) => e.node.label === 'Kantor')!.node;
    const rumah = viewer!.addresses.edges.find((e) => e.node.label === 'Rumah')!.node;

    const updated = await siti.data(UpdateAddressDocument, { input: { addressId: kantor.id, line2: 'Lantai 9', label: '' } });
    expect(updated.updateAddress.address).toMatchObject({ line2: 'Lantai 9', label: null, city: 'Jakarta Selatan' });

    const unset = await siti.data(UpdateAddressDocument, { input: { addressId: kantor.id, isDefault: false } });
    expect(unset.updateAddress.userErrors.map((e) => [e.code, e.field])).toEqual([['INVALID_INPUT', ['input', 'isDefault']]]);

    const moved = await siti.data(UpdateAddressDocument, { input: { addressId: rumah.id, isDefault: true } });
    expect(moved.updateAddress.address?.isDefault).toBe(true);
    const after = await siti.data(ViewerAddressesDocument, { first: 10 });
    expect(after.viewer!.addresses.edges.filter((e) => e.node.isDefault).map((e) => e.node.id)).toEqual([rumah.id]);
  });

  it("treats another buyer's address as not found, in mutations and in node()", async () => {
    const { viewer } = await siti.data(ViewerAddressesDocument, { first: 1 });
    const sitiAddress = viewer!.addresses.edges[0]!.node.id;

    const update = await andi.data(UpdateAddressDocument, { input: { addressId: sitiAddress, city: 'Bandung' } });
    expect(update.updateAddress.userErrors.map((e) => [e.code, e.field])).toEqual([['NOT_FOUND', ['input', 'addressId']]]);
    const remove = await andi.data(RemoveAddressDocument, { input: { addressId: sitiAddress } });
    expect(remove.removeAddress.userErrors.map((e) => e.code)).toEqual(['NOT_FOUND']);

    expect((await andi.data(NodeDocument, { id: sitiAddress })).node).toBeNull();
    expect((await siti.data(NodeDocument, { id: sitiAddress })).node).toMatchObject({ __typename: 'Address', id: sitiAddress });
  });

  it('refetches users by global id only for themselves, and answers malformed ids with null', async () => {
    const me = await siti.data(ViewerAddressesDocument, { first: 1 });
    const sitiId = me.viewer!.id;
    expect((await siti.data(NodeDocument, { id: sitiId })).node).toMatchObject({ __typename: 'User', name: 'Siti' });
    expect((await andi.data(NodeDocument, { id: sitiId })).node).toBeNull();
    const { nodes } = await siti.data(NodesDocument, { ids: [sitiId, 'bm9wZQ', '!!!', sitiId] });
    expect(nodes.map((n) => n?.__typename ?? null)).toEqual(['User', null, null, 'User']);
  });

  it('pages through addresses forwards and backwards with stable cursors', async () => {
    const client = await buyer('Pager', 'pager@example.com');
    for (let i = 1; i <= 7; i += 1) {
      server.clock.advance(1000);
      const { addAddress } = await client.data(AddAddressDocument, { input: { ...home, label: `A${i}` } });
      expect(addAddress.userErrors).toEqual([]);
    }
    const labels = async (vars: Parameters<typeof client.data<unknown, object>>[1]) => {
      const { viewer } = await client.data(ViewerAddressesDocument, vars as never);
      return viewer!.addresses;
    };
    const page1 = await labels({ first: 3 });
    expect(page1.totalCount).toBe(7);
    expect(page1.edges.map((e) => e.node.label)).toEqual(['A7', 'A6', 'A5']);
    expect(page1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });

    const page2 = await labels({ first: 3, after: page1.pageInfo.endCursor });
    expect(page2.edges.map((e) => e.node.label)).toEqual(['A4', 'A3', 'A2']);
    const page3 = await labels({ first: 3, after: page2.pageInfo.endCursor });
    expect(page3.edges.map((e) => e.node.label)).toEqual(['A1']);
    expect(page3.pageInfo.hasNextPage).toBe(false);

    const back = await labels({ last: 2, before: page2.pageInfo.startCursor });
    expect(back.edges.map((e) => e.node.label)).toEqual(['A6', 'A5']);
    expect(back.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
  });

  it('rejects bad page arguments with BAD_USER_INPUT', async () => {
    for (const vars of [{ first: 101 }, { first: -1 }, { first: 2, last: 2 }, { first: 2, after: 'garbage' }]) {
      const response = await siti.request(ViewerAddressesDocument, vars);
      expect(codes(response.errors)).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('caps the address book at 10 with LIMIT_REACHED', async () => {
    const client = await buyer('Collector', 'collector@example.com');
    for (let i = 0; i < 10; i += 1) {
      expect((await client.data(AddAddressDocument, { input: home })).addAddress.userErrors).toEqual([]);
    }
    const eleventh = await client.data(AddAddressDocument, { input: home });
    expect(eleventh.addAddress.userErrors.map((e) => e.code)).toEqual(['LIMIT_REACHED']);
  });

  it('picks a new default when the default address is removed', async () => {
    const client = await buyer('Mover', 'mover@example.com');
    const first = (await client.data(AddAddressDocument, { input: { ...home, label: 'First' } })).addAddress.address!;
    server.clock.advance(1000);
    const second = (await client.data(AddAddressDocument, { input: { ...home, label: 'Second' } })).addAddress.address!;
    const { removeAddress } = await client.data(RemoveAddressDocument, { input: { addressId: first.id } });
    expect(removeAddress).toMatchObject({ removedAddressId: first.id, defaultAddress: { id: second.id }, userErrors: [] });
    const last = await client.data(RemoveAddressDocument, { input: { addressId: second.id } });
    expect(last.removeAddress).toMatchObject({ removedAddressId: second.id, defaultAddress: null });
  });

  it('requires a login for address mutations (UNAUTHENTICATED)', async () => {
    const response = await server.client.request(AddAddressDocument, { input: home });
    expect(codes(response.errors)).toEqual(['UNAUTHENTICATED']);
  });
});
