/**
 * Demo orders: Siti and Andi buying from Toko Budi and Dewi Hijab, in every status, so both order centers and both
 * seller centers have something in every tab. Each order is scripted over the days before `now` with the same
 * domain functions the API uses (`order-script.ts`); deadlines still running are in the future at `now` with the
 * default durations, so the sweepers leave them alone when the server starts.
 */
import type { MikroORM } from '@mikro-orm/core';
import { User } from '../src/accounts/user.entity';
import { ClaimType } from '../src/claims/claim.entity';
import { Product } from '../src/catalog/product.entity';
import type { Config } from '../src/config';
import { CancellationReason } from '../src/orders/cancellation-request.entity';
import { CarrierCode, ShipmentEventType } from '../src/orders/fulfilment.entity';
import { OrderActor } from '../src/orders/order-status';
import { PaymentMethod } from '../src/orders/order.entity';
import { ReturnReason, ReturnType } from '../src/orders/return.entity';
import { Shop } from '../src/shops/shop.entity';
import { OrderScript, StepClock, type OrderPlan, type ScriptEnv } from './order-script';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const { BANK_TRANSFER, CARD, COD, E_WALLET } = PaymentMethod;
const { PICKED_UP, DELIVERED, LOST } = ShipmentEventType;
const EVIDENCE = ['https://picsum.photos/seed/bukti-retur/600/600'];

/** How a scenario places its order and tells time. */
interface Demo {
  /** Places the order `placedAgo` before now and leaves it unpaid. */
  place(placedAgo: number, plan: OrderPlan): Promise<OrderScript>;
  /** Places it and pays it two minutes later (cash on delivery is paid at the door instead). */
  placeAndPay(placedAgo: number, plan: OrderPlan): Promise<OrderScript>;
  /** The time `ms` before now. */
  ago(ms: number): Date;
}

/** One demo order, from checkout to where it is now. */
type Scenario = (demo: Demo) => Promise<unknown>;

/** A paid order confirmed, shipped with `carrier` at `shippedAgo` and picked up three hours later. */
async function shipped(order: OrderScript, { ago }: Demo, shippedAgo: number, carrier: CarrierCode, trackingNumber: string): Promise<OrderScript> {
  await order.confirm(ago(shippedAgo + 4 * HOUR));
  await order.ship(ago(shippedAgo), carrier, trackingNumber);
  return order.carrierReports(ago(shippedAgo - 3 * HOUR), PICKED_UP, 'Paket diambil kurir');
}

/** Plans orders of one shop's products. */
function planner(products: readonly Product[]) {
  return (buyer: User, lines: OrderPlan['lines'], paymentMethod: PaymentMethod, extra: Partial<OrderPlan> = {}): OrderPlan => ({ buyer, products, lines, paymentMethod, ...extra });
}

