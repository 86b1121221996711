/** Factories for demo data and tests: they write through the ORM exactly as the services do. */
import type { EntityManager } from '@mikro-orm/core';
import { Address } from '../src/accounts/address.entity';
import { emailKey } from '../src/accounts/account.service';
import { hashPassword } from '../src/accounts/password';
import { User } from '../src/accounts/user.entity';
import { Role } from '../src/shared/viewer';
import { Category } from '../src/catalog/category.entity';
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
