import type Stripe from 'stripe';
import type { Money } from '../../domain/money.js';
import type { PriceBreakdown } from '../../domain/price-breakdown.js';

type SessionAmounts = Pick<Stripe.Checkout.Session, 'amount_total' | 'amount_subtotal' | 'currency' | 'total_details'>;

/**
 * What a Checkout Session charged, in our words: `amount_total` in its currency, and what that is
 * made of (`amount_subtotal`, `total_details.amount_shipping`, `.amount_tax`, `.amount_discount`)
 * when Stripe itemises it; `null` for what it leaves out.
 */
export function confirmedAmounts(session: SessionAmounts): { amount: Money | null; breakdown: PriceBreakdown | null } {
  const { currency } = session;
  const amount = typeof session.amount_total === 'number' && typeof currency === 'string' ? { amount: session.amount_total, currency } : null;
  const details = session.total_details;
  const breakdown =
    typeof session.amount_subtotal === 'number' && details
      ? {
        subtotal: session.amount_subtotal,
        shipping: details.amount_shipping ?? 0,
        discount: details.amount_discount ?? 0,
        tax: details.amount_tax ?? 0,
      }
      : null;
  return { amount, breakdown };
}
