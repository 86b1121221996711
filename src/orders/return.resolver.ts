import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../shared/context';
import { Money, money } from '../shared/money';
import { toPayload } from '../shared/user-error';
import { Order, OrderLine } from './order.entity';
import { OrderAddress } from './order.payloads';
import { orderById } from './orders.loaders';
import { ReturnLine, ReturnRequest } from './return.entity';
import { RequestReturnInput, RespondToReturnInput, ReturnRequestInput, ShipReturnInput } from './return.inputs';
import { ReturnRequestPayload } from './return.payloads';
import { requestReturn } from './return.request.service';
import * as returns from './return.service';
import { linesByReturnRequest, returnRequestsByOrder } from './returns.loaders';

const failed = { returnRequest: null, order: null } as const;

@Resolver()
export class ReturnResolver {
  @Authorized()
  @Mutation(() => ReturnRequestPayload, {
    description: 'Buyer: asks for a refund or a return of some units of a DELIVERED order before `returnableUntil`; one open request per order.',
  })
  requestReturn(@Arg('input', () => RequestReturnInput, { description: 'The order, what and why.' }) input: RequestReturnInput, @Ctx() ctx: Context) {
    return toPayload(failed, () => requestReturn(ctx, input));
  }

  @Authorized()
  @Mutation(() => ReturnRequestPayload, { description: 'Buyer: withdraws a REQUESTED or AWAITING_BUYER_SHIPMENT request (→ CANCELLED).' })
  withdrawReturn(@Arg('input', () => ReturnRequestInput, { description: 'The request.' }) input: ReturnRequestInput, @Ctx() ctx: Context) {
    return toPayload(failed, () => returns.withdrawReturn(ctx, input));
  }

  @Authorized()
  @Mutation(() => ReturnRequestPayload, {
    description: 'Seller: approves (refund only → refunded at once; return → AWAITING_BUYER_SHIPMENT to the shop warehouse) or rejects a REQUESTED request.',
  })
  respondToReturn(@Arg('input', () => RespondToReturnInput, { description: 'The request and the answer.' }) input: RespondToReturnInput, @Ctx() ctx: Context) {
    return toPayload(failed, () => returns.respondToReturn(ctx, input));
  }

  @Authorized()
  @Mutation(() => ReturnRequestPayload, { description: 'Buyer: the return parcel is sent (→ BUYER_SHIPPED).' })
  shipReturn(@Arg('input', () => ShipReturnInput, { description: 'The request, carrier and tracking number.' }) input: ShipReturnInput, @Ctx() ctx: Context) {
    return toPayload(failed, () => returns.shipReturn(ctx, input));
  }

  @Authorized()
  @Mutation(() => ReturnRequestPayload, { description: 'Seller: the returned items arrived (→ RECEIVED); the refund goes out at once (→ REFUNDED).' })
  confirmReturnReceived(@Arg('input', () => ReturnRequestInput, { description: 'The request.' }) input: ReturnRequestInput, @Ctx() ctx: Context) {
    return toPayload(failed, () => returns.confirmReturnReceived(ctx, input));
  }
}

@Resolver(() => Order)
export class OrderReturnsResolver {
  @FieldResolver(() => [ReturnRequest], { description: 'Return and refund requests, oldest first.' })
  returnRequests(@Root() order: Order, @Ctx() ctx: Context) {
    return ctx.loaders.get(returnRequestsByOrder).load(order.id);
  }
}

@Resolver(() => ReturnRequest)
export class ReturnRequestResolver {
  @FieldResolver(() => Order, { description: 'The order.' })
  async order(@Root() request: ReturnRequest, @Ctx() ctx: Context): Promise<Order> {
    return (await ctx.loaders.get(orderById).load(request.order.id))!;
  }

  @FieldResolver(() => [ReturnLine], { description: 'Which units come back, with what each refunds.' })
  lines(@Root() request: ReturnRequest, @Ctx() ctx: Context) {
    return ctx.loaders.get(linesByReturnRequest).load(request.id);
  }

  @FieldResolver(() => Money, { description: 'What the request refunds: its lines less their share of the order discount, plus the shipping fee when the whole order comes back.' })
  refundAmount(@Root() request: ReturnRequest): Money {
    return money(request.refundAmount);
  }

  @FieldResolver(() => Money, { description: 'The part of `refundAmount` that is the shipping fee (zero unless the whole order comes back).' })
  shippingFeeRefund(@Root() request: ReturnRequest): Money {
    return money(request.shippingFeeRefund);
  }

  @FieldResolver(() => OrderAddress, { nullable: true, description: "Where to send the items: the shop's warehouse, set when a return is approved." })
  returnAddress(@Root() request: ReturnRequest): OrderAddress | null {
    return request.returnAddress ?? null;
  }
}

@Resolver(() => ReturnLine)
export class ReturnLineResolver {
  @FieldResolver(() => OrderLine, { description: 'The order line.' })
  orderLine(@Root() line: ReturnLine): OrderLine {
    return line.orderLine.getEntity();
  }

  @FieldResolver(() => Money, { description: 'Unit price × quantity, less this line\'s share of the order discount.' })
  refundAmount(@Root() line: ReturnLine): Money {
    return money(line.refundAmount);
  }
}
