import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseDuration } from '../../../src/boot/config.js';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems;
  }
};

describe('configuration', () => {
  it('runs the embedded mode with nothing set, on a random secret, with links on the right port', () => {
    const config = loadConfig({ PORT: '4123' });
    expect(config).toMatchObject({ env: 'development', port: 4123, appUrl: 'http://localhost:4123', mongodbUri: null, stripe: null, admin: null });
    expect(config.jwt.generated).toBe(true);
    expect(Buffer.byteLength(config.jwt.secret)).toBeGreaterThanOrEqual(32);
    expect(config.jwt.expiresInSeconds).toBe(86_400);
  });

  it('refuses production without a secret, storage or Stripe, naming each variable', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems.join('\n')).toMatch(/JWT_SECRET/);
    expect(problems.join('\n')).toMatch(/MONGODB_URI/);
    expect(problems.join('\n')).toMatch(/STRIPE_SECRET_KEY/);
  });

  it('refuses production with the rate limits off', () => {
    const env = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), MONGODB_URI: 'mongodb://db/shop', STRIPE_SECRET_KEY: 'sk_live_1', STRIPE_WEBHOOK_SECRET: 'whsec_1' };
    expect(problemsOf(env)).toEqual([]);
    expect(problemsOf({ ...env, RATE_LIMITS: 'off' }).join()).toMatch(/RATE_LIMITS/);
  });

  it("refuses .env.example's public values in production", () => {
    const env = { NODE_ENV: 'production', MONGODB_URI: 'mongodb://db/shop', STRIPE_SECRET_KEY: 'sk_live_1', STRIPE_WEBHOOK_SECRET: 'whsec_1' };
    const problems = problemsOf({ ...env, JWT_SECRET: 'replace-with-at-least-32-random-bytes-0123456789', ADMIN_EMAIL: 'a@example.com', ADMIN_PASSWORD: 'change-me-please-123' });
    expect(problems.join('\n')).toMatch(/JWT_SECRET: the example value/);
    expect(problems.join('\n')).toMatch(/ADMIN_PASSWORD: the example value/);
  });

  it('refuses a JWT secret shorter than 32 bytes anywhere', () => {
    expect(problemsOf({ JWT_SECRET: 'short' }).join()).toMatch(/JWT_SECRET: must be at least 32 bytes/);
  });

  it('turns metrics on only with a METRICS_TOKEN of at least 32 printable characters', () => {
    expect(loadConfig({}).metricsToken).toBeNull();
    expect(loadConfig({ METRICS_TOKEN: '' }).metricsToken).toBeNull();
    expect(loadConfig({ METRICS_TOKEN: 'm'.repeat(32) }).metricsToken).toBe('m'.repeat(32));
    expect(problemsOf({ METRICS_TOKEN: 'm'.repeat(31) }).join()).toMatch(/METRICS_TOKEN: must be at least 32 characters/);
    expect(problemsOf({ METRICS_TOKEN: `${'m'.repeat(32)} é` }).join()).toMatch(/METRICS_TOKEN: printable ASCII/);
  });

  it('caches the catalogue by default, polling every 500 ms; CATALOGUE_CACHE_POLL needs its unit, from 10ms to 60s', () => {
    expect(loadConfig({}).catalogueCache).toEqual({ enabled: true, pollMs: 500 });
    expect(loadConfig({ CATALOGUE_CACHE: 'off', CATALOGUE_CACHE_POLL: '2s' }).catalogueCache).toEqual({ enabled: false, pollMs: 2000 });
    expect(loadConfig({ CATALOGUE_CACHE_POLL: '10ms' }).catalogueCache.pollMs).toBe(10);
    for (const poll of ['500', '5ms', '61s', '1m', 'soon']) {
      expect(problemsOf({ CATALOGUE_CACHE_POLL: poll }).join(), poll).toMatch(/CATALOGUE_CACHE_POLL: from 10ms to 60s/);
    }
    expect(problemsOf({ CATALOGUE_CACHE: 'maybe' }).join()).toMatch(/CATALOGUE_CACHE/);
  });

  it('sizes the MongoDB pool and its time limits: 20 connections, 1 s wait, 1 s reads by default; 0 turns the read limit off', () => {
    expect(loadConfig({}).mongo).toEqual({ maxPoolSize: 20, waitQueueTimeoutMs: 1000, maxTimeMs: 1000, serverSelectionTimeoutMs: 5000 });
    expect(loadConfig({ MONGODB_MAX_POOL_SIZE: '5', MONGODB_WAIT_QUEUE_TIMEOUT_MS: '250', MONGODB_MAX_TIME_MS: '0', MONGODB_SERVER_SELECTION_TIMEOUT_MS: '3000' }).mongo)
      .toEqual({ maxPoolSize: 5, waitQueueTimeoutMs: 250, maxTimeMs: 0, serverSelectionTimeoutMs: 3000 });
    for (const [name, value] of [['MONGODB_MAX_POOL_SIZE', '0'], ['MONGODB_MAX_POOL_SIZE', 'many'], ['MONGODB_WAIT_QUEUE_TIMEOUT_MS', '0'],
      ['MONGODB_WAIT_QUEUE_TIMEOUT_MS', '1s'], ['MONGODB_MAX_TIME_MS', '-1'], ['MONGODB_MAX_TIME_MS', '1.5'],
      ['MONGODB_SERVER_SELECTION_TIMEOUT_MS', '0'], ['MONGODB_SERVER_SELECTION_TIMEOUT_MS', '5s']] as const) {
      expect(problemsOf({ [name]: value }).join(), `${name}=${value}`).toMatch(new RegExp(`^${name}:`));
    }
  });

  it.each([
    [{ STRIPE_SECRET_KEY: 'sk_test_1' }, /STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET/],
    [{ ADMIN_EMAIL: 'a@example.com' }, /ADMIN_EMAIL and ADMIN_PASSWORD/],
    [{ STRIPE_SECRET_KEY: 'pk_test_1', STRIPE_WEBHOOK_SECRET: 'whsec_1' }, /STRIPE_SECRET_KEY: must look like/],
    [{ MONGODB_URI: 'postgres://x' }, /MONGODB_URI/],
    [{ PORT: 'eighty' }, /PORT/],
    [{ JWT_EXPIRES_IN: 'forever' }, /JWT_EXPIRES_IN/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
  ])('names the variable that is wrong: %o', (env, message) => {
    expect(problemsOf(env).join('\n')).toMatch(message);
  });

  it('parses lists and numbers', () => {
    const config = loadConfig({ CORS_ORIGINS: ' https://a.example ,https://b.example,', TRUST_PROXY_HOPS: '2', APP_URL: 'https://shop.example/' });
    expect(config.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.trustProxyHops).toBe(2);
    expect(config.appUrl).toBe('https://shop.example');
  });

  it('schedules the periodic jobs: defaults, durations, off, and no reconciliation without Stripe', () => {
    const stripe = { STRIPE_SECRET_KEY: 'sk_test_1', STRIPE_WEBHOOK_SECRET: 'whsec_1' };
    expect(loadConfig(stripe).jobs).toEqual({
      abandonedSweepMs: 60_000, abandonedAfterMs: 15 * 60_000, strandedAfterMs: 10 * 60_000,
      reconcileIntervalMs: 10 * 60_000, reconcileAfterMs: 30 * 60_000, reconcileLimit: 100,
    });
    expect(loadConfig({ ...stripe, ABANDONED_ORDER_SWEEP_INTERVAL: '5', ABANDONED_AFTER: '2m', STRANDED_STOCK_AFTER: '90s', RECONCILE_INTERVAL: '1h', RECONCILE_AFTER: '45m', RECONCILE_LIMIT: '7' }).jobs)
      .toEqual({ abandonedSweepMs: 5_000, abandonedAfterMs: 120_000, strandedAfterMs: 90_000, reconcileIntervalMs: 3_600_000, reconcileAfterMs: 45 * 60_000, reconcileLimit: 7 });
    expect(loadConfig({ ...stripe, RECONCILE_INTERVAL: 'off' }).jobs.reconcileIntervalMs).toBeNull();
    expect(loadConfig({}).jobs.reconcileIntervalMs).toBeNull();
  });

  it.each([
    [{ ABANDONED_ORDER_SWEEP_INTERVAL: '0' }, /ABANDONED_ORDER_SWEEP_INTERVAL/],
    [{ ABANDONED_AFTER: 'soon' }, /ABANDONED_AFTER/],
    [{ RECONCILE_INTERVAL: '10 minutes' }, /RECONCILE_INTERVAL/],
    [{ RECONCILE_INTERVAL: '25d' }, /RECONCILE_INTERVAL: at most 24d/],
    [{ ABANDONED_ORDER_SWEEP_INTERVAL: '999999999' }, /ABANDONED_ORDER_SWEEP_INTERVAL: at most 24d/],
    [{ RECONCILE_AFTER: '-1m' }, /RECONCILE_AFTER/],
    [{ RECONCILE_LIMIT: '0' }, /RECONCILE_LIMIT/],
    [{ STRANDED_STOCK_AFTER: '30s' }, /STRANDED_STOCK_AFTER: from 1m to 12h/],
    [{ STRANDED_STOCK_AFTER: '13h' }, /STRANDED_STOCK_AFTER: from 1m to 12h/],
    [{ STRANDED_STOCK_AFTER: 'later' }, /STRANDED_STOCK_AFTER/],
  ])('names a wrong job setting: %o', (env, message) => {
    expect(problemsOf(env).join('\n')).toMatch(message);
  });
});

describe('parseDuration', () => {
  it('reads plain seconds and s/m/h/d suffixes', () => {
    expect(parseDuration('3600')).toBe(3600);
    expect(parseDuration('45s')).toBe(45);
    expect(parseDuration('15m')).toBe(900);
    expect(parseDuration('12h')).toBe(43_200);
    expect(parseDuration('1d')).toBe(86_400);
    expect(parseDuration(' 2 h ')).toBe(7200);
  });

  it('rejects zero, fractions, unknown units and other text', () => {
    for (const text of ['0', '0d', '', 'd', '1.5h', '-1', '1w', '1 day', 'PT1H', '1H']) {
      expect(parseDuration(text), text).toBeNull();
    }
  });
});
