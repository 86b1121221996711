/** Well-formed tracking numbers per carrier (the formats of src/orders/carrier.registry.ts), distinct per `n`. */
const pad = (n: number, width: number) => String(n).padStart(width, '0');

const FORMATS: Readonly<Record<string, (n: number) => string>> = {
  JNE: (n) => `CGK${pad(n, 10)}`,
  JNT: (n) => `JP${pad(n, 10)}`,
  SICEPAT: (n) => `00${pad(n, 10)}`,
  ANTERAJA: (n) => `10${pad(n, 12)}`,
  POS: (n) => `EE${pad(n, 9)}ID`,
  SPX: (n) => `SPXID${pad(n, 12)}`,
};

/** A valid tracking number of `carrier` (a carrier code), the `n`-th of a test file. */
export function trackingNumberFor(carrier: string, n: number): string {
  const format = FORMATS[carrier.toUpperCase()];
  if (!format) throw new Error(`no tracking format for carrier ${carrier}`);
  return format(n);
}

/** A counter of valid tracking numbers of `carrier`, starting after `start`. */
export function trackingNumbers(carrier: string, start = 0): () => string {
  let n = start;
  return () => trackingNumberFor(carrier, (n += 1));
}
