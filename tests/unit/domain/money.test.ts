import { describe, expect, it } from 'vitest';
import { InvalidMoney, MixedCurrencies } from '../../../src/domain/errors.js';
import {
  decimalsOf,
  formatMoney,
  fromMajorUnits,
  money,
  sameMoney,
  sum,
  times,
  toMajorUnits,
} from '../../../src/domain/money.js';

describe('fromMajorUnits', () => {
  it('parses a decimal price exactly into minor units', () => {
    expect(fromMajorUnits(10.99, 'usd')).toEqual({ amount: 1099, currency: 'usd' });
    expect(fromMajorUnits('10.99', 'usd')).toEqual({ amount: 1099, currency: 'usd' });
  });

  it('parses amounts that are inexact as binary floats without drifting', () => {
    // 0.29 * 100 === 28.999999999999996 and 1.15 * 100 === 114.99999999999999
    expect(fromMajorUnits(0.29, 'eur').amount).toBe(29);
    expect(fromMajorUnits(1.15, 'eur').amount).toBe(115);
    expect(fromMajorUnits(4.35, 'eur').amount).toBe(435);
  });

  it('accepts trailing zeros beyond the currency decimals', () => {
    expect(fromMajorUnits('10.990', 'usd').amount).toBe(1099);
    expect(fromMajorUnits('7.000', 'usd').amount).toBe(700);
  });

  it('accepts whole amounts and a single decimal', () => {
    expect(fromMajorUnits(10, 'usd').amount).toBe(1000);
    expect(fromMajorUnits('10.5', 'usd').amount).toBe(1050);
    expect(fromMajorUnits(' 3.20 ', 'usd').amount).toBe(320);
  });

  it('accepts zero', () => {
    expect(fromMajorUnits(0, 'usd')).toEqual({ amount: 0, currency: 'usd' });
  });

  it('rejects a price with more decimals than the currency has, rather than rounding it', () => {
    expect(() => fromMajorUnits(10.999, 'usd')).toThrow(InvalidMoney);
    expect(() => fromMajorUnits('10.999', 'usd')).toThrow(InvalidMoney);
    expect(() => fromMajorUnits('10.991', 'usd')).toThrow(InvalidMoney);
  });

  it('rejects exponent notation, including tiny floats that print as exponents', () => {
    expect(() => fromMajorUnits(1e-7, 'usd')).toThrow(InvalidMoney);
    expect(() => fromMajorUnits('1e3', 'usd')).toThrow(InvalidMoney);
    expect(() => fromMajorUnits(1e21, 'usd')).toThrow(InvalidMoney);
  });

  it('rejects negative amounts', () => {
    expect(() => fromMajorUnits(-1, 'usd')).toThrow(InvalidMoney);
    expect(() => fromMajorUnits('-10.99', 'usd')).toThrow(InvalidMoney);
  });

  it('rejects text that is not a plain decimal', () => {
    for (const text of ['', ' ', 'abc', '10,99', '.99', '10.', '+5', '0x10', 'NaN', 'Infinity', '1 000']) {
      expect(() => fromMajorUnits(text, 'usd'), text).toThrow(InvalidMoney);
    }
    expect(() => fromMajorUnits(Number.NaN, 'usd')).toThrow(InvalidMoney);
    expect(() => fromMajorUnits(Number.POSITIVE_INFINITY, 'usd')).toThrow(InvalidMoney);
  });

  it('treats zero-decimal currencies as whole units', () => {
    expect(fromMajorUnits('500', 'jpy')).toEqual({ amount: 500, currency: 'jpy' });
    expect(fromMajorUnits(500, 'jpy').amount).toBe(500);
    expect(fromMajorUnits('500.00', 'jpy').amount).toBe(500);
    expect(() => fromMajorUnits('5.5', 'jpy')).toThrow(InvalidMoney);
  });

  it('rejects amounts above the ceiling', () => {
    expect(fromMajorUnits('999999.99', 'usd').amount).toBe(99_999_999);
    expect(() => fromMajorUnits('1000000', 'usd')).toThrow(InvalidMoney);
  });

  it('says an amount above the ceiling is too large, and what the ceiling is', () => {
    const usd = /^1000000000(\.00)? USD is too large: at most 999999\.99 USD\.$/;
    expect(() => fromMajorUnits(1e9, 'usd')).toThrow(usd);
    expect(() => fromMajorUnits('1000000000.00', 'usd')).toThrow(usd);
    expect(() => fromMajorUnits('1000000', 'usd')).toThrow(/too large: at most 999999\.99 USD/);
    expect(() => fromMajorUnits(`1${'0'.repeat(30)}`, 'usd')).toThrow(/too large: at most 999999\.99 USD/);
    expect(() => fromMajorUnits(1e21, 'usd')).toThrow(/too large: at most 999999\.99 USD/);
    expect(() => fromMajorUnits('100000000', 'jpy')).toThrow(/too large: at most 99999999 JPY/);
    // An amount that is both too precise and too large is refused for its precision first.
    expect(() => fromMajorUnits('1000000.001', 'usd')).toThrow(/not an exact amount/);
  });

  it('rejects a currency that is not a lowercase ISO code', () => {
    expect(() => fromMajorUnits('1', 'USD')).toThrow(InvalidMoney);
    expect(() => fromMajorUnits('1', 'us')).toThrow(InvalidMoney);
  });
});

