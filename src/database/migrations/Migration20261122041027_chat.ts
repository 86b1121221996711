import { Migration } from '@mikro-orm/migrations';

export class Migration20261122041027_chat extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "conversation" ("id" serial primary key, "buyer_id" int not null, "shop_id" int not null, "last_message_at" timestamptz not null, "last_message_id" int null, "buyer_read_up_to" int not null default 0, "shop_read_up_to" int not null default 0, "shop_last_message_at" timestamptz null, "created_at" timestamptz not null);`);
    this.addSql(`create index "conversation_shop_id_last_message_at_id_index" on "conversation" ("shop_id", "last_message_at", "id");`);
    this.addSql(`create index "conversation_buyer_id_last_message_at_id_index" on "conversation" ("buyer_id", "last_message_at", "id");`);
    this.addSql(`alter table "conversation" add constraint "conversation_buyer_id_shop_id_unique" unique ("buyer_id", "shop_id");`);

    this.addSql(`create table "chat_message" ("id" serial primary key, "conversation_id" int not null, "sender_side" varchar(8) not null, "sender_id" int null, "body" text not null, "order_id" int null, "product_id" int null, "is_auto_reply" boolean not null default false, "created_at" timestamptz not null);`);
    this.addSql(`create index "chat_message_conversation_id_id_index" on "chat_message" ("conversation_id", "id");`);

    this.addSql(`alter table "conversation" add constraint "conversation_buyer_id_foreign" foreign key ("buyer_id") references "app_user" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "conversation" add constraint "conversation_shop_id_foreign" foreign key ("shop_id") references "shop" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "chat_message" add constraint "chat_message_conversation_id_foreign" foreign key ("conversation_id") references "conversation" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "chat_message" add constraint "chat_message_sender_id_foreign" foreign key ("sender_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "chat_message" add constraint "chat_message_order_id_foreign" foreign key ("order_id") references "shop_order" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "chat_message" add constraint "chat_message_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "chat_message" drop constraint "chat_message_conversation_id_foreign";`);

    this.addSql(`drop table if exists "conversation" cascade;`);

    this.addSql(`drop table if exists "chat_message" cascade;`);
  }

}