/** Toko Budi's orders, by status. */
function budiScenarios(siti: User, andi: User, products: readonly Product[]): Scenario[] {
  const plan = planner(products);
  return [
    // UNPAID, a bank transfer pending.
    async ({ place, ago }) => (await place(25 * MINUTE, plan(siti, [[0, 1], [10, 2]], BANK_TRANSFER))).startPayment(ago(24 * MINUTE)),
    // ON_HOLD: cash on delivery, in the free-cancellation window.
    async ({ place }) => place(12 * MINUTE, plan(andi, [[11, 1]], COD, { buyerMessage: 'Tolong dibungkus rapi, untuk kado.' })),
    // AWAITING_SHIPMENT with a voucher, confirmed by the seller.
    async ({ placeAndPay, ago }) => (await placeAndPay(5 * HOUR, plan(siti, [[4, 1]], E_WALLET, { voucherCode: 'BATIKHEMAT' }))).confirm(ago(3 * HOUR)),
    // AWAITING_SHIPMENT after the free window, with a pending cancellation request.
    async ({ placeAndPay, ago }) => {
      const order = await placeAndPay(20 * HOUR, plan(andi, [[9, 1]], CARD));
      await order.endFreeCancellation(ago(18 * HOUR));
      return order.requestCancellation(ago(2 * HOUR), CancellationReason.WRONG_ADDRESS, 'Saya pindah kos, alamat harus diganti.');
    },
    // AWAITING_COLLECTION.
    async ({ placeAndPay, ago }) => {
      const order = await placeAndPay(26 * HOUR, plan(siti, [[1, 1]], E_WALLET));
      await order.confirm(ago(24 * HOUR));
      return order.ship(ago(20 * HOUR), CarrierCode.JNE, 'JNE0100200301');
    },
    // IN_TRANSIT.
    async (demo) => shipped(await demo.placeAndPay(2 * DAY + 5 * HOUR, plan(andi, [[6, 2]], BANK_TRANSFER)), demo, 40 * HOUR, CarrierCode.SICEPAT, '004000500501'),
    // DELIVERED, with a refund-only request waiting for the seller.
    async (demo) => {
      const order = await shipped(await demo.placeAndPay(4 * DAY, plan(siti, [[3, 2], [10, 1]], E_WALLET, { voucherCode: 'BUDIONGKIR' })), demo, 90 * HOUR, CarrierCode.JNT, 'JP0700800901');
      await order.carrierReports(demo.ago(30 * HOUR), DELIVERED, 'Diterima oleh Siti');
      return order.requestReturn(demo.ago(8 * HOUR), { type: ReturnType.REFUND_ONLY, reason: ReturnReason.DAMAGED, note: 'Jahitan lengan sobek.', lines: [[0, 1]], evidenceUrls: EVIDENCE });
    },
    // COMPLETED: the buyer confirmed receipt and reviewed it.
    async (demo) => {
      const order = await shipped(await demo.placeAndPay(12 * DAY, plan(siti, [[0, 1]], E_WALLET)), demo, 282 * HOUR, CarrierCode.JNE, 'JNE1100120013');
      await order.carrierReports(demo.ago(9 * DAY), DELIVERED, 'Diterima oleh Siti');
      await order.confirmReceipt(demo.ago(212 * HOUR));
      return order.review(demo.ago(210 * HOUR), [[5, 'Batiknya halus, warnanya sesuai foto. Mantap!']]);
    },
    // COMPLETED automatically a week after delivery (cash on delivery).
    async (demo) => {
      const order = await shipped(await demo.placeAndPay(15 * DAY, plan(andi, [[7, 1]], COD)), demo, 354 * HOUR, CarrierCode.ANTERAJA, '10001400150016');
      await order.carrierReports(demo.ago(12 * DAY), DELIVERED, 'Diterima oleh Andi, dibayar tunai');
      return order.autoComplete(demo.ago(5 * DAY));
    },
    // CANCELLED by the buyer before paying.
    async ({ place, ago }) => (await place(3 * DAY, plan(siti, [[5, 1]], E_WALLET))).cancel(ago(3 * DAY - 10 * MINUTE), OrderActor.BUYER, 'Ingin ganti warna'),
    // CANCELLED by the seller after payment: refunded.
    async ({ placeAndPay, ago }) => {
      const order = await placeAndPay(6 * DAY, plan(andi, [[2, 1]], CARD));
      await order.confirm(ago(140 * HOUR));
      return order.cancel(ago(124 * HOUR), OrderActor.SELLER, 'Stok ukuran ini habis, mohon maaf');
    },
    // CANCELLED by the carrier: lost in transit and refunded; the goods are gone, so no stock comes back.
    async (demo) => {
      const order = await shipped(await demo.placeAndPay(8 * DAY, plan(andi, [[8, 1]], E_WALLET)), demo, 186 * HOUR, CarrierCode.POS, 'EE080009001ID');
      return order.carrierReports(demo.ago(5 * DAY), LOST, 'Paket hilang di gudang transit');
    },
  ];
}

