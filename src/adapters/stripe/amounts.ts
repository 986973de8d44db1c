import type Stripe from 'stripe';
import type { Money } from '../../domain/money.js';
import type { ConfirmedShipping } from '../../domain/shipping.js';
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

type SessionShipping = Pick<Stripe.Checkout.Session, 'collected_information' | 'shipping_cost' | 'shipping_options' | 'metadata' | 'customer_details'>;

/**
 * The shipping a Checkout Session collected (API version 2025-03-31 and later: the address is in
 * `collected_information.shipping_details`, the rate picked in `shipping_cost`); `null` when it
 * collected none. The option is named by the rate's metadata when the rate is expanded (a
 * retrieved session), else found by the rate's place among the session's `shipping_options`, in
 * the order `metadata.shippingOptionIds` lists ours (a webhook's session carries only the id).
 */
export function confirmedShipping(session: SessionShipping): ConfirmedShipping | null {
  const details = session.collected_information?.shipping_details ?? null;
  const cost = session.shipping_cost ?? null;
  if (!details && !cost) return null;
  const country = details?.address?.country?.toUpperCase() ?? null;
  return {
    optionId: optionIdOf(session),
    address: details && country
      ? {
        name: details.name ?? '',
        line1: details.address.line1 ?? '',
        line2: details.address.line2 || null,
        city: details.address.city ?? '',
        postalCode: details.address.postal_code || null,
        state: details.address.state || null,
        country,
        phone: session.customer_details?.phone || null,
      }
      : null,
  };
}

const idOf = (rate: string | { id: string } | null | undefined) => (typeof rate === 'string' ? rate : rate?.id ?? null);

function optionIdOf(session: SessionShipping): string | null {
  const rate = session.shipping_cost?.shipping_rate ?? null;
  if (rate && typeof rate === 'object') return rate.metadata?.['shippingOptionId'] || null;
  if (!rate) return null;
  const index = (session.shipping_options ?? []).findIndex((o) => idOf(o.shipping_rate) === rate);
  const ours = session.metadata?.['shippingOptionIds']?.split(',') ?? [];
  return index >= 0 ? (ours[index] || null) : null;
}
