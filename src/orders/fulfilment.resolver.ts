import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../shared/context';
import type { EntityView } from '../shared/views';
import { toPayload } from '../shared/user-error';
import { Role } from '../shared/viewer';
import { canManageShop } from '../shops/shop-access';
import { Shop } from '../shops/shop.entity';
import { CARRIERS, trackingUrl } from './carrier.registry';
import { availableActions, OrderAction } from './fulfilment.actions';
import { Shipment, ShipmentEvent } from './fulfilment.entity';
import {
  ArrangeShipmentInput,
  ArrangeShipmentsInput,
  CancelOrderAsSellerInput,
  ConfirmReceiptInput,
  RecordShipmentEventInput,
  SellerOrderInput,
  ShopOrdersArgs,
} from './fulfilment.inputs';
import { eventsByShipment, shipmentByOrder } from './fulfilment.loaders';
import { shopOrderCounts, shopOrders } from './fulfilment.order-center.service';
import { ArrangeShipmentsPayload, RecordShipmentEventPayload, ShopOrderCounts } from './fulfilment.payloads';
import * as fulfilment from './fulfilment.service';
import { recordShipmentEvent } from './fulfilment.tracking.service';
import { shipmentEstimate } from './tracking.service';
import { Order } from './order.entity';
import { OrderConnection, OrderPayload } from './order.payloads';

@Resolver()
export class FulfilmentResolver {
  @Authorized()
  @Mutation(() => OrderPayload, { description: 'Seller: confirms an ON_HOLD order (→ AWAITING_SHIPMENT).' })
  confirmOrder(@Arg('input', () => SellerOrderInput, { description: 'The order.' }) input: SellerOrderInput, @Ctx() ctx: Context) {
    return toPayload({ order: null }, async () => ({ order: await fulfilment.confirmOrder(ctx, input) }));
  }

  @Authorized()
  @Mutation(() => OrderPayload, { description: 'Seller: hands an AWAITING_SHIPMENT order to a carrier (→ AWAITING_COLLECTION).' })
  arrangeShipment(@Arg('input', () => ArrangeShipmentInput, { description: 'The order, carrier and tracking number.' }) input: ArrangeShipmentInput, @Ctx() ctx: Context) {
    return toPayload({ order: null }, async () => ({ order: await fulfilment.arrangeShipment(ctx, ctx.em, input) }));
  }

  @Authorized()
  @Mutation(() => ArrangeShipmentsPayload, { description: 'Seller: arranges several shipments; each item succeeds or fails on its own.' })
  arrangeShipments(@Arg('input', () => ArrangeShipmentsInput, { description: 'The shipments.' }) input: ArrangeShipmentsInput, @Ctx() ctx: Context) {
    return toPayload({ results: null }, async () => ({ results: await fulfilment.arrangeShipments(ctx, input) }));
  }

  @Authorized()
  @Mutation(() => OrderPayload, { description: 'Seller: cancels an order before pickup; the stock goes back and a paid order is refunded.' })
  cancelOrderAsSeller(@Arg('input', () => CancelOrderAsSellerInput, { description: 'The order and why.' }) input: CancelOrderAsSellerInput, @Ctx() ctx: Context) {
    return toPayload({ order: null }, async () => ({ order: await fulfilment.cancelOrderAsSeller(ctx, input) }));
  }

  @Authorized()
  @Mutation(() => OrderPayload, { description: 'Buyer: confirms a DELIVERED order arrived (→ COMPLETED).' })
  confirmReceipt(@Arg('input', () => ConfirmReceiptInput, { description: 'The order.' }) input: ConfirmReceiptInput, @Ctx() ctx: Context) {
    return toPayload({ order: null }, async () => ({ order: await fulfilment.confirmReceipt(ctx, input) }));
  }

  @Authorized(Role.CARRIER)
  @Mutation(() => RecordShipmentEventPayload, { description: 'Carrier accounts: reports an event on a parcel (pickup, hub scan, out for delivery, failed attempt, delivery, return to sender, loss); the same rules as the carrier webhook.' })
  recordShipmentEvent(@Arg('input', () => RecordShipmentEventInput, { description: 'The parcel and what happened.' }) input: RecordShipmentEventInput, @Ctx() ctx: Context) {
    return toPayload({ shipment: null, duplicate: null }, async () => recordShipmentEvent(ctx, input));
  }
}

@Resolver(() => Order)
export class OrderFulfilmentResolver {
  @FieldResolver(() => Shipment, { nullable: true, description: 'The parcel, once the seller arranged shipment.' })
  shipment(@Root() order: Order, @Ctx() ctx: Context) {
    return ctx.loaders.get(shipmentByOrder).load(order.id);
  }

  @FieldResolver(() => [OrderAction], { description: 'What you may do with the order now (buyer or shop member); empty for anyone else.' })
  availableActions(@Root() order: Order, @Ctx() ctx: Context) {
    return availableActions(ctx, order);
  }
}

@Resolver(() => Shipment)
export class ShipmentResolver {
  @FieldResolver(() => [ShipmentEvent], { description: "The carrier's reports in the order they happened (`occurredAt`), however late each arrived." })
  events(@Root() shipment: Shipment, @Ctx() ctx: Context) {
    return ctx.loaders.get(eventsByShipment).load(shipment.id);
  }

  @FieldResolver(() => String, { description: "The carrier's name." })
  carrierName(@Root() shipment: Shipment): string {
    return CARRIERS[shipment.carrierCode].name;
  }

  @FieldResolver(() => String, { description: "The parcel on the carrier's public tracking page." })
  trackingUrl(@Root() shipment: Shipment): string {
    return trackingUrl(shipment.carrierCode, shipment.trackingNumber);
  }

  @FieldResolver(() => Date, { nullable: true, description: "When it should arrive: the carrier's typical delivery days from pickup (before pickup, from when it was arranged). Null once delivered, returned, lost or cancelled." })
  estimatedDeliveryAt(@Root() shipment: Shipment): Date | null {
    return shipmentEstimate(shipment);
  }
}

@Resolver(() => Shop)
export class ShopOrdersResolver {
  @FieldResolver(() => OrderConnection, { nullable: true, description: "The shop's orders, newest first (seller order center). Null unless you are a member or an admin." })
  async orders(@Root() shop: EntityView<Shop>, @Args() args: ShopOrdersArgs, @Ctx() ctx: Context) {
    return (await canManageShop(ctx, shop)) ? shopOrders(ctx, shop, args) : null;
  }

  @FieldResolver(() => ShopOrderCounts, { nullable: true, description: 'How many orders each seller tab holds (one grouped query). Null unless you are a member or an admin.' })
  async orderCounts(@Root() shop: EntityView<Shop>, @Ctx() ctx: Context) {
    return (await canManageShop(ctx, shop)) ? shopOrderCounts(ctx, shop) : null;
  }
}
