import type { ConfirmedShipping, OrderShipping, ShippingRate } from '../../domain/shipping.js';

/** The fields of the local checkout's form, as typed (every one a string; absent ones empty). */
export type CheckoutFields = Readonly<Record<FieldName, string>>;
export type FieldName = 'shippingOptionId' | 'name' | 'line1' | 'line2' | 'city' | 'state' | 'postalCode' | 'country' | 'phone';
export type FieldErrors = Partial<Record<FieldName, string>>;

export const FIELD_NAMES: readonly FieldName[] = ['shippingOptionId', 'name', 'line1', 'line2', 'city', 'state', 'postalCode', 'country', 'phone'];

/** At most this many characters per field: Stripe's own limits are of the same order. */
const MAX: Record<FieldName, number> = {
  shippingOptionId: 24, name: 100, line1: 200, line2: 200, city: 100, state: 100, postalCode: 20, country: 2, phone: 30,
};

/** Flat `application/x-www-form-urlencoded` fields (never an object, whatever the names), trimmed. */
export function readFields(body: string): CheckoutFields {
  const params = new URLSearchParams(body);
  return Object.fromEntries(FIELD_NAMES.map((f) => [f, (params.get(f) ?? '').trim()])) as CheckoutFields;
}

export type Checked = Readonly<{ rate: ShippingRate; shipping: ConfirmedShipping }> | Readonly<{ errors: FieldErrors }>;

/**
 * What Stripe's hosted page checks before it lets a customer pay: an option among those offered,
 * and an address in a country both the order and that option allow, each required field present.
 */
export function checkFields(shipping: OrderShipping, fields: CheckoutFields): Checked {
  const errors: FieldErrors = {};
  for (const field of FIELD_NAMES) if (fields[field].length > MAX[field]) errors[field] = `At most ${MAX[field]} characters.`;
  const rate = shipping.chosen ?? shipping.offered.find((r) => r.optionId === fields.shippingOptionId) ?? null;
  if (!rate) errors.shippingOptionId = 'Choose a shipping option.';
  for (const [field, label] of [['name', 'your full name'], ['line1', 'the street address'], ['city', 'the city']] as const) {
    if (!fields[field]) errors[field] ??= `Enter ${label}.`;
  }
  const country = fields.country.toUpperCase();
  if (!shipping.countries.includes(country)) errors.country = 'Choose a country from the list.';
  else if (rate && !rate.countries.includes(country)) errors.country = `${rate.name} does not ship to this country; choose another option or country.`;
  if (fields.phone && !/^\+?[0-9 ()./-]{3,30}$/.test(fields.phone)) errors.phone ??= 'Enter a phone number, or leave it empty.';
  if (!rate || Object.keys(errors).length > 0) return { errors };
  const optional = (value: string) => value || null;
  return {
    rate,
    shipping: {
      optionId: rate.optionId,
      address: {
        name: fields.name, line1: fields.line1, line2: optional(fields.line2), city: fields.city,
        postalCode: optional(fields.postalCode), state: optional(fields.state), country, phone: optional(fields.phone),
      },
    },
  };
}
