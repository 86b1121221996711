import { Migration } from '@mikro-orm/migrations';

export class Migration20261122025437_overlay_tokens extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "overlay_token" ("id" serial primary key, "live_stream_id" int not null, "token_hash" varchar(64) not null, "label" varchar(60) null, "created_by_id" int not null, "created_at" timestamptz not null, "revoked_at" timestamptz null);`);
    this.addSql(`alter table "overlay_token" add constraint "overlay_token_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "overlay_token_live_stream_id_id_index" on "overlay_token" ("live_stream_id", "id");`);

    this.addSql(`alter table "overlay_token" add constraint "overlay_token_live_stream_id_foreign" foreign key ("live_stream_id") references "live_stream" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "overlay_token" add constraint "overlay_token_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "overlay_token" cascade;`);
  }

}
