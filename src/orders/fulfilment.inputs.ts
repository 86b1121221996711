import { ArgsType, Field, ID, InputType, registerEnumType } from 'type-graphql';
import { ConnectionArgs } from '../shared/pagination';
import { ShipmentEventType } from './fulfilment.entity';
import { OrderStatus } from './order.entity';

@InputType({ description: 'An order of your shop.' })
export class SellerOrderInput {
  @Field(() => ID, { description: 'The order.' })
  orderId!: string;
}

@InputType({ description: 'Hands an order to a carrier under a tracking number.' })
export class ArrangeShipmentInput {
  @Field(() => ID, { description: 'The order, in AWAITING_SHIPMENT.' })
  orderId!: string;

  @Field({ description: 'The carrier: JNE, JNT, SICEPAT, ANTERAJA, POS or SPX (letter case is ignored).' })
  carrierCode!: string;

  @Field({ description: "The carrier's tracking number (resi) in the carrier's format (the `carriers` query lists them, e.g. JNT: JP0123456789); stored upper case." })
  trackingNumber!: string;
}

@InputType({ description: 'Several shipments at once; each succeeds or fails on its own.' })
export class ArrangeShipmentsInput {
  @Field(() => [ArrangeShipmentInput], { description: 'One item per order, 1–50.' })
  shipments!: ArrangeShipmentInput[];
}

@InputType({ description: 'A seller cancelling an order it cannot ship.' })
export class CancelOrderAsSellerInput {
  @Field(() => ID, { description: 'The order, in AWAITING_SHIPMENT or AWAITING_COLLECTION.' })
  orderId!: string;

  @Field({ description: 'Why, 1–200 characters (e.g. "Stok habis"); the buyer sees it.' })
  reason!: string;
}

@InputType({ description: 'A carrier reporting on a parcel.' })
export class RecordShipmentEventInput {
  @Field({ description: 'The carrier, as given when the shipment was arranged.' })
  carrierCode!: string;

  @Field({ description: 'The tracking number.' })
  trackingNumber!: string;

  @Field(() => ShipmentEventType, { description: 'What happened.' })
  type!: ShipmentEventType;

  @Field({ description: 'When it happened: at most 5 minutes in the future and not before the shipment was arranged (else INVALID_INPUT). A delivery or loss before any pickup implies the pickup at this time.' })
  occurredAt!: Date;

  @Field(() => String, { nullable: true, description: 'A note, up to 500 characters.' })
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'Where it happened (a hub or city), up to 100 characters.' })
  location?: string | null;

  @Field(() => String, { nullable: true, description: "The carrier's own id of the event (1–100 letters, digits, `_.:-`): sending the same id again changes nothing (`duplicate: true`)." })
  eventId?: string | null;
}

@InputType({ description: 'A buyer confirming a delivered order arrived.' })
export class ConfirmReceiptInput {
  @Field(() => ID, { description: 'The order, in DELIVERED.' })
  orderId!: string;
}

export enum SellerOrderTab {
  ALL = 'ALL',
  UNPAID = 'UNPAID',
  TO_SHIP = 'TO_SHIP',
  SHIPPED = 'SHIPPED',
  DELIVERED = 'DELIVERED',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
  RETURNS = 'RETURNS',
}
registerEnumType(SellerOrderTab, {
  name: 'SellerOrderTab',
  description: "The seller order center's tabs (DESIGN §5).",
  valuesConfig: {
    ALL: { description: 'Every order.' },
    UNPAID: { description: 'Waiting for the buyer to pay.' },
    TO_SHIP: { description: 'ON_HOLD, AWAITING_SHIPMENT and AWAITING_COLLECTION.' },
    SHIPPED: { description: 'With the carrier (IN_TRANSIT).' },
    DELIVERED: { description: 'Delivered, not yet completed.' },
    COMPLETED: { description: 'Completed.' },
    CANCELLED: { description: 'Cancelled.' },
    RETURNS: { description: 'Returns/refunds: orders with a return or refund request in progress or refunded (any order status).' },
  },
});

@ArgsType()
export class ShopOrdersArgs extends ConnectionArgs {
  @Field(() => SellerOrderTab, { nullable: true, description: 'Which tab; ALL by default.' })
  tab?: SellerOrderTab | null;

  @Field(() => OrderStatus, { nullable: true, description: 'Only orders in this status (combined with `tab`).' })
  status?: OrderStatus | null;

  @Field(() => String, { nullable: true, description: 'Part of the order number or of the buyer\'s name, any letter case.' })
  query?: string | null;

  @Field(() => Date, { nullable: true, description: 'Only orders placed after this time.' })
  createdAfter?: Date | null;
}
