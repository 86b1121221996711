import { Field, ObjectType } from 'type-graphql';
import { Money } from '../shared/money';
import { ShipmentEventType } from './fulfilment.entity';
import { OrderEventKind, OrderStatus } from './order.entity';

/**
 * One change to an order, as `orderUpdated` and `shopOrderEvents` push it. The event's own fields say what happened
 * then; `order` (resolved by OrderSubscriptionResolver) is the order as it is when the event is sent.
 */
@ObjectType({
  description:
    'One change to an order, pushed by `orderUpdated` and `shopOrderEvents`. Keep the last `cursor` you received and pass it as `after` when you subscribe again: you get every event you missed, once, then live ones.',
})
export class OrderUpdate {
  @Field({ description: 'Opaque position of this event. Pass it as `after` to resume right after it (after a reconnect, for example).' })
  cursor!: string;

  @Field(() => OrderEventKind, { description: 'What happened (the same vocabulary as the order timeline).' })
  kind!: OrderEventKind;

  @Field({ description: 'When it happened.' })
  occurredAt!: Date;

  @Field(() => String, { nullable: true, description: 'Who did it: BUYER, SELLER, SYSTEM, CARRIER or PAYMENT; null when the event does not say.' })
  actor!: string | null;

  @Field(() => OrderStatus, { nullable: true, description: 'Status before the change, for STATUS_CHANGED; null otherwise.' })
  fromStatus!: OrderStatus | null;

  @Field(() => OrderStatus, { nullable: true, description: 'Status right after the event, when the event records it.' })
  toStatus!: OrderStatus | null;

  @Field(() => String, { nullable: true, description: 'Why, when a reason was given (cancellations, refunds, rejections).' })
  reason!: string | null;

  @Field(() => Money, { nullable: true, description: 'The amount involved: the refund, or the failed payment; null for other events.' })
  amount!: Money | null;

  @Field(() => ShipmentEventType, { nullable: true, description: 'For TRACKING_UPDATED: what the carrier reported (OUT_FOR_DELIVERY, DELIVERY_FAILED, …); null for other events.' })
  trackingEvent!: ShipmentEventType | null;

  /** Database id of the order, for the `order` field. */
  orderId!: number;
}
