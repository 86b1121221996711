import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../shared/context';
import { toPayload } from '../shared/user-error';
import { CancellationRequest } from './cancellation-request.entity';
import { RequestCancellationInput, RespondToCancellationInput, WithdrawCancellationRequestInput } from './cancellation-request.inputs';
import { CancellationRequestPayload } from './cancellation-request.payloads';
import * as requests from './cancellation-request.service';
import { Order } from './order.entity';
import { cancellationRequestsByOrder } from './orders.loaders';

const failed = { cancellationRequest: null, order: null };

@Resolver(() => CancellationRequest)
export class CancellationRequestResolver {
  @Authorized()
  @Mutation(() => CancellationRequestPayload, {
    description: 'Buyer: asks the seller to cancel your AWAITING_SHIPMENT order. The seller answers by `respondBy`, or the request is approved automatically.',
  })
  requestCancellation(@Arg('input', () => RequestCancellationInput, { description: 'The order, a reason and a note.' }) input: RequestCancellationInput, @Ctx() ctx: Context) {
    return toPayload(failed, () => requests.requestCancellation(ctx, input));
  }

  @Authorized()
  @Mutation(() => CancellationRequestPayload, { description: 'Buyer: withdraws your pending cancellation request; the order goes on.' })
  withdrawCancellationRequest(
    @Arg('input', () => WithdrawCancellationRequestInput, { description: 'The request.' }) input: WithdrawCancellationRequestInput,
    @Ctx() ctx: Context,
  ) {
    return toPayload(failed, () => requests.withdrawCancellationRequest(ctx, input));
  }

  @Authorized()
  @Mutation(() => CancellationRequestPayload, {
    description: "Seller: approves a buyer's cancellation request (the order is cancelled, stock returned, a paid order refunded) or rejects it with a reason.",
  })
  respondToCancellation(@Arg('input', () => RespondToCancellationInput, { description: 'The request and the answer.' }) input: RespondToCancellationInput, @Ctx() ctx: Context) {
    return toPayload(failed, () => requests.respondToCancellation(ctx, input));
  }
}

@Resolver(() => Order)
export class OrderCancellationRequestsResolver {
  @FieldResolver(() => [CancellationRequest], { description: "The buyer's cancellation requests, newest first (at most one is PENDING)." })
  cancellationRequests(@Root() order: Order, @Ctx() ctx: Context) {
    return ctx.loaders.get(cancellationRequestsByOrder).load(order.id);
  }
}
