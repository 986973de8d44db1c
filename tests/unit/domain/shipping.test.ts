import { describe, expect, it } from 'vitest';
import { SHIPPING_COUNTRIES, checkShippingCountry } from '../../../src/domain/countries.js';
import { InvalidInput, InvalidMoney, ShippingUnavailable } from '../../../src/domain/errors.js';
import { money } from '../../../src/domain/money.js';
import { MAX_OFFERED, type ShippingOption, checkShippingOption, priceFor, shippingFor } from '../../../src/domain/shipping.js';
import { aShippingOption } from '../../support/builders.js';

const eur = (amount: number) => money(amount, 'eur');
const ids = (rates: readonly { optionId: string }[]) => rates.map((r) => r.optionId);

describe('checkShippingCountry', () => {
  it('takes ISO 3166-1 alpha-2 codes in any case and returns them uppercase', () => {
    expect(checkShippingCountry('de', 'c')).toBe('DE');
    expect(checkShippingCountry('US', 'c')).toBe('US');
  });

  it('refuses what is not a country code, naming the field', () => {
    for (const code of ['*', 'XX', 'ZZ', 'EU', 'UK', 'DEU', '']) {
      expect(() => checkShippingCountry(code, 'countries/0')).toThrow(InvalidInput);
    }
    expect(() => checkShippingCountry('UK', 'countries/3')).toThrow(expect.objectContaining({ field: 'countries/3' }));
  });

  it("refuses countries whose addresses checkout cannot collect, with a message saying so", () => {
    for (const code of ['CU', 'IR', 'KP', 'SY', 'AS', 'VI']) {
      expect(() => checkShippingCountry(code, 'c')).toThrow(/cannot be collected at checkout/);
    }
    expect(SHIPPING_COUNTRIES).toHaveLength(249 - 15);
  });
});

describe('checkShippingOption', () => {
  const option = (changes: Partial<ShippingOption> = {}) => ({ ...aShippingOption().build(), ...changes });

  it('trims the name, and uppercases, dedupes and sorts the countries', () => {
    expect(checkShippingOption(option({ name: '  Express ', countries: ['fr', 'DE', 'de'] }))).toMatchObject({ name: 'Express', countries: ['DE', 'FR'] });
  });

  it('refuses an empty country list, a wildcard, an empty or long name', () => {
    expect(() => checkShippingOption(option({ countries: [] }))).toThrow(InvalidInput);
    expect(() => checkShippingOption(option({ countries: ['*'] }))).toThrow(InvalidInput);
    expect(() => checkShippingOption(option({ name: '  ' }))).toThrow(InvalidInput);
    expect(() => checkShippingOption(option({ name: 'x'.repeat(101) }))).toThrow(InvalidInput);
  });

  it('refuses delivery estimates outside 1–365 business days, or a minimum above the maximum', () => {
    expect(() => checkShippingOption(option({ minDays: 0 }))).toThrow(InvalidInput);
    expect(() => checkShippingOption(option({ maxDays: 366 }))).toThrow(InvalidInput);
    expect(() => checkShippingOption(option({ minDays: 1.5 }))).toThrow(InvalidInput);
    expect(() => checkShippingOption(option({ minDays: 5, maxDays: 2 }))).toThrow(/minDays/);
    expect(checkShippingOption(option({ minDays: null, maxDays: null }))).toMatchObject({ minDays: null, maxDays: null });
  });

  it('refuses a free threshold that is not an amount', () => {
    expect(() => checkShippingOption(option({ freeOverAmount: -1 }))).toThrow(InvalidMoney);
    expect(() => checkShippingOption(option({ freeOverAmount: 10.5 }))).toThrow(InvalidMoney);
  });
});

describe('priceFor', () => {
  it('is the price below the free threshold and 0 from it on', () => {
    const option = aShippingOption().priced(495).freeOver(5000).build();
    expect(priceFor(option, 4999)).toBe(495);
    expect(priceFor(option, 5000)).toBe(0);
    expect(priceFor(aShippingOption().priced(495).build(), 1_000_000)).toBe(495);
  });
});

