/** Factories for demo data and tests: they write through the ORM exactly as the services do. */
import type { EntityManager } from '@mikro-orm/core';
import { Address } from '../src/accounts/address.entity';
import { emailKey } from '../src/accounts/account.service';
import { hashPassword } from '../src/accounts/password';
import { User } from '../src/accounts/user.entity';
import { Role } from '../src/shared/viewer';
import { Category } from '../src/catalog/category.entity';
import { Product, ProductStatus, ProductVariant } from '../src/catalog/product.entity';
import { Voucher, VoucherType } from '../src/orders/voucher.entity';
import { IdentityDocumentType, Shop, ShopMember, ShopMemberRole, ShopStatus } from '../src/shops/shop.entity';
import { categoryTree, type CategorySeed } from './catalog-data';

export interface UserSeed {
  readonly name: string;
  readonly email: string;
  readonly password: string;
  readonly roles?: readonly Role[];
}

export async function createUser(em: EntityManager, seed: UserSeed, hashCost: number, now = new Date()): Promise<User> {
  const user = em.create(User, {
    name: seed.name,
    email: seed.email,
    emailKey: emailKey(seed.email),
    passwordHash: await hashPassword(seed.password, hashCost),
    roles: [...(seed.roles ?? [Role.BUYER])],
    createdAt: now,
    updatedAt: now,
  });
  em.persist(user);
  return user;
}

export type AddressSeed = Pick<Address, 'recipientName' | 'phone' | 'line1' | 'district' | 'city' | 'province' | 'postalCode'> &
  Partial<Pick<Address, 'label' | 'line2' | 'isDefault'>>;

export function createAddress(em: EntityManager, user: User, seed: AddressSeed, now = new Date()): Address {
  const address = em.create(Address, {
    label: null,
    line2: null,
    isDefault: false,
    ...seed,
    user,
    countryCode: 'ID',
    createdAt: now,
    updatedAt: now,
  });
  em.persist(address);
  return address;
}

/** Creates the category tree (with ancestor paths); returns the categories by slug. */
export async function createCategories(em: EntityManager, tree: readonly CategorySeed[] = categoryTree): Promise<Map<string, Category>> {
  const bySlug = new Map<string, Category>();
  const walk = async (nodes: readonly CategorySeed[], parent: Category | null) => {
    for (const [position, node] of nodes.entries()) {
      const category = em.create(Category, { name: node.name, slug: node.slug, parent, path: '', position });
      await em.flush();
      category.path = `${parent?.path ?? '/'}${category.id}/`;
      bySlug.set(node.slug, category);
      if (node.children) await walk(node.children, category);
    }
  };
  await walk(tree, null);
  await em.flush();
  return bySlug;
}

export interface ShopFactoryInput {
  readonly name: string;
  readonly handle: string;
  readonly city: string;
  readonly province: string;
  readonly postalCode: string;
  readonly description?: string;
  readonly approved: boolean;
}

/** A shop with its owner membership; approved shops have a confirmed email and a SELLER owner. */
export function createShop(em: EntityManager, owner: User, seed: ShopFactoryInput, now = new Date()): Shop {
  const shop = em.create(Shop, {
    name: seed.name,
    nameKey: seed.name.toLowerCase(),
    handle: seed.handle,
    owner,
    status: seed.approved ? ShopStatus.APPROVED : ShopStatus.PENDING_REVIEW,
    reviewedAt: seed.approved ? now : null,
    countryCode: 'ID',
    warehouseContactName: owner.name,
    warehousePhone: '+6281300000000',
    warehouseLine1: 'Jl. Pahlawan No. 1',
    warehouseDistrict: 'Pusat',
    warehouseCity: seed.city,
    warehouseProvince: seed.province,
    warehousePostalCode: seed.postalCode,
    identityDocumentType: IdentityDocumentType.KTP,
    identityDocumentNumber: '3201010101010001',
    bankName: 'BCA',
    bankAccountNumber: '0123456789',
    bankAccountHolder: owner.name,
    contactEmail: owner.email,
    contactEmailVerifiedAt: now,
    description: seed.description ?? null,
    createdAt: now,
    updatedAt: now,
  });
  em.create(ShopMember, { shop, user: owner, role: ShopMemberRole.OWNER, createdAt: now });
  if (seed.approved && !owner.roles.includes(Role.SELLER)) owner.roles = [...owner.roles, Role.SELLER];
  return shop;
}

export interface VariantFactoryInput {
  readonly sku: string;
  readonly options: { name: string; value: string }[];
  readonly price: number;
  readonly compareAtPrice?: number | null;
  readonly stock: number;
  readonly weightGrams?: number;
}

/** An ACTIVE product with its variants (prices in minor units). */
export function createProduct(
  em: EntityManager,
  shop: Shop,
  category: Category,
  seed: { title: string; description: string; imageUrls: string[]; variants: VariantFactoryInput[]; soldCount?: number },
  now = new Date(),
): Product {
  const product = em.create(Product, {
    shop,
    category,
    title: seed.title,
    description: seed.description,
    searchText: `${seed.title}\n${seed.description}`.toLowerCase(),
    imageUrls: seed.imageUrls,
    status: ProductStatus.ACTIVE,
    minPrice: Math.min(...seed.variants.map((v) => v.price)),
    soldCount: seed.soldCount ?? 0,
    createdAt: now,
    updatedAt: now,
    publishedAt: now,
  });
  seed.variants.forEach((v, position) =>
    em.create(ProductVariant, {
      product,
      shop,
      sku: v.sku,
      title: v.options.length > 0 ? v.options.map((o) => o.value).join(' / ') : 'Default',
      options: v.options,
      price: v.price,
      compareAtPrice: v.compareAtPrice ?? null,
      stock: v.stock,
      weightGrams: v.weightGrams ?? 250,
      position,
    }),
  );
  return product;
}

export interface VoucherFactoryInput {
  readonly code: string;
  readonly name: string;
  /** PERCENT: percent off (1–100); FIXED: amount off in minor units. */
  readonly off: { readonly percent: number; readonly maximum?: number } | { readonly amount: number };
  /** Lowest subtotal, minor units. */
  readonly minimumSpend: number;
  readonly usageLimit: number;
  readonly perBuyerLimit: number;
  readonly validFrom: Date;
  readonly validUntil: Date;
}

/** A shop voucher with no uses yet (orders count their uses as they are placed). */
export function createVoucher(em: EntityManager, shop: Shop, seed: VoucherFactoryInput, now = new Date()): Voucher {
  return em.create(Voucher, {
    shop,
    code: seed.code,
    name: seed.name,
    type: 'percent' in seed.off ? VoucherType.PERCENT : VoucherType.FIXED,
    percentOff: 'percent' in seed.off ? seed.off.percent : null,
    maximumDiscount: 'percent' in seed.off ? (seed.off.maximum ?? null) : null,
    amountOff: 'amount' in seed.off ? seed.off.amount : null,
    minimumSpend: seed.minimumSpend,
    usageLimit: seed.usageLimit,
    perBuyerLimit: seed.perBuyerLimit,
    validFrom: seed.validFrom,
    validUntil: seed.validUntil,
    createdAt: now,
  });
}