/** Dewi Hijab's orders, by status. */
function dewiScenarios(siti: User, andi: User, products: readonly Product[]): Scenario[] {
  const plan = planner(products);
  return [
    // UNPAID, an e-wallet payment pending.
    async ({ place, ago }) => (await place(8 * MINUTE, plan(andi, [[1, 2]], E_WALLET))).startPayment(ago(7 * MINUTE)),
    // ON_HOLD: paid with a voucher, in the free-cancellation window.
    async ({ placeAndPay }) => placeAndPay(30 * MINUTE, plan(siti, [[4, 1], [11, 2]], E_WALLET, { voucherCode: 'HIJABHEMAT' })),
    // AWAITING_SHIPMENT after the free window, with a pending cancellation request.
    async ({ placeAndPay, ago }) => {
      const order = await placeAndPay(24 * HOUR, plan(siti, [[2, 3]], BANK_TRANSFER));
      await order.endFreeCancellation(ago(22 * HOUR));
      return order.requestCancellation(ago(40 * MINUTE), CancellationReason.CHANGED_MIND);
    },
    // AWAITING_COLLECTION, cash on delivery.
    async ({ placeAndPay, ago }) => {
      const order = await placeAndPay(20 * HOUR, plan(andi, [[10, 1]], COD));
      await order.confirm(ago(18 * HOUR));
      return order.ship(ago(6 * HOUR), CarrierCode.SPX, 'SPXID020000600070');
    },
    // IN_TRANSIT.
    async (demo) => shipped(await demo.placeAndPay(3 * DAY, plan(siti, [[7, 1]], CARD)), demo, 30 * HOUR, CarrierCode.JNT, 'JP3000300031'),
    // DELIVERED with a voucher: the buyer may confirm receipt, review or ask for a return.
    async (demo) => {
      const order = await shipped(await demo.placeAndPay(5 * DAY, plan(siti, [[5, 1], [0, 2]], E_WALLET, { voucherCode: 'DEWILIVE' })), demo, 4 * DAY, CarrierCode.JNE, 'JNE5000400041');
      return order.carrierReports(demo.ago(2 * DAY), DELIVERED, 'Diterima oleh satpam kantor');
    },
    // DELIVERED, a return approved: the buyer is to send it back.
    async (demo) => {
      const order = await shipped(await demo.placeAndPay(6 * DAY, plan(andi, [[6, 1]], BANK_TRANSFER)), demo, 5 * DAY, CarrierCode.SICEPAT, '006000500051');
      await order.carrierReports(demo.ago(3 * DAY), DELIVERED, 'Diterima oleh Andi');
      await order.requestReturn(demo.ago(2 * DAY), { type: ReturnType.RETURN_AND_REFUND, reason: ReturnReason.CHANGED_MIND, note: 'Ukurannya terlalu besar.', lines: [[0, 1]] });
      return order.approveReturn(demo.ago(36 * HOUR), 'Silakan kirim kembali dengan label aslinya.');
    },
    // DELIVERED and refunded in full on a refund-only request.
    async (demo) => {
      const order = await shipped(await demo.placeAndPay(7 * DAY, plan(siti, [[3, 3]], E_WALLET)), demo, 6 * DAY, CarrierCode.JNE, 'JNE7000600061');
      await order.carrierReports(demo.ago(4 * DAY), DELIVERED, 'Diterima oleh Siti');
      await order.requestReturn(demo.ago(92 * HOUR), { type: ReturnType.REFUND_ONLY, reason: ReturnReason.NOT_AS_DESCRIBED, note: 'Warnanya jauh berbeda dari foto.', lines: [[0, 3]], evidenceUrls: EVIDENCE });
      return order.approveReturn(demo.ago(3 * DAY));
    },
    // COMPLETED and reviewed, after part of it was refunded.
    async (demo) => {
      const order = await shipped(await demo.placeAndPay(14 * DAY, plan(siti, [[0, 2], [1, 1]], E_WALLET)), demo, 13 * DAY, CarrierCode.ANTERAJA, '10001400130014');
      await order.carrierReports(demo.ago(11 * DAY), DELIVERED, 'Diterima oleh Siti');
      await order.requestReturn(demo.ago(252 * HOUR), { type: ReturnType.REFUND_ONLY, reason: ReturnReason.MISSING_PARTS, note: 'Satu hijab tidak ada di paket.', lines: [[0, 1]], evidenceUrls: EVIDENCE });
      await order.approveReturn(demo.ago(10 * DAY), 'Maaf, kami kembalikan dananya.');
      await order.confirmReceipt(demo.ago(236 * HOUR));
      return order.review(demo.ago(234 * HOUR), [
        [4, 'Hijabnya adem, sayang satu sempat kurang, tapi seller cepat tanggap.'],
        [5, 'Pashminanya lembut dan tidak licin.'],
      ]);
    },
    // CANCELLED by the system: not paid in time.
    async ({ place, ago }) => {
      const order = await place(2 * DAY, plan(siti, [[9, 1]], BANK_TRANSFER));
      await order.startPayment(ago(2 * DAY - 5 * MINUTE));
      return order.cancel(ago(2 * DAY - HOUR), OrderActor.SYSTEM, 'Payment was not received in time');
    },
    // CANCELLED at the buyer's request, approved by the seller: refunded, the voucher use given back.
    async ({ placeAndPay, ago }) => {
      const order = await placeAndPay(4 * DAY, plan(andi, [[8, 2]], E_WALLET, { voucherCode: 'HIJABHEMAT' }));
      await order.confirm(ago(94 * HOUR));
      await order.requestCancellation(ago(92 * HOUR), CancellationReason.WRONG_ITEM_OR_VARIANT, 'Salah pilih ukuran.');
      return order.answerCancellation(ago(90 * HOUR), true);
    },
    // DELIVERED, with a claim in the admin queue: the carrier says a neighbour took it, the buyer never got it.
    async (demo) => {
      const order = await shipped(await demo.placeAndPay(5 * DAY, plan(andi, [[3, 1]], E_WALLET)), demo, 4 * DAY, CarrierCode.JNT, 'JP0000500044');
      await order.carrierReports(demo.ago(30 * HOUR), DELIVERED, 'Diterima oleh tetangga');
      return order.fileClaim(demo.ago(20 * HOUR), ClaimType.NOT_RECEIVED, 'Status terkirim ke tetangga, tapi tetangga tidak menerima paket apa pun.');
    },
  ];
}

