import { Migration } from '@mikro-orm/migrations';

export class Migration20261122003657_payments_fulfilment extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "payment_webhook_event" ("id" serial primary key, "event_id" varchar(100) not null, "provider_reference" varchar(64) not null, "status" varchar(16) not null, "occurred_at" timestamptz not null, "received_at" timestamptz not null);`);
    this.addSql(`alter table "payment_webhook_event" add constraint "payment_webhook_event_event_id_unique" unique ("event_id");`);

    this.addSql(`create table "shipment" ("id" serial primary key, "order_id" int not null, "carrier_code" varchar(16) not null, "tracking_number" varchar(30) not null, "status" varchar(20) not null, "arranged_at" timestamptz not null, "picked_up_at" timestamptz null, "delivered_at" timestamptz null);`);
    this.addSql(`alter table "shipment" add constraint "shipment_carrier_code_tracking_number_unique" unique ("carrier_code", "tracking_number");`);
    this.addSql(`alter table "shipment" add constraint "shipment_order_id_unique" unique ("order_id");`);

    this.addSql(`create table "shipment_event" ("id" serial primary key, "shipment_id" int not null, "type" varchar(16) not null, "occurred_at" timestamptz not null, "description" varchar(500) null, "recorded_at" timestamptz not null);`);
    this.addSql(`create index "shipment_event_shipment_id_id_index" on "shipment_event" ("shipment_id", "id");`);

    this.addSql(`create table "payment" ("id" serial primary key, "order_id" int not null, "amount" bigint not null, "refunded_amount" bigint not null default 0, "method" varchar(16) not null, "status" varchar(16) not null, "provider_reference" varchar(64) not null, "pending_order_id" int null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);
    this.addSql(`alter table "payment" add constraint "payment_provider_reference_unique" unique ("provider_reference");`);
    this.addSql(`alter table "payment" add constraint "payment_pending_order_id_unique" unique ("pending_order_id");`);
    this.addSql(`create index "payment_order_id_id_index" on "payment" ("order_id", "id");`);

    this.addSql(`create table "refund" ("id" serial primary key, "order_id" int not null, "payment_id" int not null, "amount" bigint not null, "reason" varchar(500) not null, "created_at" timestamptz not null);`);
    this.addSql(`create index "refund_payment_id_index" on "refund" ("payment_id");`);
    this.addSql(`create index "refund_order_id_id_index" on "refund" ("order_id", "id");`);

    this.addSql(`alter table "shipment" add constraint "shipment_order_id_foreign" foreign key ("order_id") references "shop_order" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "shipment_event" add constraint "shipment_event_shipment_id_foreign" foreign key ("shipment_id") references "shipment" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "payment" add constraint "payment_order_id_foreign" foreign key ("order_id") references "shop_order" ("id") on update cascade;`);

    this.addSql(`alter table "refund" add constraint "refund_order_id_foreign" foreign key ("order_id") references "shop_order" ("id") on update cascade;`);
    this.addSql(`alter table "refund" add constraint "refund_payment_id_foreign" foreign key ("payment_id") references "payment" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "shipment_event" drop constraint "shipment_event_shipment_id_foreign";`);

    this.addSql(`alter table "refund" drop constraint "refund_payment_id_foreign";`);

    this.addSql(`drop table if exists "payment_webhook_event" cascade;`);

    this.addSql(`drop table if exists "shipment" cascade;`);

    this.addSql(`drop table if exists "shipment_event" cascade;`);

    this.addSql(`drop table if exists "payment" cascade;`);

    this.addSql(`drop table if exists "refund" cascade;`);
  }

}
