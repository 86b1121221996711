/**
 * The demo marketplace that `npm start` seeds into an empty database: accounts (logins in the README and printed
 * at start), buyers with addresses, the category tree, five approved shops with twelve products each and their
 * vouchers, one shop waiting for review, shoppable videos and reviews; then orders in every status
 * (`demo-orders.ts`) and Toko Budi's live streams: LIVE, scheduled and ended (`demo-live.ts`).
 */
import type { MikroORM } from '@mikro-orm/core';
import type { Config } from '../src/config';
import { User } from '../src/accounts/user.entity';
import { Video, VideoProduct } from '../src/catalog/video.entity';
import { ProductReview } from '../src/reviews/review.entity';
import { Role } from '../src/shared/viewer';
import { seedDemoLive } from './demo-live';
import { seedDemoOrders } from './demo-orders';
import { createAddress, createCategories, createProduct, createShop, createUser, createVoucher } from './factories';
import { reviewTexts, shopSeeds } from './marketplace-data';

export const DEMO_PASSWORD = 'kedai-demo-123';

export const demoLogins = [
  { email: 'admin@kedai.test', password: 'kedai-admin-123', role: 'ADMIN: reviews shops (Kopi Joko is waiting)' },
  { email: 'budi@kedai.test', password: DEMO_PASSWORD, role: 'seller: owner of Toko Budi (batik)' },
  { email: 'dewi@kedai.test', password: DEMO_PASSWORD, role: 'seller: owner of Dewi Hijab' },
  { email: 'siti@kedai.test', password: DEMO_PASSWORD, role: 'buyer in Jakarta, two addresses' },
  { email: 'andi@kedai.test', password: DEMO_PASSWORD, role: 'buyer in Bandung' },
] as const;

/** A small deterministic generator, so every fresh demo database is the same. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const DAY_MS = 86_400_000;

/** Seeds the demo data when the database has no users; returns whether it did. */
export async function seedDemo(orm: MikroORM, config: Config, now = new Date()): Promise<boolean> {
  if ((await orm.em.fork().count(User)) > 0) return false;
  await seedMarketplace(orm, config, now);
  await seedDemoOrders(orm, config, now);
  await seedDemoLive(orm, now);
  return true;
}

/** The demo marketplace without its orders: what the orders take their stock from. */
export async function seedMarketplace(orm: MikroORM, config: Pick<Config, 'passwordHashCost'>, now: Date): Promise<void> {
  const em = orm.em.fork();
  const cost = config.passwordHashCost;
  const rand = random(42);
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY_MS);

  await createUser(em, { name: 'Admin Kedai', email: 'admin@kedai.test', password: 'kedai-admin-123', roles: [Role.BUYER, Role.ADMIN] }, cost, at(90));
  const siti = await createUser(em, { name: 'Siti Rahma', email: 'siti@kedai.test', password: DEMO_PASSWORD }, cost, at(60));
  const andi = await createUser(em, { name: 'Andi Pratama', email: 'andi@kedai.test', password: DEMO_PASSWORD }, cost, at(45));
  const putri = await createUser(em, { name: 'Putri Maharani', email: 'putri@kedai.test', password: DEMO_PASSWORD }, cost, at(40));
  const rizky = await createUser(em, { name: 'Rizky Ramadhan', email: 'rizky@kedai.test', password: DEMO_PASSWORD }, cost, at(30));
  const reviewers = [siti, andi, putri, rizky];

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

  const categories = await createCategories(em);
  for (const [shopIndex, seed] of shopSeeds.entries()) {
    const owner = await createUser(em, { name: seed.owner.name, email: seed.owner.email, password: DEMO_PASSWORD }, cost, at(120));
    const shop = createShop(em, owner, { ...seed }, at(100 - shopIndex));
    const products = seed.products.map((template, i) => {
      const slug = template.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
      const values = template.option ? template.option[1] : [null];
      return createProduct(
        em,
        shop,
        categories.get(template.category)!,
        {
          title: template.title,
          description: `${template.title}. ${seed.description} Stok terbatas, order sekarang sebelum kehabisan!`,
          imageUrls: [1, 2, 3].map((n) => `https://picsum.photos/seed/${slug}-${n}/600/600`),
          soldCount: Math.floor(rand() * 900),
          variants: values.map((value, v) => ({
            sku: `${seed.handle.slice(0, 4).toUpperCase()}-${String(i + 1).padStart(2, '0')}-${v + 1}`,
            options: value === null || !template.option ? [] : [{ name: template.option[0], value }],
            // The largest size costs Rp5.000 more, as bigger cuts use more cloth.
            price: template.price * 100 + (template.option?.[0] === 'Ukuran' && v > 0 && v === values.length - 1 ? 5_000_00 : 0),
            compareAtPrice: template.compareAt ? template.compareAt * 100 : null,
            stock: Math.floor(rand() * 60),
          })),
        },
        at(90 - i * 3 - shopIndex),
      );
    });
    for (const voucher of seed.vouchers) {
      // Templates are in whole rupiah, vouchers in minor units.
      const { off } = voucher;
      const minorOff = 'percent' in off ? { percent: off.percent, maximum: off.maximum === undefined ? undefined : off.maximum * 100 } : { amount: off.amount * 100 };
      createVoucher(em, shop, { ...voucher, off: minorOff, minimumSpend: voucher.minimumSpend * 100, validFrom: at(30), validUntil: at(-30) }, at(30));
    }
    await em.flush();

    // Two shoppable videos per shop, each tagging three products.
    for (let v = 0; v < 2 && products.length >= 3; v += 1) {
      const video = em.create(Video, {
        shop,
        caption: v === 0 ? `Koleksi terbaru ${seed.name}! Cek keranjang kuning ya 💛` : `Review jujur produk terlaris ${seed.name}`,
        videoUrl: `https://video.kedai.example/${seed.handle}/${v + 1}.mp4`,
        thumbnailUrl: `https://picsum.photos/seed/${seed.handle}-video-${v}/720/1280`,
        durationSeconds: 45 + v * 30,
        createdAt: at(20 - v * 5 - shopIndex),
      });
      [0, 1, 2].forEach((position) =>
        em.create(VideoProduct, { video, product: products[(v * 3 + position) % products.length]!, atSecond: 5 + position * 12, position }),
      );
    }

    // Reviews: zero to four per product; the product's rating columns follow.
    for (const product of products) {
      const count = Math.floor(rand() * 5);
      const ratings: number[] = [];
      for (let r = 0; r < count; r += 1) {
        const [rating, text] = reviewTexts[Math.floor(rand() * reviewTexts.length)]!;
        ratings.push(rating);
        em.create(ProductReview, {
          product,
          shop,
          author: reviewers[r % reviewers.length]!,
          rating,
          text,
          imageUrls: [],
          imageCount: 0,
          createdAt: at(10 - r),
          updatedAt: at(10 - r),
        });
      }
      product.ratingCount = ratings.length;
      product.ratingAverage = ratings.length ? ratings.reduce((a, b) => a + b, 0) / ratings.length : 0;
    }
    await em.flush();
  }
}
