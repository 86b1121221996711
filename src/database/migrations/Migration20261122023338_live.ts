import { Migration } from '@mikro-orm/migrations';

export class Migration20261122023338_live extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "live_stream" ("id" serial primary key, "shop_id" int not null, "title" varchar(100) not null, "cover_url" varchar(500) null, "status" varchar(12) not null default 'SCHEDULED', "scheduled_at" timestamptz not null, "started_at" timestamptz null, "ended_at" timestamptz null, "pinned_product_id" int null, "viewer_count" int not null default 0, "peak_viewers" int not null default 0, "order_count" int not null default 0, "units_sold" int not null default 0, "gmv" bigint not null default 0, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint live_stream_stats_not_negative check (viewer_count >= 0 and peak_viewers >= 0 and order_count >= 0 and units_sold >= 0 and gmv >= 0));`);
    this.addSql(`create unique index "live_stream_one_live_per_shop" on "live_stream" ("shop_id") where "status" = 'LIVE';`);
    this.addSql(`create index "live_stream_shop_id_status_index" on "live_stream" ("shop_id", "status");`);
    this.addSql(`create index "live_stream_status_ended_at_id_index" on "live_stream" ("status", "ended_at", "id");`);
    this.addSql(`create index "live_stream_status_scheduled_at_id_index" on "live_stream" ("status", "scheduled_at", "id");`);
    this.addSql(`create index "live_stream_status_started_at_id_index" on "live_stream" ("status", "started_at", "id");`);

    this.addSql(`create table "live_stream_product" ("id" serial primary key, "live_stream_id" int not null, "product_id" int not null, "position" int not null);`);
    this.addSql(`create index "live_stream_product_live_stream_id_position_index" on "live_stream_product" ("live_stream_id", "position");`);
    this.addSql(`alter table "live_stream_product" add constraint "live_stream_product_live_stream_id_product_id_unique" unique ("live_stream_id", "product_id");`);

    this.addSql(`create table "flash_sale" ("id" serial primary key, "live_stream_id" int not null, "variant_id" int not null, "product_id" int not null, "price" bigint not null, "quantity" int not null, "sold_quantity" int not null default 0, "per_buyer_limit" int not null, "starts_at" timestamptz not null, "ends_at" timestamptz not null, "ended_at" timestamptz null, "phase" varchar(12) not null default 'SCHEDULED', "announced_quantity" int not null default 0, "sold_out_announced" boolean not null default false, "version" int not null default 1, "created_at" timestamptz not null, constraint flash_sale_sold_within_quantity check (sold_quantity >= 0 and sold_quantity <= quantity));`);
    this.addSql(`create unique index "flash_sale_one_open_per_stream" on "flash_sale" ("live_stream_id") where "phase" <> 'ENDED';`);
    this.addSql(`create index "flash_sale_phase_ends_at_index" on "flash_sale" ("phase", "ends_at");`);
    this.addSql(`create index "flash_sale_phase_starts_at_index" on "flash_sale" ("phase", "starts_at");`);
    this.addSql(`create index "flash_sale_live_stream_id_id_index" on "flash_sale" ("live_stream_id", "id");`);

    this.addSql(`create table "flash_sale_buyer_usage" ("id" serial primary key, "flash_sale_id" int not null, "buyer_id" int not null, "quantity" int not null, constraint flash_sale_buyer_usage_not_negative check (quantity >= 0));`);
    this.addSql(`alter table "flash_sale_buyer_usage" add constraint "flash_sale_buyer_usage_flash_sale_id_buyer_id_unique" unique ("flash_sale_id", "buyer_id");`);

    this.addSql(`alter table "live_stream" add constraint "live_stream_shop_id_foreign" foreign key ("shop_id") references "shop" ("id") on update cascade;`);
    this.addSql(`alter table "live_stream" add constraint "live_stream_pinned_product_id_foreign" foreign key ("pinned_product_id") references "product" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "live_stream_product" add constraint "live_stream_product_live_stream_id_foreign" foreign key ("live_stream_id") references "live_stream" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "live_stream_product" add constraint "live_stream_product_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade;`);

    this.addSql(`alter table "flash_sale" add constraint "flash_sale_live_stream_id_foreign" foreign key ("live_stream_id") references "live_stream" ("id") on update cascade;`);
    this.addSql(`alter table "flash_sale" add constraint "flash_sale_variant_id_foreign" foreign key ("variant_id") references "product_variant" ("id") on update cascade;`);
    this.addSql(`alter table "flash_sale" add constraint "flash_sale_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade;`);

    this.addSql(`alter table "flash_sale_buyer_usage" add constraint "flash_sale_buyer_usage_flash_sale_id_foreign" foreign key ("flash_sale_id") references "flash_sale" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "flash_sale_buyer_usage" add constraint "flash_sale_buyer_usage_buyer_id_foreign" foreign key ("buyer_id") references "app_user" ("id") on update cascade;`);

    this.addSql(`alter table "order_line" add column "flash_sale_id" int null;`);
    this.addSql(`alter table "order_line" add constraint "order_line_flash_sale_id_foreign" foreign key ("flash_sale_id") references "flash_sale" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "live_stream_product" drop constraint "live_stream_product_live_stream_id_foreign";`);

    this.addSql(`alter table "flash_sale" drop constraint "flash_sale_live_stream_id_foreign";`);

    this.addSql(`alter table "flash_sale_buyer_usage" drop constraint "flash_sale_buyer_usage_flash_sale_id_foreign";`);

    this.addSql(`alter table "order_line" drop constraint "order_line_flash_sale_id_foreign";`);

    this.addSql(`drop table if exists "live_stream" cascade;`);

    this.addSql(`drop table if exists "live_stream_product" cascade;`);

    this.addSql(`drop table if exists "flash_sale" cascade;`);

    this.addSql(`drop table if exists "flash_sale_buyer_usage" cascade;`);

    this.addSql(`alter table "order_line" drop column "flash_sale_id";`);
  }

}
