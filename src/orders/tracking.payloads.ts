import { Field, ObjectType } from 'type-graphql';
import { Carrier } from './carrier.registry';
import { ShipmentEventType, ShipmentStatus } from './fulfilment.entity';

@ObjectType({ description: 'One step of a parcel in public tracking: what happened, where and when, in standard words.', simpleResolvers: true })
export class PublicTrackingEvent {
  @Field(() => ShipmentEventType, { description: 'What happened.' })
  type!: ShipmentEventType;

  @Field(() => String, { nullable: true, description: 'The hub or city the carrier named, for a pickup or hub scan only (PICKED_UP, IN_TRANSIT, ARRIVED_AT_HUB): the text before its first comma, at most 40 characters. Null for every other step, whose location may be the receiver\'s address.' })
  location!: string | null;

  @Field({ description: "The step in words (\"Arrived at sorting hub\"); never the carrier's free text, which may name the receiver." })
  description!: string;

  @Field({ description: 'When it happened, as the carrier reports it.' })
  occurredAt!: Date;
}

@ObjectType({
  description: 'A parcel as anyone with its tracking number may see it: carrier, status, steps and estimate. It holds no personal data: no names, addresses, phone numbers or order.',
  simpleResolvers: true,
})
export class PublicTracking {
  @Field(() => Carrier, { description: 'The carrier.' })
  carrier!: Carrier;

  @Field({ description: 'The tracking number, upper case.' })
  trackingNumber!: string;

  @Field(() => ShipmentStatus, { description: 'Where the parcel is.' })
  status!: ShipmentStatus;

  @Field({ description: "The parcel on the carrier's public tracking page." })
  trackingUrl!: string;

  @Field(() => Date, { nullable: true, description: 'When it should arrive; null once delivered, returned, lost or cancelled.' })
  estimatedDeliveryAt!: Date | null;

  @Field(() => [PublicTrackingEvent], { description: 'The steps, in the order they happened.' })
  events!: PublicTrackingEvent[];
}
