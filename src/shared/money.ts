/**
 * Money travels as a decimal string with its currency and is stored as integer minor units (ISO 4217 exponent),
 * so no amount is ever a binary float.
 */
import { Field, ObjectType, registerEnumType } from 'type-graphql';

export enum CurrencyCode {
  IDR = 'IDR',
  MYR = 'MYR',
  SGD = 'SGD',
  THB = 'THB',
  PHP = 'PHP',
  VND = 'VND',
  USD = 'USD',
}

registerEnumType(CurrencyCode, {
  name: 'CurrencyCode',
  description: 'ISO 4217 currency code. Kedai Live defaults to IDR (Indonesian rupiah).',
  valuesConfig: {
    IDR: { description: 'Indonesian rupiah.' },
    MYR: { description: 'Malaysian ringgit.' },
    SGD: { description: 'Singapore dollar.' },
    THB: { description: 'Thai baht.' },
    PHP: { description: 'Philippine peso.' },
    VND: { description: 'Vietnamese dong (no minor unit).' },
    USD: { description: 'United States dollar.' },
  },
});

/** ISO 4217 minor-unit exponents. */
const EXPONENT: Readonly<Record<CurrencyCode, number>> = {
  IDR: 2,
  MYR: 2,
  SGD: 2,
  THB: 2,
  PHP: 2,
  VND: 0,
  USD: 2,
};

export const DEFAULT_CURRENCY = CurrencyCode.IDR;

@ObjectType({ description: 'An amount of money in one currency.', simpleResolvers: true })
export class Money {
  @Field({ description: 'Decimal amount as a string, e.g. "150000.00"; never a float.' })
  amount!: string;

  @Field(() => CurrencyCode, { description: 'The currency of `amount`.' })
  currencyCode!: CurrencyCode;
}

/** Builds a Money from integer minor units. */
export function money(minorUnits: number | bigint, currencyCode: CurrencyCode = DEFAULT_CURRENCY): Money {
  const exponent = EXPONENT[currencyCode];
  const units = BigInt(minorUnits);
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? '' : `.${digits.slice(-exponent)}`;
  return Object.assign(new Money(), { amount: `${negative ? '-' : ''}${whole}${fraction}`, currencyCode });
}

/**
 * Parses a decimal string ("150000", "150000.5", "150000.50") into integer minor units;
 * null when it is not a plain non-negative decimal with at most the currency's decimals.
 */
export function parseMoney(amount: string, currencyCode: CurrencyCode = DEFAULT_CURRENCY): number | null {
  const exponent = EXPONENT[currencyCode];
  const match = /^(\d{1,13})(?:\.(\d+))?$/.exec(amount.trim());
  if (!match) return null;
  const fraction = match[2] ?? '';
  if (fraction.length > exponent) return null;
  const minor = Number(match[1]) * 10 ** exponent + Number(fraction.padEnd(exponent, '0') || '0');
  return Number.isSafeInteger(minor) ? minor : null;
}

/** Rupiah as Indonesian shops write it, for text shown to people: 9_000_000 minor units → "Rp90.000", 5050 → "Rp50,50". */
export function formatRupiah(minorUnits: number | bigint): string {
  const [whole, fraction] = money(minorUnits, CurrencyCode.IDR).amount.split('.') as [string, string];
  const sign = whole.startsWith('-') ? '-' : '';
  const grouped = whole.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${sign}Rp${grouped}${fraction === '00' ? '' : `,${fraction}`}`;
}
