import { Field, ID, Int, ObjectType } from 'type-graphql';
import { UserError } from '../shared/user-error';
import { Shipment } from './fulfilment.entity';
import { Order } from './order.entity';

@ObjectType({ description: "How many orders each tab of the seller's order center holds.", simpleResolvers: true })
export class ShopOrderCounts {
  @Field(() => Int, { description: 'All orders.' }) all!: number;
  @Field(() => Int, { description: 'Waiting for payment.' }) unpaid!: number;
  @Field(() => Int, { description: 'To confirm or hand to the carrier.' }) toShip!: number;
  @Field(() => Int, { description: 'With the carrier.' }) shipped!: number;
  @Field(() => Int, { description: 'Delivered, not yet completed.' }) delivered!: number;
  @Field(() => Int, { description: 'Completed.' }) completed!: number;
  @Field(() => Int, { description: 'Cancelled.' }) cancelled!: number;
  @Field(() => Int, { description: 'With a return or refund request in progress or refunded (also counted in their status tab).' }) returns!: number;
  @Field(() => Int, { description: 'Orders whose buyer asked to cancel and waits for your answer (`respondToCancellation`).' }) pendingCancellationRequests!: number;
}

@ObjectType({ description: 'The result for one item of arrangeShipments.' })
export class ArrangeShipmentResult {
  @Field(() => ID, { description: 'The order as given in the input.' })
  orderId!: string;

  @Field(() => Order, { nullable: true, description: 'The order after the change; null when this item failed.' })
  order!: Order | null;

  @Field(() => [UserError], { description: "Why this item failed (fields point into its own input item); empty on success." })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of arrangeShipments.' })
export class ArrangeShipmentsPayload {
  @Field(() => [ArrangeShipmentResult], { nullable: true, description: 'One result per input item, in input order; null when the whole input was refused.' })
  results!: ArrangeShipmentResult[] | null;

  @Field(() => [UserError], { description: 'Why the whole input was refused (e.g. too many items); empty otherwise.' })
  userErrors!: UserError[];
}

@ObjectType({ description: 'Result of recordShipmentEvent.' })
export class RecordShipmentEventPayload {
  @Field(() => Shipment, { nullable: true, description: 'The shipment after the event.' })
  shipment!: Shipment | null;

  @Field(() => Boolean, { nullable: true, description: 'True when this was a retry and nothing changed: the same `eventId` again, a second pickup, delivery, return or loss, or (without `eventId`) the same type, time and location again.' })
  duplicate!: boolean | null;

  @Field(() => [UserError], { description: 'Why it failed; empty on success.' })
  userErrors!: UserError[];
}
