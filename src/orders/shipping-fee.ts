/**
 * The built-in shipping fee: Rp10.000 for the first kilogram and Rp5.000 for each started kilogram after it (minor
 * units). A flat table keeps checkout predictable until carrier rates arrive with the shipping feature.
 */
export const shippingRates = { firstKg: 10_000_00, perExtraKg: 5_000_00 } as const;

export function shippingFee(totalGrams: number): number {
  const kilograms = Math.max(1, Math.ceil(totalGrams / 1000));
  return shippingRates.firstKg + (kilograms - 1) * shippingRates.perExtraKg;
}
