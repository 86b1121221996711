/** Fulfilment (seller order center, shipping hand-over, carriers and tracking, the demo carrier, receipt): registered from here. */
import { setReviewEligibility } from '../reviews/review-eligibility';
import type { NodeFetcher } from '../shared/context';
import type { BackgroundJob } from '../shared/jobs';
import { demoCarrierJob } from './demo-carrier';
import { Shipment, ShipmentEvent } from './fulfilment.entity';
import { fulfilmentErrorCodes } from './fulfilment.errors';
import { FulfilmentResolver, OrderFulfilmentResolver, ShipmentResolver, ShopOrdersResolver } from './fulfilment.resolver';
import { orderReviewEligibility } from './fulfilment.review-eligibility';
import { TrackingResolver } from './tracking.resolver';

export const fulfilmentEntities: Function[] = [Shipment, ShipmentEvent];
export const fulfilmentResolvers: Function[] = [FulfilmentResolver, OrderFulfilmentResolver, ShipmentResolver, ShopOrdersResolver, TrackingResolver];
export const fulfilmentJobs: BackgroundJob[] = [demoCarrierJob];
export const fulfilmentErrors: Record<string, string> = { ...fulfilmentErrorCodes };
export const fulfilmentNodes: NodeFetcher[] = [];

// Order lines become reviewable once their order is DELIVERED or COMPLETED.
setReviewEligibility(orderReviewEligibility);
