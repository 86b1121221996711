import { Migration } from '@mikro-orm/migrations';

export class Migration20261121233743_shops extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "shop" ("id" serial primary key, "name" varchar(40) not null, "name_key" varchar(40) not null, "handle" varchar(30) not null, "owner_id" int not null, "status" varchar(20) not null default 'PENDING_REVIEW', "review_note" varchar(500) null, "reviewed_at" timestamptz null, "country_code" varchar(2) not null, "warehouse_contact_name" varchar(80) not null, "warehouse_phone" varchar(20) not null, "warehouse_line1" varchar(200) not null, "warehouse_line2" varchar(200) null, "warehouse_district" varchar(80) not null, "warehouse_city" varchar(80) not null, "warehouse_province" varchar(80) not null, "warehouse_postal_code" varchar(10) not null, "identity_document_type" varchar(20) not null, "identity_document_number" varchar(40) not null, "bank_name" varchar(40) not null, "bank_account_number" varchar(34) not null, "bank_account_holder" varchar(80) not null, "contact_email" varchar(254) not null, "contact_email_verified_at" timestamptz null, "email_code_hash" varchar(100) null, "email_code_expires_at" timestamptz null, "email_code_attempts" int not null default 0, "description" text null, "logo_url" varchar(500) null, "auto_confirm_orders" boolean not null default false, "chat_auto_reply" varchar(500) null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);
    this.addSql(`alter table "shop" add constraint "shop_name_key_unique" unique ("name_key");`);
    this.addSql(`alter table "shop" add constraint "shop_handle_unique" unique ("handle");`);
    this.addSql(`create index "shop_status_id_index" on "shop" ("status", "id");`);

    this.addSql(`create table "shop_member" ("id" serial primary key, "shop_id" int not null, "user_id" int not null, "role" varchar(10) not null, "created_at" timestamptz not null);`);
    this.addSql(`create index "shop_member_user_id_index" on "shop_member" ("user_id");`);
    this.addSql(`alter table "shop_member" add constraint "shop_member_shop_id_user_id_unique" unique ("shop_id", "user_id");`);

    this.addSql(`create table "shop_follow" ("id" serial primary key, "shop_id" int not null, "user_id" int not null, "created_at" timestamptz not null);`);
    this.addSql(`create index "shop_follow_user_id_id_index" on "shop_follow" ("user_id", "id");`);
    this.addSql(`alter table "shop_follow" add constraint "shop_follow_shop_id_user_id_unique" unique ("shop_id", "user_id");`);

    this.addSql(`alter table "shop" add constraint "shop_owner_id_foreign" foreign key ("owner_id") references "app_user" ("id") on update cascade;`);

    this.addSql(`alter table "shop_member" add constraint "shop_member_shop_id_foreign" foreign key ("shop_id") references "shop" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "shop_member" add constraint "shop_member_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "shop_follow" add constraint "shop_follow_shop_id_foreign" foreign key ("shop_id") references "shop" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "shop_follow" add constraint "shop_follow_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "shop_member" drop constraint "shop_member_shop_id_foreign";`);

    this.addSql(`alter table "shop_follow" drop constraint "shop_follow_shop_id_foreign";`);

    this.addSql(`drop table if exists "shop" cascade;`);

    this.addSql(`drop table if exists "shop_member" cascade;`);

    this.addSql(`drop table if exists "shop_follow" cascade;`);
  }

}
