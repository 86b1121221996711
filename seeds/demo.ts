/**
 * The demo marketplace: a small, Indonesian-flavoured set of accounts that `npm start` seeds into an empty
 * database. The logins are listed in the README and printed at start.
 */
import type { MikroORM } from '@mikro-orm/core';
import type { Config } from '../src/config';
import { User } from '../src/accounts/user.entity';
import { Role } from '../src/shared/viewer';
import { createAddress, createUser } from './factories';

export const DEMO_PASSWORD = 'kedai-demo-123';

export const demoLogins = [
  { email: 'admin@kedai.test', password: 'kedai-admin-123', role: 'ADMIN: reviews shops and products' },
  { email: 'budi@kedai.test', password: DEMO_PASSWORD, role: 'seller: owner of Toko Budi' },
  { email: 'siti@kedai.test', password: DEMO_PASSWORD, role: 'buyer in Jakarta, two addresses' },
  { email: 'andi@kedai.test', password: DEMO_PASSWORD, role: 'buyer in Bandung' },
] as const;

/** Seeds the demo data when the database has no users; returns whether it did. */
export async function seedDemo(orm: MikroORM, config: Pick<Config, 'passwordHashCost'>): Promise<boolean> {
  const em = orm.em.fork();
  if ((await em.count(User)) > 0) return false;
  const cost = config.passwordHashCost;

  await createUser(em, { name: 'Admin Kedai', email: 'admin@kedai.test', password: 'kedai-admin-123', roles: [Role.BUYER, Role.ADMIN] }, cost);
  await createUser(em, { name: 'Budi Santoso', email: 'budi@kedai.test', password: DEMO_PASSWORD }, cost);
  const siti = await createUser(em, { name: 'Siti Rahma', email: 'siti@kedai.test', password: DEMO_PASSWORD }, cost);
  const andi = await createUser(em, { name: 'Andi Pratama', email: 'andi@kedai.test', password: DEMO_PASSWORD }, cost);

  createAddress(em, siti, {
    label: 'Rumah',
    recipientName: 'Siti Rahma',
    phone: '+6281234567890',
    line1: 'Jl. Kemang Raya No. 12, RT 05/RW 02',
    district: 'Mampang Prapatan',
    city: 'Jakarta Selatan',
    province: 'DKI Jakarta',
    postalCode: '12730',
    isDefault: true,
  });
  createAddress(em, siti, {
    label: 'Kantor',
    recipientName: 'Siti Rahma',
    phone: '+6281234567890',
    line1: 'Jl. Jend. Sudirman Kav. 52-53',
    line2: 'Gedung Sentral Senayan, lantai 9',
    district: 'Kebayoran Baru',
    city: 'Jakarta Selatan',
    province: 'DKI Jakarta',
    postalCode: '12190',
  });
  createAddress(em, andi, {
    label: 'Rumah',
    recipientName: 'Andi Pratama',
    phone: '+6285711223344',
    line1: 'Jl. Dago No. 88',
    district: 'Coblong',
    city: 'Bandung',
    province: 'Jawa Barat',
    postalCode: '40135',
    isDefault: true,
  });
  await em.flush();
  return true;
}
