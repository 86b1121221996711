import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { AddAddressInput } from '../accounts/account.inputs';
import { OrderSourceType, PaymentMethod } from './order.entity';

@InputType({ description: 'A variant and how many to buy.' })
export class OrderLineInput {
  @Field(() => ID, { description: 'The variant.' })
  variantId!: string;

  @Field(() => Int, { description: 'Units, 1–99.' })
  quantity!: number;
}

@InputType({ description: 'Where the buyer pressed "Buy now".' })
export class OrderSourceInput {
  @Field(() => OrderSourceType, { description: 'The surface.' })
  type!: OrderSourceType;

  @Field(() => ID, { nullable: true, description: 'The video or live stream, for VIDEO and LIVE.' })
  id?: string | null;
}

@InputType({ description: '"Buy now": an order from one shop.' })
export class PlaceOrderInput {
  @Field(() => [OrderLineInput], { description: 'What to buy (1–50 lines, one per variant), all from one shop.' })
  lines!: OrderLineInput[];

  @Field(() => ID, { nullable: true, description: 'A saved address; without it (and without `shippingAddress`) the default address is used.' })
  shippingAddressId?: string | null;

  @Field(() => AddAddressInput, { nullable: true, description: 'A one-off address, not saved to the address book.' })
  shippingAddress?: AddAddressInput | null;

  @Field(() => PaymentMethod, { description: 'How the buyer pays; COD orders skip UNPAID.' })
  paymentMethod!: PaymentMethod;

  @Field(() => String, { nullable: true, description: 'A note to the seller (catatan), up to 500 characters.' })
  buyerMessage?: string | null;

  @Field(() => OrderSourceInput, { nullable: true, description: 'Where the purchase started; SHOP by default.' })
  source?: OrderSourceInput | null;

  @Field(() => String, { nullable: true, description: "A voucher code of the order's shop (any letter case); its discount comes off the subtotal." })
  voucherCode?: string | null;

  @Field({ description: 'A unique key per checkout attempt (e.g. a UUID); retries with it return the first order.' })
  idempotencyKey!: string;
}

@InputType({ description: 'A buyer cancelling an unpaid order, or a paid one within its free-cancellation window.' })
export class CancelOrderInput {
  @Field(() => ID, { description: 'The order.' })
  orderId!: string;

  @Field({ description: 'Why, 1–200 characters (e.g. "Ingin mengubah alamat").' })
  reason!: string;
}

export enum OrderTab {
  ALL = 'ALL',
  UNPAID = 'UNPAID',
  TO_SHIP = 'TO_SHIP',
  SHIPPED = 'SHIPPED',
  TO_REVIEW = 'TO_REVIEW',
  CANCELLED = 'CANCELLED',
  RETURNS = 'RETURNS',
}
registerEnumType(OrderTab, {
  name: 'OrderTab',
  description: "The buyer's order-center tabs.",
  valuesConfig: {
    ALL: { description: 'Every order.' },
    UNPAID: { description: 'Waiting for payment.' },
    TO_SHIP: { description: 'Paid; the seller has not handed it to the carrier yet (ON_HOLD, AWAITING_SHIPMENT, AWAITING_COLLECTION).' },
    SHIPPED: { description: 'With the carrier (IN_TRANSIT).' },
    TO_REVIEW: { description: 'Delivered; waiting for the buyer to confirm and review.' },
    CANCELLED: { description: 'Cancelled.' },
    RETURNS: { description: 'Returns/refunds: orders with a return or refund request in progress or refunded (any order status).' },
  },
});