describe('shippingFor', () => {
  const standard = aShippingOption().named('Standard').priced(495).to('DE', 'FR', 'NL').build();
  const express = aShippingOption().named('Express').priced(1500).to('DE', 'FR').build();
  const pickup = aShippingOption().named('Pickup').priced(0).to('DE').build();
  const us = aShippingOption().named('US Ground').priced(900).to('US').build();
  const dollars = aShippingOption().named('Dollars').priced(300, 'usd').to('DE').build();

  it('is null when nothing is shippable, or no active option is priced in the order\'s currency', () => {
    expect(shippingFor([standard], {}, eur(1000), false)).toBeNull();
    expect(shippingFor([standard], { country: 'DE', optionId: standard.id }, eur(1000), false)).toBeNull();
    expect(shippingFor([dollars, { ...standard, active: false }], {}, eur(1000), true)).toBeNull();
    expect(shippingFor([], { country: 'DE' }, eur(1000), true)).toBeNull();
  });

  it('offers the cheapest options first, each at its price for this order', () => {
    const free = aShippingOption().named('Free over 50').priced(700).freeOver(5000).to('DE').build();
    const shipping = shippingFor([express, standard, pickup, free], {}, eur(6000), true)!;
    expect(shipping.offered.map((r) => [r.name, r.amount])).toEqual([['Free over 50', 0], ['Pickup', 0], ['Standard', 495], ['Express', 1500]]);
    expect(shipping).toMatchObject({ countries: ['DE'], chosen: null, address: null });
  });

  it('without a country, offers only options that share a country, so whichever is picked fits the address', () => {
    const shipping = shippingFor([us, standard, express], {}, eur(1000), true)!;
    // Standard (cheapest) serves DE, FR, NL; Express shares DE and FR; US Ground shares none of them.
    expect(ids(shipping.offered)).toEqual(ids([{ optionId: standard.id }, { optionId: express.id }]));
    expect(shipping.countries).toEqual(['DE', 'FR']);
  });

  it(`offers at most ${MAX_OFFERED}`, () => {
    const many = Array.from({ length: 8 }, (_, i) => aShippingOption().named(`Option ${i}`).priced(100 * (8 - i)).to('DE').build());
    const shipping = shippingFor(many, {}, eur(1000), true)!;
    expect(shipping.offered).toHaveLength(MAX_OFFERED);
    expect(shipping.offered.map((r) => r.amount)).toEqual([100, 200, 300, 400, 500]);
  });

  it('with a country, offers the options serving it and allows only that country', () => {
    const shipping = shippingFor([us, standard, express, pickup], { country: 'fr' }, eur(1000), true)!;
    expect(ids(shipping.offered)).toEqual([standard.id, express.id]);
    expect(shipping.countries).toEqual(['FR']);
    expect(() => shippingFor([standard], { country: 'JP' }, eur(1000), true)).toThrow(ShippingUnavailable);
    expect(() => shippingFor([standard], { country: 'XX' }, eur(1000), true)).toThrow(InvalidInput);
  });

  it('with a chosen option, offers only it, chosen already; with a country too, the option must serve it', () => {
    const shipping = shippingFor([standard, express], { optionId: express.id }, eur(1000), true)!;
    expect(shipping.chosen).toEqual({ optionId: express.id, name: 'Express', amount: 1500, countries: ['DE', 'FR'], minDays: 2, maxDays: 4 });
    expect(shipping.offered).toEqual([shipping.chosen]);
    expect(shipping.countries).toEqual(['DE', 'FR']);
    expect(shippingFor([express], { optionId: express.id, country: 'FR' }, eur(1000), true)!.countries).toEqual(['FR']);
    expect(() => shippingFor([express], { optionId: express.id, country: 'NL' }, eur(1000), true)).toThrow(ShippingUnavailable);
  });

  it('refuses a chosen option that is unknown, archived or priced in another currency', () => {
    for (const options of [[], [{ ...standard, active: false }]]) {
      expect(() => shippingFor(options, { optionId: standard.id }, eur(1000), true)).toThrow(ShippingUnavailable);
    }
    expect(() => shippingFor([dollars], { optionId: dollars.id }, eur(1000), true)).toThrow(ShippingUnavailable);
  });
});
