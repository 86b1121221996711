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
  DELIVERED = 'DELIVERED',
  LOST = 'LOST',
  CANCELLED = 'CANCELLED',
}
registerEnumType(ShipmentStatus, {
  name: 'ShipmentStatus',
  description: 'Where a parcel is, as the carrier reports it.',
  valuesConfig: {
    AWAITING_PICKUP: { description: 'Arranged by the seller; the carrier has not picked it up yet.' },
    IN_TRANSIT: { description: 'Picked up by the carrier.' },
    DELIVERED: { description: 'Delivered to the buyer.' },
    LOST: { description: 'The carrier reported the parcel lost; the order was cancelled.' },
    CANCELLED: { description: 'The seller cancelled the order before pickup.' },
  },
});

export enum ShipmentEventType {
  PICKED_UP = 'PICKED_UP',
  DELIVERED = 'DELIVERED',
  LOST = 'LOST',
}
registerEnumType(ShipmentEventType, {
  name: 'ShipmentEventType',
  description: 'What a carrier reports about a parcel.',
  valuesConfig: {
    PICKED_UP: { description: 'The carrier collected the parcel from the seller (order → IN_TRANSIT).' },
    DELIVERED: { description: 'The parcel reached the buyer (order → DELIVERED).' },
    LOST: { description: 'The parcel is lost (order → CANCELLED; stock is not returned).' },
  },
});

/** An order's shipment: who carries it under which tracking number, and when it moved. */
@ObjectType({ description: "An order's parcel: carrier, tracking number and progress." })
@Entity()
@Unique({ properties: ['order'] })
@Unique({ properties: ['carrierCode', 'trackingNumber'] })
export class Shipment {
  [OptionalProps]?: 'pickedUpAt' | 'deliveredAt';

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
}

/** One carrier report on a shipment. */
@ObjectType({ description: 'One report of the carrier about a parcel.' })
@Entity()
@Index({ properties: ['shipment', 'id'] })
export class ShipmentEvent {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @ManyToOne(() => Shipment, { ref: true, deleteRule: 'cascade' })
  shipment!: Ref<Shipment>;

  @Field(() => ShipmentEventType, { description: 'What happened.' })
  @Property({ type: 'string', length: 16 })
  type!: ShipmentEventType;

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
