import { PaymentAmountMismatch, ShippingAddressRefused } from './errors.js';
import type { ConfirmedShipping, OrderShipping, ShippingAddress, ShippingRate } from './shipping.js';

/*
 * The shipping half of the completion check (`complete` in order.ts): which offered option a
 * payment is for, and whether the address it came with may be shipped to.
 */

/**
 * The option the customer paid for: the one chosen with the order; else the one the provider
 * names, which must be one of those offered; else (a provider that does not name it) the first
 * offered whose price for this order is the confirmed shipping (`charged`) and which serves the
 * address. `paid`: the payment, formatted, for messages. Throws `PaymentAmountMismatch`.
 */
export function paidRate(
  orderId: string, shipping: OrderShipping, confirmed: ConfirmedShipping | null, charged: number | null, paid: string,
): ShippingRate {
  const named = confirmed?.optionId ?? null;
  if (shipping.chosen) {
    if (named !== null && named !== shipping.chosen.optionId) {
      throw new PaymentAmountMismatch(`Payment of ${paid} for order ${orderId} names shipping option ${named}, not ${shipping.chosen.name}, which was chosen.`);
    }
    return shipping.chosen;
  }
  if (named !== null) {
    const rate = shipping.offered.find((r) => r.optionId === named);
    if (!rate) throw new PaymentAmountMismatch(`Payment of ${paid} names shipping option ${named}, which was not offered.`);
    return rate;
  }
  const country = confirmed?.address?.country ?? null;
  const rate = shipping.offered.find((r) => (charged === null || r.amount === charged) && (country === null || r.countries.includes(country)));
  if (!rate || charged === null) {
    throw new PaymentAmountMismatch(`Payment of ${paid} does not say which shipping option was picked, or charges for shipping what none of the offered ones costs.`);
  }
  return rate;
}

/** The collected address, which must be in a country both the order and the option allow; throws `ShippingAddressRefused`. */
export function paidAddress(orderId: string, shipping: OrderShipping, rate: ShippingRate, confirmed: ConfirmedShipping | null): ShippingAddress {
  const address = confirmed?.address ?? null;
  if (!address) throw new ShippingAddressRefused(`Order ${orderId} was paid without a shipping address; nothing can be sent.`);
  if (!shipping.countries.includes(address.country) || !rate.countries.includes(address.country)) {
    throw new ShippingAddressRefused(`Order ${orderId} was paid with a shipping address in ${address.country}, which ${rate.name} does not serve.`);
  }
  return address;
}
