/** Fulfilment (seller order center, shipping hand-over, carrier events, receipt): registered from here. */
import { setReviewEligibility } from '../reviews/review-eligibility';
import type { NodeFetcher } from '../shared/context';
import { Shipment, ShipmentEvent } from './fulfilment.entity';
import { fulfilmentErrorCodes } from './fulfilment.errors';
import { FulfilmentResolver, OrderFulfilmentResolver, ShipmentResolver, ShopOrdersResolver } from './fulfilment.resolver';
import { orderReviewEligibility } from './fulfilment.review-eligibility';

export const fulfilmentEntities: Function[] = [Shipment, ShipmentEvent];
export const fulfilmentResolvers: Function[] = [FulfilmentResolver, OrderFulfilmentResolver, ShipmentResolver, ShopOrdersResolver];
export const fulfilmentErrors: Record<string, string> = { ...fulfilmentErrorCodes };
export const fulfilmentNodes: NodeFetcher[] = [];

// Order lines become reviewable once their order is DELIVERED or COMPLETED.
setReviewEligibility(orderReviewEligibility);
