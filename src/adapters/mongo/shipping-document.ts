import type { OrderShipping, ShippingAddress, ShippingRate } from '../../domain/shipping.js';

/** A rate as stored: `minDays`/`maxDays` absent when not stated. */
type RateDocument = { optionId: string; name: string; amount: number; countries: string[]; minDays?: number; maxDays?: number };

/** An address as stored: `line2`, `postalCode`, `state`, `phone` absent when there is none. */
type AddressDocument = {
  name: string; line1: string; line2?: string; city: string; postalCode?: string; state?: string; country: string; phone?: string;
};

/** An order's shipping step; `chosen` and `address` absent until known. No field is stored as `null`. */
export type ShippingDocument = { offered: RateDocument[]; countries: string[]; chosen?: RateDocument; address?: AddressDocument };

const rateDocument = (r: ShippingRate): RateDocument => ({
  optionId: r.optionId, name: r.name, amount: r.amount, countries: [...r.countries],
  ...(r.minDays !== null && { minDays: r.minDays }), ...(r.maxDays !== null && { maxDays: r.maxDays }),
});

const toRate = (d: RateDocument): ShippingRate => ({
  optionId: d.optionId, name: d.name, amount: d.amount, countries: [...d.countries], minDays: d.minDays ?? null, maxDays: d.maxDays ?? null,
});

const addressDocument = (a: ShippingAddress): AddressDocument => ({
  name: a.name, line1: a.line1, ...(a.line2 !== null && { line2: a.line2 }), city: a.city,
  ...(a.postalCode !== null && { postalCode: a.postalCode }), ...(a.state !== null && { state: a.state }),
  country: a.country, ...(a.phone !== null && { phone: a.phone }),
});

const toAddress = (d: AddressDocument): ShippingAddress => ({
  name: d.name, line1: d.line1, line2: d.line2 ?? null, city: d.city, postalCode: d.postalCode ?? null, state: d.state ?? null,
  country: d.country, phone: d.phone ?? null,
});

export function shippingDocument(s: OrderShipping): ShippingDocument {
  return {
    offered: s.offered.map(rateDocument),
    countries: [...s.countries],
    ...(s.chosen && { chosen: rateDocument(s.chosen) }),
    ...(s.address && { address: addressDocument(s.address) }),
  };
}

export function toShipping(d: ShippingDocument): OrderShipping {
  return { offered: d.offered.map(toRate), countries: [...d.countries], chosen: d.chosen ? toRate(d.chosen) : null, address: d.address ? toAddress(d.address) : null };
}
