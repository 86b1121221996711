import { Migration } from '@mikro-orm/migrations';

export class Migration20261122002522_orders extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "shop_order" ("id" serial primary key, "order_number" varchar(32) not null, "buyer_id" int not null, "shop_id" int not null, "status" varchar(24) not null, "payment_status" varchar(24) not null default 'UNPAID', "payment_method" varchar(16) not null, "source_type" varchar(8) not null, "source_id" int null, "buyer_message" varchar(500) null, "shipping_address" jsonb not null, "subtotal" bigint not null, "shipping_fee" bigint not null, "discount" bigint not null, "total" bigint not null, "item_count" int not null, "payment_due_at" timestamptz null, "paid_at" timestamptz null, "cancel_free_until" timestamptz null, "cancelled_at" timestamptz null, "cancel_reason" varchar(500) null, "cancelled_by" varchar(16) null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);
    this.addSql(`alter table "shop_order" add constraint "shop_order_order_number_unique" unique ("order_number");`);
    this.addSql(`create index "shop_order_status_payment_due_at_index" on "shop_order" ("status", "payment_due_at");`);
    this.addSql(`create index "shop_order_shop_id_status_created_at_index" on "shop_order" ("shop_id", "status", "created_at");`);
    this.addSql(`create index "shop_order_buyer_id_created_at_id_index" on "shop_order" ("buyer_id", "created_at", "id");`);

    this.addSql(`create table "order_line" ("id" serial primary key, "order_id" int not null, "product_id" int not null, "variant_id" int not null, "product_title" varchar(255) not null, "variant_title" varchar(255) not null, "sku" varchar(64) not null, "image_url" varchar(500) null, "unit_price" bigint not null, "quantity" int not null, "line_total" bigint not null);`);
    this.addSql(`create index "order_line_order_id_index" on "order_line" ("order_id");`);

    this.addSql(`create table "order_event" ("id" serial primary key, "order_id" int not null, "from_status" varchar(24) null, "to_status" varchar(24) not null, "actor" varchar(16) not null, "reason" varchar(500) null, "created_at" timestamptz not null);`);
    this.addSql(`create index "order_event_order_id_id_index" on "order_event" ("order_id", "id");`);

    this.addSql(`alter table "shop_order" add constraint "shop_order_buyer_id_foreign" foreign key ("buyer_id") references "app_user" ("id") on update cascade;`);
    this.addSql(`alter table "shop_order" add constraint "shop_order_shop_id_foreign" foreign key ("shop_id") references "shop" ("id") on update cascade;`);

    this.addSql(`alter table "order_line" add constraint "order_line_order_id_foreign" foreign key ("order_id") references "shop_order" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "order_line" add constraint "order_line_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade;`);
    this.addSql(`alter table "order_line" add constraint "order_line_variant_id_foreign" foreign key ("variant_id") references "product_variant" ("id") on update cascade;`);

    this.addSql(`alter table "order_event" add constraint "order_event_order_id_foreign" foreign key ("order_id") references "shop_order" ("id") on update cascade on delete cascade;`);

    this.addSql(`drop index "product_search_text_trgm";`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "order_line" drop constraint "order_line_order_id_foreign";`);

    this.addSql(`alter table "order_event" drop constraint "order_event_order_id_foreign";`);

    this.addSql(`drop table if exists "shop_order" cascade;`);

    this.addSql(`drop table if exists "order_line" cascade;`);

    this.addSql(`drop table if exists "order_event" cascade;`);

    this.addSql(`create index "product_search_text_trgm" on "product" ("search_text");`);
  }

}
