import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, ENV_VARIABLES, loadConfig, parseDuration } from '../../../src/boot/config.js';

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
    expect(config.jwt.expiresInSeconds).toBe(900);
    expect(config.sessions).toEqual({ refreshExpiresInSeconds: 30 * 86_400, pollMs: 250 });
    expect(config.passwordReset).toEqual({ url: null, expiresInSeconds: 1800 });
  });

  it('reads the session and password reset settings, and refuses ones that cannot work', () => {
    const config = loadConfig({ JWT_EXPIRES_IN: '5m', REFRESH_TOKEN_EXPIRES_IN: '7d', SESSION_CHECK_POLL: '100ms', PASSWORD_RESET_URL: 'https://shop.example/reset', PASSWORD_RESET_EXPIRES_IN: '1h' });
    expect(config.jwt.expiresInSeconds).toBe(300);
    expect(config.sessions).toEqual({ refreshExpiresInSeconds: 7 * 86_400, pollMs: 100 });
    expect(config.passwordReset).toEqual({ url: 'https://shop.example/reset', expiresInSeconds: 3600 });
    expect(problemsOf({ JWT_EXPIRES_IN: '1d', REFRESH_TOKEN_EXPIRES_IN: '1h' }).join()).toMatch(/REFRESH_TOKEN_EXPIRES_IN: must be longer than JWT_EXPIRES_IN/);
    expect(problemsOf({ SESSION_CHECK_POLL: '1' }).join()).toMatch(/SESSION_CHECK_POLL/);
    expect(problemsOf({ PASSWORD_RESET_EXPIRES_IN: '2d' }).join()).toMatch(/PASSWORD_RESET_EXPIRES_IN/);
    expect(problemsOf({ PASSWORD_RESET_URL: 'not a url' }).join()).toMatch(/PASSWORD_RESET_URL/);
  });

  it(".env.example copied as it is runs the quick start: links follow another PORT, the demo admin and products stay", () => {
    const example = parseEnv(readFileSync('.env.example', 'utf8'));
    const config = loadConfig({ ...example, PORT: '4321' });
    expect(config).toMatchObject({ port: 4321, appUrl: 'http://localhost:4321', admin: null, mongodbUri: null, stripe: null, rateLimits: true });
  });

  it('documents every variable it reads in the README configuration table and in .env.example', () => {
    const readme = readFileSync('README.md', 'utf8');
    const table = readme.slice(readme.indexOf('\n## Configuration\n'), readme.indexOf('\n## The API in short\n'));
    const example = readFileSync('.env.example', 'utf8');
    expect(ENV_VARIABLES.length).toBeGreaterThan(20);
    expect(ENV_VARIABLES.filter((name) => !new RegExp(`^\\|[^|\\n]*\`${name}\``, 'm').test(table)), 'missing from the README table').toEqual([]);
    expect(ENV_VARIABLES.filter((name) => !new RegExp(`^#? ?${name}=`, 'm').test(example)), 'missing from .env.example').toEqual([]);
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

  it('reads the Stripe Checkout flags: promotion codes and automatic tax, off by default, true or false only', () => {
    const stripe = { STRIPE_SECRET_KEY: 'sk_test_1', STRIPE_WEBHOOK_SECRET: 'whsec_1' };
    expect(loadConfig(stripe).stripe).toMatchObject({ allowPromotionCodes: false, automaticTax: false });
    expect(loadConfig({ ...stripe, STRIPE_ALLOW_PROMOTION_CODES: 'true', STRIPE_AUTOMATIC_TAX: 'true' }).stripe)
      .toMatchObject({ allowPromotionCodes: true, automaticTax: true });
    expect(() => loadConfig({ ...stripe, STRIPE_AUTOMATIC_TAX: 'yes' })).toThrow(/STRIPE_AUTOMATIC_TAX/);
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

describe('the shop and its email', () => {
  it("defaults to the embedded mode's: a shop named Shop at APP_URL, en-US, no SMTP, the admin as the owner", () => {
    const config = loadConfig({ PORT: '4123', ADMIN_EMAIL: 'Boss@Example.com', ADMIN_PASSWORD: 'a-long-enough-password' });
    expect(config.shop).toEqual({ name: 'Shop', storefrontUrl: 'http://localhost:4123', locale: 'en-US' });
    expect(config.mail).toEqual({
      transport: 'auto', smtpUrl: null, from: { name: 'Shop', address: 'no-reply@localhost' }, ownerEmail: 'boss@example.com',
      lowStockThreshold: 3, maxAttempts: 8, retryBaseMs: 30_000, sendTimeoutMs: 15_000,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      SHOP_NAME: 'Tea & Co', STOREFRONT_URL: 'https://tea.example/', SHOP_LOCALE: 'de-DE', SMTP_URL: 'smtps://u:p@mail.example:465',
      MAIL_FROM: 'Tea <hello@tea.example>', MAIL_TRANSPORT: 'off', OWNER_EMAIL: 'owner@tea.example', LOW_STOCK_THRESHOLD: '0',
      MAIL_MAX_ATTEMPTS: '3', MAIL_RETRY_BASE: '1m', MAIL_SEND_TIMEOUT: '5s',
    });
    expect(config.shop).toEqual({ name: 'Tea & Co', storefrontUrl: 'https://tea.example', locale: 'de-DE' });
    expect(config.mail).toEqual({
      transport: 'off', smtpUrl: 'smtps://u:p@mail.example:465', from: { name: 'Tea', address: 'hello@tea.example' }, ownerEmail: 'owner@tea.example',
      lowStockThreshold: 0, maxAttempts: 3, retryBaseMs: 60_000, sendTimeoutMs: 5_000,
    });
    expect(loadConfig({ SHOP_NAME: 'Tea', MAIL_FROM: 'hello@tea.example' }).mail.from).toEqual({ name: 'Tea', address: 'hello@tea.example' });
  });

  it.each([
    [{ SMTP_URL: 'http://mail.example' }, /SMTP_URL/],
    [{ STOREFRONT_URL: 'javascript:alert(1)' }, /STOREFRONT_URL/],
    [{ SHOP_LOCALE: 'not a locale' }, /SHOP_LOCALE/],
    [{ MAIL_FROM: 'Shop <no address>' }, /MAIL_FROM/],
    [{ MAIL_FROM: 'shop@example.com\r\nBcc: x@example.com' }, /MAIL_FROM/],
    [{ OWNER_EMAIL: 'owner' }, /OWNER_EMAIL/],
    [{ MAIL_TRANSPORT: 'smtp' }, /MAIL_TRANSPORT/],
    [{ MAIL_RETRY_BASE: 'soon' }, /MAIL_RETRY_BASE/],
    [{ MAIL_SEND_TIMEOUT: '1h' }, /MAIL_SEND_TIMEOUT/],
  ])('refuses %o', (env, message) => {
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
