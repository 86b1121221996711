/** Shipping hand-over: one shipment per order (carrier + tracking number) and the carrier's events on it. */
import { Entity, Index, ManyToOne, OptionalProps, PrimaryKey, Property, Unique, type Ref } from '@mikro-orm/core';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Order } from './order.entity';

/** Carriers a seller can hand an order to. Stored as a plain string column. */
export enum CarrierCode {
  JNE = 'JNE',
  JNT = 'JNT',
  SICEPAT = 'SICEPAT',
  ANTERAJA = 'ANTERAJA',
  POS = 'POS',
  SPX = 'SPX',
}
registerEnumType(CarrierCode, {
  name: 'CarrierCode',
  description: 'A carrier Kedai Live hands parcels to.',
  valuesConfig: {
    JNE: { description: 'JNE Express.' },
    JNT: { description: 'J&T Express.' },
    SICEPAT: { description: 'SiCepat Ekspres.' },
    ANTERAJA: { description: 'AnterAja.' },
    POS: { description: 'Pos Indonesia.' },
    SPX: { description: 'SPX Express (Shopee Xpress).' },
  },
});

export enum ShipmentStatus {
  AWAITING_PICKUP = 'AWAITING_PICKUP',
  IN_TRANSIT = 'IN_TRANSIT',
  OUT_FOR_DELIVERY = 'OUT_FOR_DELIVERY',
  DELIVERY_FAILED = 'DELIVERY_FAILED',
  DELIVERED = 'DELIVERED',
  RETURNED = 'RETURNED',
  LOST = 'LOST',
  CANCELLED = 'CANCELLED',
}
registerEnumType(ShipmentStatus, {
  name: 'ShipmentStatus',
  description: 'Where a parcel is, as the carrier reports it.',
  valuesConfig: {
    AWAITING_PICKUP: { description: 'Arranged by the seller; the carrier has not picked it up yet.' },
    IN_TRANSIT: { description: 'Picked up by the carrier, on its way (between hubs).' },
    OUT_FOR_DELIVERY: { description: 'With the courier on the last mile, to be delivered today.' },
    DELIVERY_FAILED: { description: 'The last delivery attempt failed (nobody home, address not found); the carrier tries again or returns it.' },
    DELIVERED: { description: 'Delivered to the buyer.' },
    RETURNED: { description: 'The carrier returned the parcel to the seller; the order was cancelled and refunded.' },
    LOST: { description: 'The carrier reported the parcel lost; the order was cancelled.' },
    CANCELLED: { description: 'The seller cancelled the order before pickup.' },
  },
});

export enum ShipmentEventType {
  PICKED_UP = 'PICKED_UP',
  IN_TRANSIT = 'IN_TRANSIT',
  ARRIVED_AT_HUB = 'ARRIVED_AT_HUB',
  OUT_FOR_DELIVERY = 'OUT_FOR_DELIVERY',
  DELIVERED = 'DELIVERED',
  DELIVERY_FAILED = 'DELIVERY_FAILED',
  RETURNED_TO_SENDER = 'RETURNED_TO_SENDER',
  LOST = 'LOST',
}
registerEnumType(ShipmentEventType, {
  name: 'ShipmentEventType',
  description: 'What a carrier reports about a parcel.',
  valuesConfig: {
    PICKED_UP: { description: 'The carrier collected the parcel from the seller (order → IN_TRANSIT).' },
    IN_TRANSIT: { description: 'The parcel left a hub or is travelling between hubs (no status change; the first scan of a parcel not yet picked up counts as its pickup).' },
    ARRIVED_AT_HUB: { description: 'The parcel arrived at a sorting hub (no status change; like IN_TRANSIT for a parcel not yet picked up).' },
    OUT_FOR_DELIVERY: { description: 'A courier took the parcel out for delivery (no status change; the buyer is notified).' },
    DELIVERED: { description: 'The parcel reached the buyer (order → DELIVERED).' },
    DELIVERY_FAILED: { description: 'A delivery attempt failed (no status change; the buyer is notified with the reason).' },
    RETURNED_TO_SENDER: { description: 'The carrier brought the parcel back to the seller (order → CANCELLED: the stock goes back, a paid order is refunded).' },
    LOST: { description: 'The parcel is lost (order → CANCELLED; a paid order is refunded; stock is not returned).' },
  },
});

/** An order's shipment: who carries it under which tracking number, and when it moved. */
@ObjectType({ description: "An order's parcel: carrier, tracking number and progress." })
@Entity()
@Unique({ properties: ['order'] })
@Unique({ properties: ['carrierCode', 'trackingNumber'] })
export class Shipment {
  [OptionalProps]?: 'pickedUpAt' | 'deliveredAt' | 'lastEventAt';

  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => Order, { ref: true, deleteRule: 'cascade' })
  order!: Ref<Order>;

  @Field(() => CarrierCode, { name: 'carrier', description: 'The carrier.' })
  @Property({ type: 'string', length: 16 })
  carrierCode!: CarrierCode;

  @Field({ description: "The carrier's tracking number (resi), upper case." })
  @Property({ type: 'string', length: 30 })
  trackingNumber!: string;

  @Field(() => ShipmentStatus, { description: 'Where the parcel is.' })
  @Property({ type: 'string', length: 20 })
  status!: ShipmentStatus;

  @Field({ description: 'When the seller arranged the shipment.' })
  @Property({ type: 'datetime' })
  arrangedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When the carrier picked it up.' })
  @Property({ type: 'datetime', nullable: true })
  pickedUpAt?: Date | null = null;

  @Field(() => Date, { nullable: true, description: 'When the carrier delivered it.' })
  @Property({ type: 'datetime', nullable: true })
  deliveredAt?: Date | null = null;

  /** When the newest carrier event happened (by the carrier's clock): older events arriving late do not change `status`. */
  @Property({ type: 'datetime', nullable: true })
  lastEventAt?: Date | null = null;
}

/** One carrier report on a shipment. */
@ObjectType({ description: 'One report of the carrier about a parcel.' })
@Entity()
@Index({ properties: ['shipment', 'occurredAt'] })
@Unique({ properties: ['carrierCode', 'carrierEventId'] })
export class ShipmentEvent {
  [OptionalProps]?: 'location' | 'carrierEventId';

  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => Shipment, { ref: true, deleteRule: 'cascade' })
  shipment!: Ref<Shipment>;

  /** The shipment's carrier, copied so that `carrierEventId` is unique per carrier. */
  @Property({ type: 'string', length: 16 })
  carrierCode!: CarrierCode;

  /** The carrier's own id of the event, when it gave one: a second delivery of the same id is ignored. */
  @Property({ type: 'string', length: 100, nullable: true })
  carrierEventId?: string | null = null;

  @Field(() => ShipmentEventType, { description: 'What happened.' })
  @Property({ type: 'string', length: 24 })
  type!: ShipmentEventType;

  @Field(() => String, { nullable: true, description: 'Where it happened, as the carrier names it (a hub or a city).' })
  @Property({ type: 'string', length: 100, nullable: true })
  location?: string | null = null;

  @Field({ description: 'When it happened, as the carrier reports it.' })
  @Property({ type: 'datetime' })
  occurredAt!: Date;

  @Field(() => String, { nullable: true, description: "The carrier's note, e.g. the hub or who received the parcel." })
  @Property({ type: 'string', length: 500, nullable: true })
  description!: string | null;

  @Field({ description: 'When Kedai Live recorded it.' })
  @Property({ type: 'datetime' })
  recordedAt!: Date;
}
