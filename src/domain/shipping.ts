import { checkShippingCountry } from './countries.js';
import { InvalidInput, ShippingUnavailable } from './errors.js';
import { type Money, money } from './money.js';

/** A way of shipping the owner offers: a price in one currency, the countries it serves. */
export type ShippingOption = Readonly<{
  id: string;
  name: string;
  price: Money;
  /** ISO 3166-1 alpha-2 codes, uppercase, sorted, at least one. */
  countries: readonly string[];
  /** The option costs 0 when the order's subtotal is at least this (minor units of `price`); `null`: never free. */
  freeOverAmount: number | null;
  /** Business days, when the owner states them. */
  minDays: number | null;
  maxDays: number | null;
  active: boolean;
  createdAt: Date;
}>;

/** Stripe Checkout shows at most five shipping options. */
export const MAX_OFFERED = 5;
/** Active options per currency: what an order chooses from is read whole, so it stays small. */
export const MAX_ACTIVE_OPTIONS = 100;
export const MAX_OPTION_NAME_LENGTH = 100;
export const MAX_DELIVERY_DAYS = 365;

/** The option's name, countries, free threshold and delivery estimate, checked; throws `InvalidInput`. */
export function checkShippingOption<T extends Pick<ShippingOption, 'name' | 'countries' | 'freeOverAmount' | 'minDays' | 'maxDays' | 'price'>>(option: T): T {
  const name = option.name.trim();
  if (name.length === 0 || name.length > MAX_OPTION_NAME_LENGTH) {
    throw new InvalidInput(`name must be 1–${MAX_OPTION_NAME_LENGTH} characters.`, 'name');
  }
  if (option.countries.length === 0) throw new InvalidInput('countries must name at least one country.', 'countries');
  const countries = [...new Set(option.countries.map((c, i) => checkShippingCountry(c, `countries/${i}`)))].sort();
  if (option.freeOverAmount !== null) money(option.freeOverAmount, option.price.currency);
  for (const [field, days] of [['minDays', option.minDays], ['maxDays', option.maxDays]] as const) {
    if (days !== null && (!Number.isInteger(days) || days < 1 || days > MAX_DELIVERY_DAYS)) {
      throw new InvalidInput(`${field} must be a whole number of business days from 1 to ${MAX_DELIVERY_DAYS}.`, field);
    }
  }
  if (option.minDays !== null && option.maxDays !== null && option.minDays > option.maxDays) {
    throw new InvalidInput('minDays cannot be more than maxDays.', 'minDays');
  }
  return { ...option, name, countries };
}

/** What the option costs on an order of this subtotal: free over the threshold, decided here, never by a client. */
export const priceFor = (option: ShippingOption, subtotal: number): number =>
  option.freeOverAmount !== null && subtotal >= option.freeOverAmount ? 0 : option.price.amount;

/** An option as offered to one order: its price for that order, and what the checkout shows. */
export type ShippingRate = Readonly<{
  optionId: string;
  name: string;
  amount: number;
  countries: readonly string[];
  minDays: number | null;
  maxDays: number | null;
}>;

/** Where the goods go. Personal data: only the order's owner and administrators see it, and it is never logged. */
export type ShippingAddress = Readonly<{
  name: string;
  line1: string;
  line2: string | null;
  city: string;
  postalCode: string | null;
  state: string | null;
  /** ISO 3166-1 alpha-2, uppercase. */
  country: string;
  phone: string | null;
}>;

/**
 * The shipping step of an order that has one. `offered`: what the customer may pick at checkout
 * (1–5, cheapest first); `countries`: where the address may be (every offered option serves each
 * of them, so whichever is picked fits the address); `chosen` and `address`: once known (chosen
 * when the order is placed, or confirmed with the payment).
 */
export type OrderShipping = Readonly<{
  offered: readonly ShippingRate[];
  countries: readonly string[];
  chosen: ShippingRate | null;
  address: ShippingAddress | null;
}>;

/**
 * What the payment provider says of the shipping it collected: the option the customer picked
 * (`optionId` null when the provider does not name it) and the address (`null` when none came).
 */
export type ConfirmedShipping = Readonly<{ optionId: string | null; address: ShippingAddress | null }>;

/** What a customer asks for when placing an order; both optional. */
export type ShippingRequest = Readonly<{ optionId?: string; country?: string }>;

const rateOf = (option: ShippingOption, subtotal: number): ShippingRate => ({
  optionId: option.id,
  name: option.name,
  amount: priceFor(option, subtotal),
  countries: option.countries,
  minDays: option.minDays,
  maxDays: option.maxDays,
});

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const cheapestFirst = (a: ShippingRate, b: ShippingRate) => a.amount - b.amount || byText(a.name, b.name) || byText(a.optionId, b.optionId);

const intersect = (a: readonly string[], b: readonly string[]) => a.filter((c) => b.includes(c));

/**
 * The shipping step of a new order, or `null` when it has none (nothing shippable, or no active
 * option in its currency: the order works as if shipping did not exist). `options`: the active
 * options in the order's currency.
 * - A chosen option (`optionId`) must be one of them, and serve `country` when that is given: it
 *   is the only one offered, already chosen.
 * - A `country` alone: the options serving it, cheapest first, at most `MAX_OFFERED`; the address
 *   must be in that country. No option serving it → `ShippingUnavailable`.
 * - Neither: the cheapest options whose countries overlap (each next-cheapest one is added while
 *   some country is served by all), at most `MAX_OFFERED`; the address must be in a country every
 *   one of them serves, so whichever the customer picks fits the address.
 */
export function shippingFor(
  options: readonly ShippingOption[], request: ShippingRequest, subtotal: Money, anyShippable: boolean,
): OrderShipping | null {
  if (!anyShippable) return null;
  const country = request.country === undefined ? null : checkShippingCountry(request.country, 'shippingCountry');
  const usable = options.filter((o) => o.active && o.price.currency === subtotal.currency);
  if (request.optionId !== undefined) {
    const option = usable.find((o) => o.id === request.optionId);
    if (!option) throw new ShippingUnavailable(`Shipping option ${request.optionId} is not offered in ${subtotal.currency.toUpperCase()}.`);
    if (country !== null && !option.countries.includes(country)) {
      throw new ShippingUnavailable(`Shipping option ${option.name} does not ship to ${country}.`);
    }
    const rate = rateOf(option, subtotal.amount);
    return { offered: [rate], countries: country === null ? option.countries : [country], chosen: rate, address: null };
  }
  if (usable.length === 0) return null;
  const rates = usable.map((o) => rateOf(o, subtotal.amount)).sort(cheapestFirst);
  if (country !== null) {
    const serving = rates.filter((r) => r.countries.includes(country));
    if (serving.length === 0) throw new ShippingUnavailable(`No shipping option ships to ${country}.`);
    return { offered: serving.slice(0, MAX_OFFERED), countries: [country], chosen: null, address: null };
  }
  const offered: ShippingRate[] = [];
  let countries: readonly string[] = [];
  for (const rate of rates) {
    if (offered.length === MAX_OFFERED) break;
    const common = offered.length === 0 ? rate.countries : intersect(countries, rate.countries);
    if (common.length === 0) continue;
    offered.push(rate);
    countries = common;
  }
  return { offered, countries, chosen: null, address: null };
}
