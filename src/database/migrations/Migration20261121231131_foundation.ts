import { Migration } from '@mikro-orm/migrations';

export class Migration20261121231131_foundation extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "outbox_event" ("id" serial primary key, "topic" varchar(64) not null, "type" varchar(64) not null, "payload" jsonb not null, "created_at" timestamptz not null, "published_at" timestamptz null);`);
    this.addSql(`create index "outbox_event_topic_id_index" on "outbox_event" ("topic", "id");`);
    this.addSql(`create index "outbox_event_published_at_id_index" on "outbox_event" ("published_at", "id");`);

    this.addSql(`create table "app_user" ("id" serial primary key, "name" varchar(80) not null, "email" varchar(254) not null, "email_key" varchar(254) not null, "password_hash" varchar(200) not null, "roles" jsonb not null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);
    this.addSql(`alter table "app_user" add constraint "app_user_email_key_unique" unique ("email_key");`);

    this.addSql(`create table "address" ("id" serial primary key, "user_id" int not null, "label" varchar(40) null, "recipient_name" varchar(80) not null, "phone" varchar(20) not null, "line1" varchar(200) not null, "line2" varchar(200) null, "district" varchar(80) not null, "city" varchar(80) not null, "province" varchar(80) not null, "postal_code" varchar(10) not null, "country_code" varchar(2) not null default 'ID', "is_default" boolean not null default false, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);
    this.addSql(`create index "address_user_id_id_index" on "address" ("user_id", "id");`);

    this.addSql(`alter table "address" add constraint "address_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);
  }

}
