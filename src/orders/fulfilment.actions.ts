/**
 * `Order.availableActions`: what the viewer may do with an order now, derived from the transition tables (the
 * order's, and its open return request's) and the viewer's part in the order (buyer, member of the selling shop).
 * Front-ends draw their buttons from it.
 */
import { registerEnumType } from 'type-graphql';
import type { Context } from '../shared/context';
import { viewerUserId } from '../shared/viewer';
import { viewerRoleIn } from '../shops/shop-access';
import { CancellationRequestStatus, type CancellationRequest } from './cancellation-request.entity';
import { allowedActors, OrderActor } from './order-status';
import { OrderStatus, PaymentStatus, type Order } from './order.entity';
import { canMoveReturn } from './return-status';
import { ReturnStatus, type ReturnRequest } from './return.entity';
import { returnRequestsByOrder } from './returns.loaders';
import { cancellationRequestsByOrder } from './orders.loaders';

export enum OrderAction {
  PAY = 'PAY',
  CANCEL = 'CANCEL',
  CONFIRM = 'CONFIRM',
  ARRANGE_SHIPMENT = 'ARRANGE_SHIPMENT',
  CANCEL_AS_SELLER = 'CANCEL_AS_SELLER',
  CONFIRM_RECEIPT = 'CONFIRM_RECEIPT',
  REVIEW = 'REVIEW',
  REQUEST_RETURN = 'REQUEST_RETURN',
  WITHDRAW_RETURN = 'WITHDRAW_RETURN',
  SHIP_RETURN = 'SHIP_RETURN',
  RESPOND_TO_RETURN = 'RESPOND_TO_RETURN',
  CONFIRM_RETURN_RECEIVED = 'CONFIRM_RETURN_RECEIVED',
  REQUEST_CANCELLATION = 'REQUEST_CANCELLATION',
  WITHDRAW_CANCELLATION_REQUEST = 'WITHDRAW_CANCELLATION_REQUEST',
  RESPOND_TO_CANCELLATION = 'RESPOND_TO_CANCELLATION',
}
registerEnumType(OrderAction, {
  name: 'OrderAction',
  description: 'Something the viewer may do with an order now.',
  valuesConfig: {
    PAY: { description: 'Buyer: pay the UNPAID order.' },
    CANCEL: { description: 'Buyer: cancel (`cancelOrder`): UNPAID, or ON_HOLD within the free-cancellation window.' },
    CONFIRM: { description: 'Seller: confirm the ON_HOLD order (`confirmOrder`).' },
    ARRANGE_SHIPMENT: { description: 'Seller: hand it to a carrier (`arrangeShipment`); not while a cancellation request is pending.' },
    CANCEL_AS_SELLER: { description: 'Seller: cancel it with a reason (`cancelOrderAsSeller`).' },
    CONFIRM_RECEIPT: { description: 'Buyer: confirm the parcel arrived (`confirmReceipt`); this completes the order, which then takes no returns.' },
    REVIEW: { description: 'Buyer: review the products (`addProductReview` per line).' },
    REQUEST_RETURN: { description: 'Buyer: ask for a refund or a return (`requestReturn`) before `returnableUntil`.' },
    WITHDRAW_RETURN: { description: 'Buyer: withdraw the open return request (`withdrawReturn`).' },
    SHIP_RETURN: { description: 'Buyer: send the items of the approved return back (`shipReturn`).' },
    RESPOND_TO_RETURN: { description: 'Seller: approve or reject the return request (`respondToReturn`).' },
    CONFIRM_RETURN_RECEIVED: { description: 'Seller: confirm the returned items arrived, which refunds them (`confirmReturnReceived`).' },
    REQUEST_CANCELLATION: { description: 'Buyer: ask the seller to cancel the AWAITING_SHIPMENT order (`requestCancellation`).' },
    WITHDRAW_CANCELLATION_REQUEST: { description: 'Buyer: withdraw the pending cancellation request (`withdrawCancellationRequest`).' },
    RESPOND_TO_CANCELLATION: { description: "Seller: approve or reject the buyer's pending cancellation request (`respondToCancellation`)." },
  },
});

type Party = OrderActor.BUYER | OrderActor.SELLER;

interface ActionRule {
  readonly party: Party;
  /** The transition the action makes, with the actor the table must allow for it; null for actions without one. */
  readonly to: OrderStatus | null;
  readonly actor?: OrderActor;
  /** Further conditions beyond the table. */
  readonly when?: (order: Order, facts: ActionFacts) => boolean;
}

/** What the rules look at besides the order. */
interface ActionFacts {
  readonly now: Date;
  /** The newest cancellation request; loaded for AWAITING_SHIPMENT orders only, the one status that can have one open. */
  readonly latestRequest: CancellationRequest | null;
  /** The order's open return request, if any. */
  readonly openReturn: ReturnRequest | null;
}

const requestPending = (facts: ActionFacts) => facts.latestRequest?.status === CancellationRequestStatus.PENDING;

