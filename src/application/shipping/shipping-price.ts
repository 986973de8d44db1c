import { type Money, fromMajorUnits, money } from '../../domain/money.js';

/** Exactly one of the two: minor units, or a decimal in major units. 0 is a price: free shipping. */
export type ShippingPriceInput = Readonly<{ currency: string; unitAmount?: number; price?: number | string }>;

export function shippingPrice(input: ShippingPriceInput): Money {
  const currency = input.currency.toLowerCase();
  return input.unitAmount !== undefined ? money(input.unitAmount, currency) : fromMajorUnits(input.price ?? '', currency);
}
