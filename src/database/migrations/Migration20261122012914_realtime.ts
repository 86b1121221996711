import { Migration } from '@mikro-orm/migrations';

export class Migration20261122012914_realtime extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop index "outbox_event_topic_id_index";`);

    this.addSql(`alter table "outbox_event" add column "position" bigint null, add column "previous_position" bigint null;`);
    // Events delivered before positions existed keep their order: their ids become their positions.
    this.addSql(`update "outbox_event" set "position" = "id" where "published_at" is not null;`);
    this.addSql(`alter table "outbox_event" add constraint "outbox_event_position_unique" unique ("position");`);
    this.addSql(`create index "outbox_event_topic_position_index" on "outbox_event" ("topic", "position");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "outbox_event" drop constraint "outbox_event_position_unique";`);
    this.addSql(`drop index "outbox_event_topic_position_index";`);
    this.addSql(`alter table "outbox_event" drop column "position", drop column "previous_position";`);

    this.addSql(`create index "outbox_event_topic_id_index" on "outbox_event" ("topic", "id");`);
  }

}
