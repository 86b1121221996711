import { Migration } from '@mikro-orm/migrations';

export class Migration20261122012930_cancellations extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "cancellation_request" ("id" serial primary key, "order_id" int not null, "open_order_id" int null, "status" varchar(16) not null, "reason" varchar(32) not null, "note" varchar(500) null, "requested_at" timestamptz not null, "respond_by" timestamptz not null, "responded_at" timestamptz null, "reject_reason" varchar(200) null, "resolved_by" varchar(16) null, "version" int not null default 1);`);
    this.addSql(`alter table "cancellation_request" add constraint "cancellation_request_open_order_id_unique" unique ("open_order_id");`);
    this.addSql(`create index "cancellation_request_status_respond_by_index" on "cancellation_request" ("status", "respond_by");`);
    this.addSql(`create index "cancellation_request_order_id_id_index" on "cancellation_request" ("order_id", "id");`);

    this.addSql(`alter table "cancellation_request" add constraint "cancellation_request_order_id_foreign" foreign key ("order_id") references "shop_order" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "shop_order" add column "ship_by" timestamptz null;`);
    this.addSql(`create index "shop_order_status_ship_by_index" on "shop_order" ("status", "ship_by");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "cancellation_request" cascade;`);

    this.addSql(`drop index "shop_order_status_ship_by_index";`);
    this.addSql(`alter table "shop_order" drop column "ship_by";`);
  }

}