/** Places the demo orders in one transaction. Expects the demo marketplace (`seedMarketplace`) in the database. */
export async function seedDemoOrders(orm: MikroORM, config: Config, now: Date): Promise<void> {
  await orm.em.fork().transactional(async (em) => {
    const env: ScriptEnv = { em, clock: new StepClock(now), config };
    const ago = (ms: number) => new Date(now.getTime() - ms);
    const place = (placedAgo: number, plan: OrderPlan) => OrderScript.place(env, ago(placedAgo), plan);
    const placeAndPay = async (placedAgo: number, plan: OrderPlan) => {
      const order = await place(placedAgo, plan);
      return plan.paymentMethod === COD ? order : order.pay(ago(placedAgo - 2 * MINUTE));
    };
    const [siti, andi] = [await em.findOneOrFail(User, { email: 'siti@kedai.test' }), await em.findOneOrFail(User, { email: 'andi@kedai.test' })];
    const productsOf = async (handle: string) => em.find(Product, { shop: await em.findOneOrFail(Shop, { handle }) }, { orderBy: { id: 'ASC' } });
    const scenarios = [...budiScenarios(siti, andi, await productsOf('toko-budi')), ...dewiScenarios(siti, andi, await productsOf('dewi-hijab'))];
    for (const scenario of scenarios) {
      await scenario({ place, placeAndPay, ago });
      // Each order starts from an empty identity map, so flushes stay small.
      em.clear();
    }
  });
}