/** The open return request may move to `to` (its own table). */
const returnCanMoveTo =
  (to: ReturnStatus) =>
  (_order: Order, { openReturn }: ActionFacts): boolean =>
    openReturn !== null && canMoveReturn(openReturn.status, to);

const { BUYER, SELLER, PAYMENT } = OrderActor;

/** One rule per action, in the order the actions are listed. */
const rules: Readonly<Record<OrderAction, ActionRule>> = {
  // Paying is the payment provider's transition, started by the buyer.
  PAY: { party: BUYER, to: OrderStatus.ON_HOLD, actor: PAYMENT, when: (o) => o.status === OrderStatus.UNPAID },
  // Later buyer cancellations go through a cancellation request the seller approves.
  CANCEL: {
    party: BUYER,
    to: OrderStatus.CANCELLED,
    when: (o, { now }) => o.status === OrderStatus.UNPAID || (o.status === OrderStatus.ON_HOLD && (!o.cancelFreeUntil || o.cancelFreeUntil > now)),
  },
  CONFIRM: { party: SELLER, to: OrderStatus.AWAITING_SHIPMENT },
  // The seller answers a pending cancellation request before the parcel can leave.
  ARRANGE_SHIPMENT: { party: SELLER, to: OrderStatus.AWAITING_COLLECTION, when: (_, facts) => !requestPending(facts) },
  CANCEL_AS_SELLER: { party: SELLER, to: OrderStatus.CANCELLED },
  // A delivered order completes only when no return request is open.
  CONFIRM_RECEIPT: { party: BUYER, to: OrderStatus.COMPLETED, when: (o) => o.openReturnId == null },
  REVIEW: { party: BUYER, to: null, when: (o) => o.status === OrderStatus.DELIVERED || o.status === OrderStatus.COMPLETED },
  REQUEST_RETURN: {
    party: BUYER,
    to: null,
    when: (o, { now }) =>
      o.status === OrderStatus.DELIVERED && o.openReturnId == null && o.returnableUntil != null && o.returnableUntil > now && o.paymentStatus !== PaymentStatus.REFUNDED,
  },
  WITHDRAW_RETURN: { party: BUYER, to: null, when: returnCanMoveTo(ReturnStatus.CANCELLED) },
  SHIP_RETURN: { party: BUYER, to: null, when: returnCanMoveTo(ReturnStatus.BUYER_SHIPPED) },
  RESPOND_TO_RETURN: { party: SELLER, to: null, when: returnCanMoveTo(ReturnStatus.REJECTED) },
  CONFIRM_RETURN_RECEIVED: { party: SELLER, to: null, when: returnCanMoveTo(ReturnStatus.RECEIVED) },
  // The cancellation a request asks for is the seller's (or, at its deadline, the system's) to make. One request
  // at a time, and none after a rejection: the newest request tells both.
  REQUEST_CANCELLATION: {
    party: BUYER,
    to: OrderStatus.CANCELLED,
    actor: SELLER,
    when: (o, { latestRequest }) =>
      o.status === OrderStatus.AWAITING_SHIPMENT && (latestRequest === null || latestRequest.status === CancellationRequestStatus.WITHDRAWN),
  },
  WITHDRAW_CANCELLATION_REQUEST: { party: BUYER, to: null, when: (_, facts) => requestPending(facts) },
  RESPOND_TO_CANCELLATION: { party: SELLER, to: OrderStatus.CANCELLED, when: (_, facts) => requestPending(facts) },
};

/** The order's open return request (from the per-request loader `Order.returnRequests` uses too). */
async function openReturnOf(ctx: Context, order: Order): Promise<ReturnRequest | null> {
  if (order.openReturnId == null) return null;
  return (await ctx.loaders.get(returnRequestsByOrder).load(order.id)).find((r) => r.id === order.openReturnId) ?? null;
}

/** The actions `order` offers the viewer now; empty for anyone who is neither its buyer nor in its shop. */
export async function availableActions(ctx: Context, order: Order): Promise<OrderAction[]> {
  const parties = new Set<Party>();
  if (viewerUserId(ctx.viewer) === order.buyer.id) parties.add(BUYER);
  if ((await viewerRoleIn(ctx, order.shop.id)) !== null) parties.add(SELLER);
  if (parties.size === 0) return [];
  const latestRequest =
    order.status === OrderStatus.AWAITING_SHIPMENT ? ((await ctx.loaders.get(cancellationRequestsByOrder).load(order.id))[0] ?? null) : null;
  const facts: ActionFacts = { now: ctx.clock.now(), latestRequest, openReturn: await openReturnOf(ctx, order) };
  return (Object.keys(rules) as OrderAction[]).filter((action) => {
    const rule = rules[action];
    if (!parties.has(rule.party)) return false;
    if (rule.to !== null && !allowedActors(order.status, rule.to).includes(rule.actor ?? rule.party)) return false;
    return rule.when ? rule.when(order, facts) : true;
  });
}
