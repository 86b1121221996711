import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../shared/context';
import { Carrier, carrierList } from './carrier.registry';
import { PublicTracking } from './tracking.payloads';
import { trackShipment } from './tracking.service';

@Resolver()
export class TrackingResolver {
  @Query(() => [Carrier], { description: 'The carriers parcels can ship with: code, name, tracking-number format with an example, tracking page. No log-in needed.' })
  carriers(): Carrier[] {
    return carrierList();
  }

  @Query(() => PublicTracking, {
    nullable: true,
    description:
      'Tracks a parcel by carrier and tracking number without logging in: status, steps and estimated delivery, with no personal data. Null for an unknown carrier or number. Rate-limited per client address (RATE_LIMITED).',
  })
  trackShipment(
    @Arg('carrierCode', { description: 'The carrier code, e.g. JNT (letter case is ignored).' }) carrierCode: string,
    @Arg('trackingNumber', { description: 'The tracking number (resi).' }) trackingNumber: string,
    @Ctx() ctx: Context,
  ): Promise<PublicTracking | null> {
    return trackShipment(ctx, carrierCode, trackingNumber);
  }
}
