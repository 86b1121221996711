/** Setting up approved shops and categories through the API, as a seller would. */
import { createCategories } from '../../seeds/factories';
import { ShopMember, ShopMemberRole } from '../../src/shops/shop.entity';
import { decodeIdOf, toGlobalId } from '../../src/shared/ids';
import { Role } from '../../src/shared/viewer';
import { CreateProductDocument, RegisterShopDocument, ReviewShopDocument, VerifyShopEmailDocument, type RegisterShopMutationVariables } from '../generated/graphql';
import { createStaffUser, signUpBuyer, type Actor } from './actors';
import type { TestServer } from './server';

export function shopInput(name: string, handle: string, contactEmail = `${handle}@example.com`): RegisterShopMutationVariables['input'] {
  return {
    name,
    handle,
    countryCode: 'ID',
    contactEmail,
    warehouseAddress: {
      contactName: 'Budi Santoso',
      phone: '0813 1111 2222',
      line1: 'Jl. Raya Bogor KM 20',
      district: 'Kramat Jati',
      city: 'Jakarta Timur',
      province: 'DKI Jakarta',
      postalCode: '13510',
    },
    identity: { documentType: 'KTP', documentNumber: '3174 0512 3456 7890' },
    bankAccount: { bankName: 'BCA', accountNumber: '1234567890', holderName: 'Budi Santoso' },
  };
}

export interface OpenShop {
  readonly owner: Actor;
  readonly shopId: string;
  readonly handle: string;
}

let admin: Promise<Actor> | undefined;
let adminServer: TestServer | undefined;

/** Registers, confirms and approves a shop; the owner is a new user unless given. */
export async function openShop(server: TestServer, name: string, handle: string, owner?: Actor, approve = true): Promise<OpenShop> {
  const seller = owner ?? (await signUpBuyer(server, `${name} Owner`));
  const { registerShop } = await seller.client.data(RegisterShopDocument, { input: shopInput(name, handle) });
  if (!registerShop.shop) throw new Error(`registerShop failed: ${JSON.stringify(registerShop.userErrors)}`);
  const shopId = registerShop.shop.id;
  await seller.client.data(VerifyShopEmailDocument, { input: { shopId, code: server.mailer.lastCode(`${handle}@example.com`) } });
  if (approve) {
    if (adminServer !== server) {
      adminServer = server;
      admin = createStaffUser(server, Role.ADMIN);
    }
    const { reviewShop } = await (await admin!).client.data(ReviewShopDocument, { input: { shopId, decision: 'APPROVE' } });
    if (reviewShop.shop?.status !== 'APPROVED') throw new Error(`approval failed: ${JSON.stringify(reviewShop.userErrors)}`);
  }
  return { owner: seller, shopId, handle };
}

/** Seeds the demo category tree; returns global IDs by slug. */
export async function seedCategories(server: TestServer): Promise<Record<string, string>> {
  const em = server.app.orm.em.fork();
  const categories = await createCategories(em);
  return Object.fromEntries([...categories].map(([slug, c]) => [slug, toGlobalId('Category', c.id)]));
}

/** Makes `member` a STAFF member of `shop` (there is no invitation API yet), straight in the database. */
export async function addShopStaff(server: TestServer, shop: Pick<OpenShop, 'shopId'>, member: Pick<Actor, 'id'>): Promise<void> {
  const em = server.app.orm.em.fork();
  em.create(ShopMember, { shop: decodeIdOf('Shop', shop.shopId)!, user: decodeIdOf('User', member.id)!, role: ShopMemberRole.STAFF, createdAt: server.clock.now() });
  await em.flush();
}

/** Publishes a one-variant hijab-category product (stock 500) in `shop`; returns its id and its variant's id. */
export async function listPlainProduct(
  shop: OpenShop,
  categories: Record<string, string>,
  sku: string,
  price: string,
  weightGrams: number,
): Promise<{ id: string; variantId: string }> {
  const { createProduct } = await shop.owner.client.data(CreateProductDocument, {
    input: {
      shopId: shop.shopId,
      title: `Busana Muslim ${sku}`,
      description: 'Busana muslim bahan adem, jahitan rapi, nyaman dipakai seharian.',
      categoryId: categories['hijab']!,
      imageUrls: [`https://cdn.example.com/${sku}.jpg`],
      variants: [{ sku, optionValues: [], price, stock: 500, weightGrams }],
      publish: true,
    },
  });
  if (createProduct.userErrors.length > 0) throw new Error(`createProduct ${sku}: ${JSON.stringify(createProduct.userErrors)}`);
  return { id: createProduct.product!.id, variantId: createProduct.product!.variants[0]!.id };
}