describe('money', () => {
  it('accepts whole minor units from 0 to 99,999,999', () => {
    expect(money(0, 'eur')).toEqual({ amount: 0, currency: 'eur' });
    expect(money(99_999_999, 'eur').amount).toBe(99_999_999);
  });

  it('rejects negative, fractional, non-finite and too large amounts', () => {
    for (const amount of [-1, 0.5, 10.99, Number.NaN, Number.POSITIVE_INFINITY, 100_000_000, 2 ** 53]) {
      expect(() => money(amount, 'eur'), String(amount)).toThrow(InvalidMoney);
    }
  });

  it('says a count of minor units above the ceiling is too large, and what the ceiling is', () => {
    expect(() => money(100_000_000, 'usd')).toThrow('100000000 is too large: at most 99999999 minor units (999999.99 USD).');
    expect(() => money(2 ** 53, 'jpy')).toThrow(/too large: at most 99999999 minor units \(99999999 JPY\)/);
  });

  it('rejects currency codes that are not three lowercase letters', () => {
    for (const currency of ['EUR', 'eu', 'euro', 'e1r', '', ' eur']) {
      expect(() => money(100, currency), currency).toThrow(InvalidMoney);
    }
  });
});

describe('decimalsOf and toMajorUnits', () => {
  it('knows zero-decimal currencies', () => {
    expect(decimalsOf('jpy')).toBe(0);
    expect(decimalsOf('krw')).toBe(0);
    expect(decimalsOf('usd')).toBe(2);
  });

  it('converts minor units back to major units', () => {
    expect(toMajorUnits(money(1099, 'usd'))).toBe(10.99);
    expect(toMajorUnits(money(5, 'usd'))).toBe(0.05);
    expect(toMajorUnits(money(500, 'jpy'))).toBe(500);
  });

  it('round-trips every cent through major units', () => {
    for (let amount = 0; amount < 2000; amount += 1) {
      expect(fromMajorUnits(toMajorUnits(money(amount, 'usd')), 'usd').amount).toBe(amount);
    }
  });
});

describe('arithmetic', () => {
  it('multiplies by a quantity', () => {
    expect(times(money(1250, 'eur'), 3)).toEqual({ amount: 3750, currency: 'eur' });
  });

  it('refuses a fractional or negative quantity and a product that leaves the allowed range', () => {
    expect(() => times(money(50_000_000, 'eur'), 2)).toThrow(InvalidMoney);
    expect(() => times(money(100, 'eur'), 1.5)).toThrow(InvalidMoney);
    expect(() => times(money(100, 'eur'), -1)).toThrow(InvalidMoney);
    expect(() => times(money(0, 'eur'), -1)).toThrow(InvalidMoney);
  });

  it('sums amounts of one currency, and an empty list to zero', () => {
    expect(sum([money(100, 'eur'), money(250, 'eur')], 'eur')).toEqual({ amount: 350, currency: 'eur' });
    expect(sum([], 'eur')).toEqual({ amount: 0, currency: 'eur' });
  });

  it('refuses to sum amounts in different currencies', () => {
    expect(() => sum([money(100, 'eur'), money(100, 'usd')], 'eur')).toThrow(MixedCurrencies);
    expect(() => sum([money(100, 'usd')], 'eur')).toThrow(MixedCurrencies);
  });

  it('refuses a sum above the ceiling', () => {
    expect(() => sum([money(99_999_999, 'eur'), money(1, 'eur')], 'eur')).toThrow(InvalidMoney);
  });

  it('compares amount and currency', () => {
    expect(sameMoney(money(100, 'eur'), money(100, 'eur'))).toBe(true);
    expect(sameMoney(money(100, 'eur'), money(101, 'eur'))).toBe(false);
    expect(sameMoney(money(100, 'eur'), money(100, 'usd'))).toBe(false);
  });
});

describe('formatMoney', () => {
  it('shows the currency decimals and code', () => {
    expect(formatMoney(money(1099, 'usd'))).toBe('10.99 USD');
    expect(formatMoney(money(1000, 'eur'))).toBe('10.00 EUR');
    expect(formatMoney(money(5, 'eur'))).toBe('0.05 EUR');
    expect(formatMoney(money(99_999_999, 'eur'))).toBe('999999.99 EUR');
    expect(formatMoney(money(500, 'jpy'))).toBe('500 JPY');
  });
});
