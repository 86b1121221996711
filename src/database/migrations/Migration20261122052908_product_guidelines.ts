import { Migration } from '@mikro-orm/migrations';

export class Migration20261122052908_product_guidelines extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "product_guideline_set" ("version" int not null, "rules" jsonb not null, "created_by_id" int not null, "created_at" timestamptz not null, constraint "product_guideline_set_pkey" primary key ("version"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "product_guideline_set" cascade;`);
  }

}
