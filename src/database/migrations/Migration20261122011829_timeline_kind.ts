import { Migration } from '@mikro-orm/migrations';

export class Migration20261122011829_timeline_kind extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "order_event" add column "kind" varchar(32) not null default 'STATUS_CHANGED';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "order_event" drop column "kind";`);
  }

}
