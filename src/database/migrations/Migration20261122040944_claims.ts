import { Migration } from '@mikro-orm/migrations';

export class Migration20261122040944_claims extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "claim" ("id" serial primary key, "order_id" int not null, "buyer_id" int not null, "shop_id" int not null, "open_order_id" int null, "type" varchar(16) not null, "status" varchar(16) not null, "description" varchar(1000) not null, "evidence_urls" jsonb not null, "filed_at" timestamptz not null, "decision" varchar(16) null, "refund_amount" bigint null, "resolution_reason" varchar(500) null, "resolved_at" timestamptz null, "resolved_by_id" int null, "version" int not null default 1);`);
    this.addSql(`alter table "claim" add constraint "claim_open_order_id_unique" unique ("open_order_id");`);
    this.addSql(`create index "claim_status_filed_at_index" on "claim" ("status", "filed_at");`);
    this.addSql(`create index "claim_shop_id_filed_at_index" on "claim" ("shop_id", "filed_at");`);
    this.addSql(`create index "claim_buyer_id_filed_at_index" on "claim" ("buyer_id", "filed_at");`);
    this.addSql(`create index "claim_order_id_id_index" on "claim" ("order_id", "id");`);

    this.addSql(`alter table "claim" add constraint "claim_order_id_foreign" foreign key ("order_id") references "shop_order" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "claim" add constraint "claim_buyer_id_foreign" foreign key ("buyer_id") references "app_user" ("id") on update cascade;`);
    this.addSql(`alter table "claim" add constraint "claim_shop_id_foreign" foreign key ("shop_id") references "shop" ("id") on update cascade;`);
    this.addSql(`alter table "claim" add constraint "claim_resolved_by_id_foreign" foreign key ("resolved_by_id") references "app_user" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "claim" cascade;`);
  }

}
