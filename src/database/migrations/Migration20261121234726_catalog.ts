import { Migration } from '@mikro-orm/migrations';

export class Migration20261121234726_catalog extends Migration {

  override async up(): Promise<void> {
    // Text search on PostgreSQL: a trigram index serves `search_text like '%word%'` (SQLite scans).
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(`create table "category" ("id" serial primary key, "name" varchar(80) not null, "slug" varchar(80) not null, "parent_id" int null, "path" varchar(200) not null, "position" int not null default 0);`);
    this.addSql(`alter table "category" add constraint "category_slug_unique" unique ("slug");`);
    this.addSql(`create index "category_path_index" on "category" ("path");`);

    this.addSql(`create table "idempotency_record" ("id" serial primary key, "scope" varchar(100) not null, "key" varchar(100) not null, "request_hash" varchar(64) not null, "result" jsonb null, "created_at" timestamptz not null);`);
    this.addSql(`alter table "idempotency_record" add constraint "idempotency_record_scope_key_unique" unique ("scope", "key");`);

    this.addSql(`create table "product" ("id" serial primary key, "shop_id" int not null, "category_id" int not null, "title" varchar(255) not null, "search_text" text not null, "description" text not null, "image_urls" jsonb not null, "status" varchar(10) not null default 'DRAFT', "min_price" bigint not null, "sold_count" int not null default 0, "rating_average" double precision not null default 0, "rating_count" int not null default 0, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, "published_at" timestamptz null);`);
    this.addSql(`create index "product_sold_count_id_index" on "product" ("sold_count", "id");`);
    this.addSql(`create index "product_min_price_id_index" on "product" ("min_price", "id");`);
    this.addSql(`create index "product_category_id_status_index" on "product" ("category_id", "status");`);
    this.addSql(`create index "product_shop_id_status_id_index" on "product" ("shop_id", "status", "id");`);
    this.addSql(`create index "product_status_created_at_id_index" on "product" ("status", "created_at", "id");`);

    this.addSql(`create table "product_variant" ("id" serial primary key, "product_id" int not null, "shop_id" int not null, "sku" varchar(64) not null, "title" varchar(255) not null, "options" jsonb not null, "price" bigint not null, "compare_at_price" bigint null, "stock" int not null, "weight_grams" int not null, "position" int not null default 0, "is_active" boolean not null default true, constraint product_variant_stock_not_negative check (stock >= 0));`);
    this.addSql(`create index "product_variant_product_id_position_index" on "product_variant" ("product_id", "position");`);
    this.addSql(`alter table "product_variant" add constraint "product_variant_shop_id_sku_unique" unique ("shop_id", "sku");`);

    this.addSql(`create table "product_review" ("id" serial primary key, "product_id" int not null, "shop_id" int not null, "author_id" int not null, "order_line_id" int null, "rating" int not null, "text" text not null, "image_urls" jsonb not null, "image_count" int not null default 0, "reply" text null, "replied_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint product_review_rating_range check (rating >= 1 and rating <= 5));`);
    this.addSql(`alter table "product_review" add constraint "product_review_order_line_id_unique" unique ("order_line_id");`);
    this.addSql(`create index "product_review_shop_id_created_at_id_index" on "product_review" ("shop_id", "created_at", "id");`);
    this.addSql(`create index "product_review_product_id_created_at_id_index" on "product_review" ("product_id", "created_at", "id");`);

    this.addSql(`create table "video" ("id" serial primary key, "shop_id" int not null, "caption" text not null, "video_url" varchar(500) not null, "thumbnail_url" varchar(500) null, "duration_seconds" int null, "created_at" timestamptz not null);`);
    this.addSql(`create index "video_shop_id_created_at_id_index" on "video" ("shop_id", "created_at", "id");`);
    this.addSql(`create index "video_created_at_id_index" on "video" ("created_at", "id");`);

    this.addSql(`create table "video_product" ("id" serial primary key, "video_id" int not null, "product_id" int not null, "at_second" int null, "position" int not null);`);
    this.addSql(`create index "video_product_product_id_video_id_index" on "video_product" ("product_id", "video_id");`);
    this.addSql(`alter table "video_product" add constraint "video_product_video_id_product_id_unique" unique ("video_id", "product_id");`);

    this.addSql(`alter table "category" add constraint "category_parent_id_foreign" foreign key ("parent_id") references "category" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "product" add constraint "product_shop_id_foreign" foreign key ("shop_id") references "shop" ("id") on update cascade;`);
    this.addSql(`alter table "product" add constraint "product_category_id_foreign" foreign key ("category_id") references "category" ("id") on update cascade;`);

    this.addSql(`alter table "product_variant" add constraint "product_variant_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade;`);
    this.addSql(`alter table "product_variant" add constraint "product_variant_shop_id_foreign" foreign key ("shop_id") references "shop" ("id") on update cascade;`);

    this.addSql(`alter table "product_review" add constraint "product_review_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade;`);
    this.addSql(`alter table "product_review" add constraint "product_review_shop_id_foreign" foreign key ("shop_id") references "shop" ("id") on update cascade;`);
    this.addSql(`alter table "product_review" add constraint "product_review_author_id_foreign" foreign key ("author_id") references "app_user" ("id") on update cascade;`);

    this.addSql(`alter table "video" add constraint "video_shop_id_foreign" foreign key ("shop_id") references "shop" ("id") on update cascade;`);

    this.addSql(`alter table "video_product" add constraint "video_product_video_id_foreign" foreign key ("video_id") references "video" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "video_product" add constraint "video_product_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade;`);
    this.addSql(`create index "product_search_text_trgm" on "product" using gin ("search_text" gin_trgm_ops);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "category" drop constraint "category_parent_id_foreign";`);

    this.addSql(`alter table "product" drop constraint "product_category_id_foreign";`);

    this.addSql(`alter table "product_variant" drop constraint "product_variant_product_id_foreign";`);

    this.addSql(`alter table "product_review" drop constraint "product_review_product_id_foreign";`);

    this.addSql(`alter table "video_product" drop constraint "video_product_product_id_foreign";`);

    this.addSql(`alter table "video_product" drop constraint "video_product_video_id_foreign";`);

    this.addSql(`drop table if exists "category" cascade;`);

    this.addSql(`drop table if exists "idempotency_record" cascade;`);

    this.addSql(`drop table if exists "product" cascade;`);

    this.addSql(`drop table if exists "product_variant" cascade;`);

    this.addSql(`drop table if exists "product_review" cascade;`);

    this.addSql(`drop table if exists "video" cascade;`);

    this.addSql(`drop table if exists "video_product" cascade;`);
  }

}
