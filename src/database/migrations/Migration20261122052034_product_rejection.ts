import { Migration } from '@mikro-orm/migrations';

export class Migration20261122052034_product_rejection extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "product" add column "rejection_reason" varchar(500) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "product" drop column "rejection_reason";`);
  }

}
