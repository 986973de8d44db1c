import type { Money } from './money.js';

/**
 * What an order's total is made of, in minor units of its currency:
 * total = subtotal + shipping + tax − discount. `shipping` is `null` while no shipping has been
 * chosen (it counts as 0 until then). Before payment these are the figures offered; once paid,
 * the ones the payment provider confirmed.
 */
export type PriceBreakdown = Readonly<{ subtotal: number; shipping: number | null; discount: number; tax: number }>;

/** Only the lines: no shipping, discount or tax. What an order stored before breakdowns reads as. */
export const linesOnly = (subtotal: number): PriceBreakdown => ({ subtotal, shipping: 0, discount: 0, tax: 0 });

/** subtotal + shipping + tax − discount. */
export const totalOf = (b: PriceBreakdown): number => b.subtotal + (b.shipping ?? 0) + b.tax - b.discount;

/** `true` when `total` is exactly what the parts add up to, every part a whole, non-negative amount. */
export function addsUp(b: PriceBreakdown, total: Money): boolean {
  const parts = [b.subtotal, b.shipping ?? 0, b.discount, b.tax];
  return parts.every((n) => Number.isSafeInteger(n) && n >= 0) && totalOf(b) === total.amount;
}
