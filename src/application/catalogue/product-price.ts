import { InvalidMoney } from '../../domain/errors.js';
import { type Money, checkCurrency, fromMajorUnits, money } from '../../domain/money.js';

/** Exactly one of the two: minor units, or a decimal in major units (the seed's `price`). */
export type PriceInput = Readonly<{ currency: string; unitAmount?: number; price?: number | string }>;

/** The price a product may be sold at: at least one minor unit of its currency. A refusal names the field given. */
export function productPrice(input: PriceInput): Money {
  const currency = checkCurrency(input.currency.toLowerCase());
  const field = input.unitAmount !== undefined ? 'unitAmount' : 'price';
  try {
    const price =
      input.unitAmount !== undefined ? money(input.unitAmount, currency) : fromMajorUnits(input.price ?? '', currency);
    if (price.amount < 1) throw new InvalidMoney('A product must cost at least one minor unit of its currency.');
    return price;
  } catch (error) {
    if (error instanceof InvalidMoney) throw new InvalidMoney(error.message, field);
    throw error;
  }
}
