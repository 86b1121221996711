/** Every PostgreSQL migration, in order. `npm run db:migrate -- --create` writes new ones; add them here. */
import { Migration20261121231131_foundation } from './Migration20261121231131_foundation';
import { Migration20261121233743_shops } from './Migration20261121233743_shops';
import { Migration20261121234726_catalog } from './Migration20261121234726_catalog';
import { Migration20261122002522_orders } from './Migration20261122002522_orders';
import { Migration20261122003657_payments_fulfilment } from './Migration20261122003657_payments_fulfilment';
import { Migration20261122011829_timeline_kind } from './Migration20261122011829_timeline_kind';
import { Migration20261122012748_vouchers } from './Migration20261122012748_vouchers';
import { Migration20261122012847_returns } from './Migration20261122012847_returns';
import { Migration20261122012914_realtime } from './Migration20261122012914_realtime';
import { Migration20261122012930_cancellations } from './Migration20261122012930_cancellations';
import { Migration20261122015716_inbox } from './Migration20261122015716_inbox';
import { Migration20261122023338_live } from './Migration20261122023338_live';
import { Migration20261122025437_overlay_tokens } from './Migration20261122025437_overlay_tokens';
import { Migration20261122040944_claims } from './Migration20261122040944_claims';
import { Migration20261122041027_chat } from './Migration20261122041027_chat';
import { Migration20261122041354_shipping_tracking } from './Migration20261122041354_shipping_tracking';
import { Migration20261122052034_product_rejection } from './Migration20261122052034_product_rejection';
import { Migration20261122052908_product_guidelines } from './Migration20261122052908_product_guidelines';

export const migrationsList = [
  { name: 'Migration20261121231131_foundation', class: Migration20261121231131_foundation },
  { name: 'Migration20261121233743_shops', class: Migration20261121233743_shops },
  { name: 'Migration20261121234726_catalog', class: Migration20261121234726_catalog },
  { name: 'Migration20261122002522_orders', class: Migration20261122002522_orders },
  { name: 'Migration20261122003657_payments_fulfilment', class: Migration20261122003657_payments_fulfilment },
  { name: 'Migration20261122011829_timeline_kind', class: Migration20261122011829_timeline_kind },
  { name: 'Migration20261122012748_vouchers', class: Migration20261122012748_vouchers },
  { name: 'Migration20261122012847_returns', class: Migration20261122012847_returns },
  { name: 'Migration20261122012914_realtime', class: Migration20261122012914_realtime },
  { name: 'Migration20261122012930_cancellations', class: Migration20261122012930_cancellations },
  { name: 'Migration20261122015716_inbox', class: Migration20261122015716_inbox },
  { name: 'Migration20261122023338_live', class: Migration20261122023338_live },
  { name: 'Migration20261122025437_overlay_tokens', class: Migration20261122025437_overlay_tokens },
  { name: 'Migration20261122040944_claims', class: Migration20261122040944_claims },
  { name: 'Migration20261122041027_chat', class: Migration20261122041027_chat },
  { name: 'Migration20261122041354_shipping_tracking', class: Migration20261122041354_shipping_tracking },
  { name: 'Migration20261122052034_product_rejection', class: Migration20261122052034_product_rejection },
  { name: 'Migration20261122052908_product_guidelines', class: Migration20261122052908_product_guidelines },
];
