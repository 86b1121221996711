import { Migration } from '@mikro-orm/migrations';

export class Migration20261122012847_returns extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "return_request" ("id" serial primary key, "order_id" int not null, "type" varchar(20) not null, "status" varchar(24) not null, "reason" varchar(20) not null, "note" varchar(500) null, "evidence_urls" jsonb not null, "refund_amount" bigint not null, "shipping_fee_refund" bigint not null, "respond_by" timestamptz not null, "ship_by" timestamptz null, "receive_by" timestamptz null, "return_address" jsonb null, "carrier_code" varchar(16) null, "tracking_number" varchar(30) null, "seller_note" varchar(500) null, "requested_at" timestamptz not null, "responded_at" timestamptz null, "shipped_at" timestamptz null, "received_at" timestamptz null, "refunded_at" timestamptz null, "closed_at" timestamptz null, "version" int not null default 1, "updated_at" timestamptz not null);`);
    this.addSql(`create index "return_request_status_receive_by_index" on "return_request" ("status", "receive_by");`);
    this.addSql(`create index "return_request_status_ship_by_index" on "return_request" ("status", "ship_by");`);
    this.addSql(`create index "return_request_status_respond_by_index" on "return_request" ("status", "respond_by");`);
    this.addSql(`create index "return_request_order_id_id_index" on "return_request" ("order_id", "id");`);

    this.addSql(`create table "return_line" ("id" serial primary key, "return_request_id" int not null, "order_line_id" int not null, "quantity" int not null, "refund_amount" bigint not null);`);
    this.addSql(`create index "return_line_return_request_id_index" on "return_line" ("return_request_id");`);
    this.addSql(`alter table "return_line" add constraint "return_line_return_request_id_order_line_id_unique" unique ("return_request_id", "order_line_id");`);

    this.addSql(`alter table "return_request" add constraint "return_request_order_id_foreign" foreign key ("order_id") references "shop_order" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "return_line" add constraint "return_line_return_request_id_foreign" foreign key ("return_request_id") references "return_request" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "return_line" add constraint "return_line_order_line_id_foreign" foreign key ("order_line_id") references "order_line" ("id") on update cascade;`);

    this.addSql(`alter table "shop_order" add column "auto_complete_at" timestamptz null, add column "returnable_until" timestamptz null, add column "open_return_id" int null;`);
    this.addSql(`create index "shop_order_status_auto_complete_at_index" on "shop_order" ("status", "auto_complete_at");`);

    this.addSql(`alter table "refund" add column "return_request_id" int null;`);
    this.addSql(`alter table "refund" add constraint "refund_return_request_id_foreign" foreign key ("return_request_id") references "return_request" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "refund" add constraint "refund_return_request_id_payment_id_unique" unique ("return_request_id", "payment_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "refund" drop constraint "refund_return_request_id_foreign";`);

    this.addSql(`alter table "return_line" drop constraint "return_line_return_request_id_foreign";`);

    this.addSql(`drop table if exists "return_request" cascade;`);

    this.addSql(`drop table if exists "return_line" cascade;`);

    this.addSql(`alter table "refund" drop constraint "refund_return_request_id_payment_id_unique";`);
    this.addSql(`alter table "refund" drop column "return_request_id";`);

    this.addSql(`drop index "shop_order_status_auto_complete_at_index";`);
    this.addSql(`alter table "shop_order" drop column "auto_complete_at", drop column "returnable_until", drop column "open_return_id";`);
  }

}
