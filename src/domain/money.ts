import { InvalidMoney, MixedCurrencies } from './errors.js';

/** An amount in the currency's minor units (cents), never a float. Currency is lowercase ISO 4217. */
export type Money = Readonly<{ amount: number; currency: string }>;

/** Currencies whose minor unit is the major unit (Stripe's zero-decimal list). */
const ZERO_DECIMAL = new Set([
  'bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf',
]);
/**
 * Currencies the shop prices in: ones Stripe charges in with two decimals, plus the zero-decimal
 * ones above. Three-decimal currencies (bhd, jod, kwd, omr, tnd) and ones with special rules
 * (huf, isk, twd, ugx as two-decimal) are left out rather than priced wrongly by a factor of ten.
 */
const TWO_DECIMAL = new Set([
  'aed', 'aud', 'bgn', 'brl', 'cad', 'chf', 'cny', 'czk', 'dkk', 'eur', 'gbp', 'hkd', 'idr', 'ils', 'inr',
  'mxn', 'myr', 'nok', 'nzd', 'php', 'pln', 'ron', 'sar', 'sek', 'sgd', 'thb', 'try', 'usd', 'zar',
]);
export const MAX_MINOR_UNITS = 99_999_999; // Stripe's ceiling for one amount (999,999.99 in two-decimal currencies)

export function decimalsOf(currency: string): number {
  return ZERO_DECIMAL.has(currency) ? 0 : 2;
}

/** The currency, if the shop prices in it. */
export function checkCurrency(currency: string): string {
  if (!TWO_DECIMAL.has(currency) && !ZERO_DECIMAL.has(currency)) {
    throw new InvalidMoney(`"${currency}" is not a currency this shop accepts.`, 'currency');
  }
  return currency;
}

export function money(amount: number, currency: string): Money {
  checkCurrency(currency);
  if (!Number.isInteger(amount) || amount < 0) {
    throw new InvalidMoney(`Amount must be a whole number of minor units from 0 to ${MAX_MINOR_UNITS}.`);
  }
  if (amount > MAX_MINOR_UNITS) {
    throw new InvalidMoney(`${amount} is too large: at most ${MAX_MINOR_UNITS} minor units (${largest(currency)}).`);
  }
  return { amount, currency };
}

/** The largest amount one price or total may be, for messages: `999999.99 USD`. */
const largest = (currency: string) => formatMoney({ amount: MAX_MINOR_UNITS, currency });

/**
 * Parses a price given in major units (`10.99`) exactly. Rejects anything that is not a whole
 * number of minor units (`10.999`, `1e-7`), rather than rounding a customer's money.
 */
export function fromMajorUnits(major: number | string, currency: string): Money {
  checkCurrency(currency);
  const text = typeof major === 'number' ? String(major) : major.trim();
  const tooLarge = () => new InvalidMoney(`${text} ${currency.toUpperCase()} is too large: at most ${largest(currency)}.`);
  // Numbers from 1e21 up print in exponent form: too large, not inexact.
  if (typeof major === 'number' && Number.isFinite(major) && major >= 1e21) throw tooLarge();
  const decimals = decimalsOf(currency);
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  const fraction = match?.[2] ?? '';
  if (!match || fraction.replace(/0+$/, '').length > decimals) {
    throw new InvalidMoney(`${text} is not an exact amount in ${currency.toUpperCase()} (${decimals} decimals at most).`);
  }
  const whole = match[1]!.replace(/^0+(?=\d)/, '');
  if (whole.length > String(MAX_MINOR_UNITS).length) throw tooLarge(); // before Number() loses digits
  const minor = Number(whole + fraction.padEnd(decimals, '0').slice(0, decimals));
  if (minor > MAX_MINOR_UNITS) throw tooLarge();
  return money(minor, currency);
}

/** The amount in major units, for display and for the seed's `price`/`amount` fields. */
export function toMajorUnits(value: Money): number {
  return value.amount / 10 ** decimalsOf(value.currency);
}

export function sameMoney(a: Money, b: Money): boolean {
  return a.amount === b.amount && a.currency === b.currency;
}

export function times(value: Money, quantity: number): Money {
  if (!Number.isSafeInteger(quantity) || quantity < 0) throw new InvalidMoney(`${quantity} is not a whole quantity.`);
  return money(value.amount * quantity, value.currency);
}

export function sum(values: readonly Money[], currency: string): Money {
  if (values.some((v) => v.currency !== currency)) throw new MixedCurrencies();
  return money(values.reduce((total, v) => total + v.amount, 0), currency);
}

export function formatMoney(value: Money): string {
  const decimals = decimalsOf(value.currency);
  return `${toMajorUnits(value).toFixed(decimals)} ${value.currency.toUpperCase()}`;
}
