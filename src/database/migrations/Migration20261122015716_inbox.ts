import { Migration } from '@mikro-orm/migrations';

export class Migration20261122015716_inbox extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "notification" ("id" serial primary key, "recipient_id" int not null, "source_event_id" int not null, "category" varchar(24) not null, "kind" varchar(32) not null, "title" varchar(120) not null, "body" text not null, "order_id" int null, "shop_id" int null, "read_at" timestamptz null, "created_at" timestamptz not null);`);
    this.addSql(`create index "notification_recipient_id_read_at_index" on "notification" ("recipient_id", "read_at");`);
    this.addSql(`create index "notification_recipient_id_id_index" on "notification" ("recipient_id", "id");`);
    this.addSql(`alter table "notification" add constraint "notification_recipient_id_source_event_id_unique" unique ("recipient_id", "source_event_id");`);

    this.addSql(`alter table "notification" add constraint "notification_recipient_id_foreign" foreign key ("recipient_id") references "app_user" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "notification" add constraint "notification_order_id_foreign" foreign key ("order_id") references "shop_order" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "notification" add constraint "notification_shop_id_foreign" foreign key ("shop_id") references "shop" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "notification" cascade;`);
  }

}
