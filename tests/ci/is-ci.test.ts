import { afterEach, describe, expect, it, vi } from 'vitest';
import { isCI, requireService } from '../support/ci.js';

afterEach(() => { vi.restoreAllMocks(); });

describe('isCI', () => {
  it.each(['true', '1', 'yes', 'TRUE', 'github-actions'])('treats CI=%s as CI', (value) => {
    expect(isCI({ CI: value })).toBe(true);
  });

  it.each([undefined, '', ' ', 'false', 'FALSE', '0'])('treats CI=%s as not CI', (value) => {
    expect(isCI(value === undefined ? {} : { CI: value })).toBe(false);
  });
});

describe('requireService', () => {
  const service = (name: string, available: boolean) => ({ name, available, hint: 'start it', skips: 'its suites' });

  it('passes an available service, CI or not', () => {
    expect(requireService(service('A', true), { CI: '1' })).toBe(true);
    expect(requireService(service('A', true), {})).toBe(true);
  });

  it('fails a missing service under CI=1, naming it', () => {
    expect(() => requireService(service('STRIPE_MOCK_URL (stripe-mock)', false), { CI: '1' }))
      .toThrow('STRIPE_MOCK_URL (stripe-mock) is required in CI (CI=1) but is missing: start it.');
  });

  it('skips a missing service outside CI, saying so once', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(requireService(service('B', false), { CI: 'false' })).toBe(false);
    expect(requireService(service('B', false), {})).toBe(false);
    expect(warn.mock.calls).toEqual([['[skip] its suites: B is missing (start it).']]);
  });
});
