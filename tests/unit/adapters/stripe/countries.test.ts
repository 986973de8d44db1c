import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { SHIPPING_COUNTRIES } from '../../../../src/domain/countries.js';

/** The codes stripe-node declares for `shipping_address_collection.allowed_countries` (its `AllowedCountry` union). */
async function stripeAllowedCountries(): Promise<string[]> {
  const root = join(dirname(fileURLToPath(import.meta.url)), '../../../../node_modules/stripe');
  const types = await readFile(join(root, 'esm/resources/Checkout/Sessions.d.ts'), 'utf8');
  const union = /type AllowedCountry = ([^;]+);/.exec(types)?.[1] ?? '';
  return [...union.matchAll(/'([A-Z]{2})'/g)].map((m) => m[1]!);
}

it("every country the shop ships to is one Stripe Checkout collects addresses in (its AllowedCountry, ZZ aside)", async () => {
  const stripe = new Set(await stripeAllowedCountries());
  expect(stripe.size).toBeGreaterThan(200);
  expect(SHIPPING_COUNTRIES.filter((c) => !stripe.has(c))).toEqual([]);
  // What Stripe lists beyond ours: ZZ (unknown), and AC, TA, XK, which are not ISO 3166-1 alpha-2 codes.
  expect([...stripe].filter((c) => !SHIPPING_COUNTRIES.includes(c)).sort()).toEqual(['AC', 'TA', 'XK', 'ZZ']);
});
