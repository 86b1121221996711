import { Migration } from '@mikro-orm/migrations';

export class Migration20261122012748_vouchers extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "voucher" ("id" serial primary key, "shop_id" int not null, "code" varchar(20) not null, "name" varchar(100) null, "type" varchar(8) not null, "percent_off" int null, "amount_off" bigint null, "minimum_spend" bigint not null, "maximum_discount" bigint null, "usage_limit" int not null, "used_count" int not null default 0, "per_buyer_limit" int not null, "valid_from" timestamptz not null, "valid_until" timestamptz not null, "ended_at" timestamptz null, "created_at" timestamptz not null, constraint voucher_used_count_within_limit check (used_count >= 0 and used_count <= usage_limit));`);
    this.addSql(`create index "voucher_shop_id_valid_until_index" on "voucher" ("shop_id", "valid_until");`);
    this.addSql(`alter table "voucher" add constraint "voucher_shop_id_code_unique" unique ("shop_id", "code");`);

    this.addSql(`create table "voucher_buyer_usage" ("id" serial primary key, "voucher_id" int not null, "buyer_id" int not null, "used_count" int not null, constraint voucher_buyer_usage_not_negative check (used_count >= 0));`);
    this.addSql(`alter table "voucher_buyer_usage" add constraint "voucher_buyer_usage_voucher_id_buyer_id_unique" unique ("voucher_id", "buyer_id");`);

    this.addSql(`alter table "voucher" add constraint "voucher_shop_id_foreign" foreign key ("shop_id") references "shop" ("id") on update cascade;`);

    this.addSql(`alter table "voucher_buyer_usage" add constraint "voucher_buyer_usage_voucher_id_foreign" foreign key ("voucher_id") references "voucher" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "voucher_buyer_usage" add constraint "voucher_buyer_usage_buyer_id_foreign" foreign key ("buyer_id") references "app_user" ("id") on update cascade;`);

    this.addSql(`alter table "shop_order" add column "voucher_id" int null, add column "voucher_code" varchar(20) null;`);
    this.addSql(`alter table "shop_order" add constraint "shop_order_voucher_id_foreign" foreign key ("voucher_id") references "voucher" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "shop_order" drop constraint "shop_order_voucher_id_foreign";`);

    this.addSql(`alter table "voucher_buyer_usage" drop constraint "voucher_buyer_usage_voucher_id_foreign";`);

    this.addSql(`drop table if exists "voucher" cascade;`);

    this.addSql(`drop table if exists "voucher_buyer_usage" cascade;`);

    this.addSql(`alter table "shop_order" drop column "voucher_id", drop column "voucher_code";`);
  }

}
