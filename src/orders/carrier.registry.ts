/**
 * The carriers Kedai Live hands parcels to, as data in one place: name, tracking-number (resi) format, public
 * tracking page and typical delivery time. A code registry rather than a seeded table: each carrier is tied to a
 * `CarrierCode` enum value of the schema and its format is a regular expression, so adding or changing one is a
 * deploy anyway; as code it needs no migration, no seeding at boot and no query to validate a number.
 */
import { Field, Int, ObjectType } from 'type-graphql';
import type { InputChecker } from '../shared/validation';
import { CarrierCode } from './fulfilment.entity';
import type { FulfilmentErrorCode } from './fulfilment.errors';

@ObjectType({ description: 'A carrier parcels can ship with, and how to recognise and follow its parcels.', simpleResolvers: true })
export class Carrier {
  @Field(() => CarrierCode, { description: 'The code used in `arrangeShipment`, `shipReturn`, `trackShipment` and the carrier webhook path.' })
  code!: CarrierCode;

  @Field({ description: 'The carrier\'s name, e.g. "J&T Express".' })
  name!: string;

  @Field({ description: 'What its tracking numbers look like, in words.' })
  trackingNumberFormat!: string;

  @Field({ description: 'A well-formed tracking number of this carrier.' })
  trackingNumberExample!: string;

  @Field({ description: 'The carrier\'s public tracking page, with `{trackingNumber}` where the number goes.' })
  trackingUrlTemplate!: string;

  @Field(() => Int, { description: 'Typical days from pickup to delivery on its regular service (for `estimatedDeliveryAt`).' })
  typicalDeliveryDays!: number;

  /** Upper-case tracking numbers of this carrier. */
  pattern!: RegExp;
}

const carrier = (fields: Carrier): Carrier => Object.assign(new Carrier(), fields);

/** Every carrier, keyed by code (a missing code is a compile error). */
export const CARRIERS: Readonly<Record<CarrierCode, Carrier>> = {
  [CarrierCode.JNE]: carrier({
    code: CarrierCode.JNE,
    name: 'JNE Express',
    trackingNumberFormat: 'A 3-letter origin code and 10 digits, or 16 digits',
    trackingNumberExample: 'CGK0100200301',
    pattern: /^(?:[A-Z]{3}\d{10}|\d{16})$/,
    trackingUrlTemplate: 'https://www.jne.co.id/tracking-package?awb={trackingNumber}',
    typicalDeliveryDays: 3,
  }),
  [CarrierCode.JNT]: carrier({
    code: CarrierCode.JNT,
    name: 'J&T Express',
    trackingNumberFormat: '"JP" or "JD" and 10 digits',
    trackingNumberExample: 'JP0123456789',
    pattern: /^J[PD]\d{10}$/,
    trackingUrlTemplate: 'https://jet.co.id/track?awb={trackingNumber}',
    typicalDeliveryDays: 3,
  }),
  [CarrierCode.SICEPAT]: carrier({
    code: CarrierCode.SICEPAT,
    name: 'SiCepat Ekspres',
    trackingNumberFormat: '12 digits starting with "00"',
    trackingNumberExample: '004000500123',
    pattern: /^00\d{10}$/,
    trackingUrlTemplate: 'https://www.sicepat.com/checkAwb?awb={trackingNumber}',
    typicalDeliveryDays: 2,
  }),
  [CarrierCode.ANTERAJA]: carrier({
    code: CarrierCode.ANTERAJA,
    name: 'AnterAja',
    trackingNumberFormat: '14 digits starting with "10"',
    trackingNumberExample: '10001400150016',
    pattern: /^10\d{12}$/,
    trackingUrlTemplate: 'https://anteraja.id/tracking/{trackingNumber}',
    typicalDeliveryDays: 3,
  }),
  [CarrierCode.POS]: carrier({
    code: CarrierCode.POS,
    name: 'Pos Indonesia',
    trackingNumberFormat: '2 letters, 9 digits and "ID" (UPU S10)',
    trackingNumberExample: 'EE080009001ID',
    pattern: /^[A-Z]{2}\d{9}ID$/,
    trackingUrlTemplate: 'https://www.posindonesia.co.id/id/tracking/{trackingNumber}',
    typicalDeliveryDays: 4,
  }),
  [CarrierCode.SPX]: carrier({
    code: CarrierCode.SPX,
    name: 'SPX Express',
    trackingNumberFormat: '"SPXID" and 12 digits',
    trackingNumberExample: 'SPXID020000600070',
    pattern: /^SPXID\d{12}$/,
    trackingUrlTemplate: 'https://spx.co.id/track?{trackingNumber}',
    typicalDeliveryDays: 3,
  }),
};

export const carrierList = (): Carrier[] => Object.values(CARRIERS);

/** The carrier of a code from input or a URL (any letter case), or null. */
export function carrierOf(value: string): Carrier | null {
  const normalized = value.trim().toUpperCase();
  return Object.hasOwn(CARRIERS, normalized) ? CARRIERS[normalized as CarrierCode] : null;
}

/** A carrier code from input (any letter case), or UNKNOWN_CARRIER on `field`. */
export function parseCarrier(check: InputChecker, field: string, value: string): CarrierCode | null {
  const found = carrierOf(value);
  if (!found) check.fail(field, 'UNKNOWN_CARRIER' satisfies FulfilmentErrorCode, `Unknown carrier "${value}"; use one of ${Object.keys(CARRIERS).join(', ')}.`);
  return found?.code ?? null;
}

/**
 * A tracking number from input, upper case without surrounding spaces; INVALID_TRACKING_NUMBER on `field` when it
 * does not have `carrier`'s format (nothing is said when the carrier itself is unknown: that has its own error).
 */
export function parseTrackingNumber(check: InputChecker, field: string, carrier: CarrierCode | null, value: string): string {
  const trackingNumber = value.trim().toUpperCase();
  const format = carrier === null ? null : CARRIERS[carrier];
  if (format && !format.pattern.test(trackingNumber)) {
    check.fail(field, 'INVALID_TRACKING_NUMBER' satisfies FulfilmentErrorCode, `${format.name} tracking numbers are ${format.trackingNumberFormat}, e.g. ${format.trackingNumberExample}.`);
  }
  return trackingNumber;
}

/** The carrier's public tracking page of a parcel. */
export function trackingUrl(carrier: CarrierCode, trackingNumber: string): string {
  return CARRIERS[carrier].trackingUrlTemplate.replace('{trackingNumber}', encodeURIComponent(trackingNumber));
}

const DAY_MS = 24 * 60 * 60_000;

/** When a parcel should arrive: the carrier's typical days from pickup (or, before pickup, from when it was arranged). */
export function estimatedDelivery(carrier: CarrierCode, shipment: { arrangedAt: Date; pickedUpAt?: Date | null }): Date {
  const from = shipment.pickedUpAt ?? shipment.arrangedAt;
  return new Date(from.getTime() + CARRIERS[carrier].typicalDeliveryDays * DAY_MS);
}
