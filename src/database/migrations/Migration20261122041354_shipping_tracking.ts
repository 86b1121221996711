import { Migration } from '@mikro-orm/migrations';

export class Migration20261122041354_shipping_tracking extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "shipment" add column "last_event_at" timestamptz null;`);

    this.addSql(`drop index "shipment_event_shipment_id_id_index";`);

    this.addSql(`alter table "shipment_event" add column "carrier_code" varchar(16) null, add column "carrier_event_id" varchar(100) null, add column "location" varchar(100) null;`);
    // Existing events take their shipment's carrier, then the column becomes required.
    this.addSql(`update "shipment_event" set "carrier_code" = (select "carrier_code" from "shipment" where "shipment"."id" = "shipment_event"."shipment_id");`);
    this.addSql(`alter table "shipment_event" alter column "carrier_code" set not null;`);
    this.addSql(`update "shipment" set "last_event_at" = (select max("occurred_at") from "shipment_event" where "shipment_event"."shipment_id" = "shipment"."id");`);
    this.addSql(`alter table "shipment_event" alter column "type" type varchar(24) using ("type"::varchar(24));`);
    this.addSql(`create index "shipment_event_shipment_id_occurred_at_index" on "shipment_event" ("shipment_id", "occurred_at");`);
    this.addSql(`alter table "shipment_event" add constraint "shipment_event_carrier_code_carrier_event_id_unique" unique ("carrier_code", "carrier_event_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "shipment" drop column "last_event_at";`);

    this.addSql(`drop index "shipment_event_shipment_id_occurred_at_index";`);
    this.addSql(`alter table "shipment_event" drop constraint "shipment_event_carrier_code_carrier_event_id_unique";`);
    this.addSql(`alter table "shipment_event" drop column "carrier_code", drop column "carrier_event_id", drop column "location";`);

    this.addSql(`alter table "shipment_event" alter column "type" type varchar(16) using ("type"::varchar(16));`);
    this.addSql(`create index "shipment_event_shipment_id_id_index" on "shipment_event" ("shipment_id", "id");`);
  }

}
