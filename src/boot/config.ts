import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { weakerSettings } from '../adapters/mongo/durability.js';
import { MIN_SECRET_BYTES } from '../adapters/security/jose-tokens.js';

/** Everything the service reads from the environment, validated once at startup. */
export type Config = Readonly<{
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  appUrl: string;
  mongodbUri: string | null;
  /** The MongoDB connection pool and time limits (see docs/mongo.md, *Under load*). */
  mongo: Readonly<{ maxPoolSize: number; waitQueueTimeoutMs: number; maxTimeMs: number; serverSelectionTimeoutMs: number }>;
  jwt: Readonly<{ secret: string; generated: boolean; expiresInSeconds: number; issuer: string; audience: string }>;
  stripe: Readonly<{
    secretKey: string; webhookSecret: string; apiUrl: string | null;
    /** Checkout accepts promotion codes made in the Dashboard; Stripe Tax adds tax. Both come back in the confirmed totals. */
    allowPromotionCodes: boolean; automaticTax: boolean;
  }> | null;
  admin: Readonly<{ email: string; password: string }> | null;
  logLevel: string;
  corsOrigins: readonly string[];
  trustProxyHops: number;
  /** On SIGTERM, how long readiness reports "not ready" before the listener closes. */
  shutdownDelayMs: number;
  /** Login, register and order-creation rate limits; only tests turn them off. */
  rateLimits: boolean;
  /** Periodic jobs; each runs on one instance per period (see src/boot/jobs.ts). */
  jobs: Readonly<{
    abandonedSweepMs: number;
    abandonedAfterMs: number;
    /** How old a reservation must be before the stranded-stock sweep repairs it (`STRANDED_STOCK_AFTER`). */
    strandedAfterMs: number;
    /** `null`: no reconciliation (the local checkout has no provider to ask). */
    reconcileIntervalMs: number | null;
    reconcileAfterMs: number;
    reconcileLimit: number;
  }>;
  /** Bearer token that GET /metrics requires; `null`: no metrics are collected and the route does not exist. */
  metricsToken: string | null;
  /** The public catalogue from memory; `pollMs`: how often another instance's changes are looked for. */
  catalogueCache: Readonly<{ enabled: boolean; pollMs: number }>;
  /** Who the shop is, in its messages and pages: `SHOP_NAME`, `STOREFRONT_URL` (default `appUrl`), `SHOP_LOCALE`. */
  shop: Readonly<{ name: string; storefrontUrl: string; locale: string }>;
  /** Email (docs/email.md): `transport` off drops messages; without `smtpUrl` they wait (or go to the local mailbox in the embedded mode). */
  mail: Readonly<{
    transport: 'auto' | 'off';
    smtpUrl: string | null;
    from: Readonly<{ name: string; address: string }>;
    /** The shop owner's address (`OWNER_EMAIL`, default `ADMIN_EMAIL`); `null`: decided by the composition. */
    ownerEmail: string | null;
    lowStockThreshold: number;
    maxAttempts: number;
    retryBaseMs: number;
    sendTimeoutMs: number;
  }>;
  /** Signed-in sessions: how long one can be renewed, and how often other instances' endings are looked for. */
  sessions: Readonly<{ refreshExpiresInSeconds: number; pollMs: number }>;
  /** Password reset links: the page they open (`?token=…` is added; `null`: this service's /account/reset) and how long they work. */
  passwordReset: Readonly<{ url: string | null; expiresInSeconds: number }>;
}>;

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const optional = z.string().trim().transform((v) => (v === '' ? undefined : v)).optional();
const Env = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  APP_URL: optional.pipe(z.url().optional()),
  MONGODB_URI: optional.pipe(z.string().regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://').optional()),
  MONGODB_MAX_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(20),
  MONGODB_WAIT_QUEUE_TIMEOUT_MS: z.coerce.number().int().min(1).max(60_000).default(1000),
  MONGODB_MAX_TIME_MS: z.coerce.number().int().min(0).max(600_000).default(1000),
  MONGODB_SERVER_SELECTION_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
  JWT_SECRET: optional,
  JWT_EXPIRES_IN: z.string().default('15m'),
  REFRESH_TOKEN_EXPIRES_IN: z.string().default('30d'),
  SESSION_CHECK_POLL: z.string().default('250ms'),
  PASSWORD_RESET_URL: optional.pipe(z.url().optional()),
  PASSWORD_RESET_EXPIRES_IN: z.string().default('30m'),
  JWT_ISSUER: z.string().default('shop-api'),
  JWT_AUDIENCE: z.string().default('shop-api'),
  STRIPE_SECRET_KEY: optional.pipe(z.string().regex(/^(sk|rk)_(test|live)_/, 'must look like sk_test_… or sk_live_…').optional()),
  STRIPE_WEBHOOK_SECRET: optional.pipe(z.string().startsWith('whsec_', 'must look like whsec_…').optional()),
  STRIPE_API_URL: optional.pipe(z.url().optional()),
  STRIPE_ALLOW_PROMOTION_CODES: z.enum(['true', 'false']).default('false'),
  STRIPE_AUTOMATIC_TAX: z.enum(['true', 'false']).default('false'),
  ADMIN_EMAIL: optional,
  ADMIN_PASSWORD: optional,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CORS_ORIGINS: z.string().default(''),
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  SHUTDOWN_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  RATE_LIMITS: z.enum(['on', 'off']).default('on'),
  ABANDONED_ORDER_SWEEP_INTERVAL: z.string().default('60s'),
  ABANDONED_AFTER: z.string().default('15m'),
  STRANDED_STOCK_AFTER: z.string().default('10m'),
  RECONCILE_INTERVAL: z.string().default('10m'),
  RECONCILE_AFTER: z.string().default('30m'),
  RECONCILE_LIMIT: z.coerce.number().int().min(1).max(1000).default(100),
  METRICS_TOKEN: optional,
  CATALOGUE_CACHE: z.enum(['on', 'off']).default('on'),
  CATALOGUE_CACHE_POLL: z.string().default('500ms'),
  SHOP_NAME: z.string().trim().min(1).max(100).default('Shop'),
  STOREFRONT_URL: optional.pipe(z.url({ protocol: /^https?$/ }).optional()),
  SHOP_LOCALE: z.string().trim().default('en-US'),
  SMTP_URL: optional.pipe(z.string().regex(/^smtps?:\/\/[^\s]+$/, 'must look like smtp://user:pass@host:587 or smtps://…').optional()),
  MAIL_FROM: optional,
  MAIL_TRANSPORT: z.enum(['auto', 'off']).default('auto'),
  OWNER_EMAIL: optional,
  LOW_STOCK_THRESHOLD: z.coerce.number().int().min(0).max(1_000_000).default(3),
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  MAIL_RETRY_BASE: z.string().default('30s'),
  MAIL_SEND_TIMEOUT: z.string().default('15s'),
});

/** Every variable read, for the checks that the README's table and `.env.example` name them all. */
export const ENV_VARIABLES: readonly string[] = Object.keys(Env.shape);

export const MIN_METRICS_TOKEN_LENGTH = 32;

/** The values .env.example ships with: public, so never good enough for production. */
const EXAMPLE_VALUES = new Set(['replace-with-at-least-32-random-bytes-0123456789', 'change-me-please-123']);

/** Parses `JWT_EXPIRES_IN` in the seed's forms: seconds (`3600`) or a number with s/m/h/d (`1d`). */
export function parseDuration(text: string): number | null {
  const match = /^(\d{1,9})\s*([smhd]?)$/.exec(text.trim());
  if (!match) return null;
  const seconds = Number(match[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86_400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  return seconds > 0 ? seconds : null;
}

/** `500ms` or `2s`: short intervals, so the unit is required. */
export function parseMilliseconds(text: string): number | null {
  const match = /^(\d{1,9})\s*(ms|s)$/.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * (match[2] === 's' ? 1000 : 1);
}

/** Reads the environment. Throws `ConfigError` naming every missing or invalid variable. */
export function loadConfig(source: NodeJS.ProcessEnv): Config {
  const parsed = Env.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const production = e.NODE_ENV === 'production';

  if (e.JWT_SECRET !== undefined && Buffer.byteLength(e.JWT_SECRET) < MIN_SECRET_BYTES) {
    problems.push(`JWT_SECRET: must be at least ${MIN_SECRET_BYTES} bytes (try: openssl rand -base64 48)`);
  }
  if (production && e.JWT_SECRET === undefined) problems.push('JWT_SECRET: required when NODE_ENV=production');
  if (production && EXAMPLE_VALUES.has(e.JWT_SECRET ?? '')) problems.push('JWT_SECRET: the example value from .env.example is public; generate one');
  if (production && EXAMPLE_VALUES.has(e.ADMIN_PASSWORD ?? '')) problems.push('ADMIN_PASSWORD: the example value from .env.example is public; choose another');
  if (production && e.MONGODB_URI === undefined) problems.push('MONGODB_URI: required when NODE_ENV=production (in-memory storage loses every order on restart)');
  if (production && e.MONGODB_URI !== undefined) {
    for (const weak of weakerSettings(e.MONGODB_URI).filter((w) => w.refused)) {
      problems.push(`MONGODB_URI: ${weak.setting} is refused when NODE_ENV=production: ${weak.why}; remove it from the URI`);
    }
  }
  if (production && e.STRIPE_SECRET_KEY === undefined) problems.push('STRIPE_SECRET_KEY: required when NODE_ENV=production (the local checkout takes no real payments)');
  if ((e.STRIPE_SECRET_KEY === undefined) !== (e.STRIPE_WEBHOOK_SECRET === undefined)) {
    problems.push('STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET: set both or neither (orders complete through the webhook)');
  }
  if ((e.ADMIN_EMAIL === undefined) !== (e.ADMIN_PASSWORD === undefined)) {
    problems.push('ADMIN_EMAIL and ADMIN_PASSWORD: set both or neither');
  }
  if (production && e.RATE_LIMITS === 'off') problems.push('RATE_LIMITS: cannot be off when NODE_ENV=production');
  if (e.METRICS_TOKEN !== undefined && e.METRICS_TOKEN.length < MIN_METRICS_TOKEN_LENGTH) {
    problems.push(`METRICS_TOKEN: must be at least ${MIN_METRICS_TOKEN_LENGTH} characters (try: openssl rand -hex 24), or unset to turn metrics off`);
  }
  if (e.METRICS_TOKEN !== undefined && !/^[\x21-\x7e]+$/.test(e.METRICS_TOKEN)) {
    problems.push('METRICS_TOKEN: printable ASCII without spaces only (it travels in an Authorization header)');
  }
  const expiresInSeconds = parseDuration(e.JWT_EXPIRES_IN);
  if (expiresInSeconds === null) problems.push('JWT_EXPIRES_IN: use seconds (3600) or a number with s, m, h or d (15m, 1d)');
  const duration = (name: keyof typeof e & string, text: string) => {
    const seconds = parseDuration(text);
    if (seconds === null) problems.push(`${name}: use seconds (60) or a number with s, m, h or d (10m)`);
    return (seconds ?? 0) * 1000;
  };
  // setInterval turns anything above 2^31 - 1 ms (24.8 days) into 1 ms.
  const interval = (name: keyof typeof e & string, text: string) => {
    const ms = duration(name, text);
    if (ms > 2_147_483_647) problems.push(`${name}: at most 24d`);
    return ms;
  };
  const abandonedSweepMs = interval('ABANDONED_ORDER_SWEEP_INTERVAL', e.ABANDONED_ORDER_SWEEP_INTERVAL);
  const abandonedAfterMs = duration('ABANDONED_AFTER', e.ABANDONED_AFTER);
  const strandedAfterMs = duration('STRANDED_STOCK_AFTER', e.STRANDED_STOCK_AFTER);
  // Above a reservation's own time limit (30 s), below the day its stock changes' guards are kept.
  if (strandedAfterMs > 0 && (strandedAfterMs < 60_000 || strandedAfterMs > 12 * 3600_000)) problems.push('STRANDED_STOCK_AFTER: from 1m to 12h');
  const reconcileOff = e.RECONCILE_INTERVAL.trim() === 'off';
  const reconcileIntervalMs = reconcileOff ? 0 : interval('RECONCILE_INTERVAL', e.RECONCILE_INTERVAL);
  const reconcileAfterMs = duration('RECONCILE_AFTER', e.RECONCILE_AFTER);
  const pollMs = parseMilliseconds(e.CATALOGUE_CACHE_POLL);
  if (pollMs === null || pollMs < 10 || pollMs > 60_000) problems.push('CATALOGUE_CACHE_POLL: from 10ms to 60s, with its unit (500ms, 1s)');
  const appUrl = (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  const storefrontUrl = (e.STOREFRONT_URL ?? appUrl).replace(/\/+$/, '');
  if (!isLocale(e.SHOP_LOCALE)) problems.push('SHOP_LOCALE: a BCP 47 locale this Node.js formats numbers for (en-US, de-DE, fr-CH)');
  if (/[\r\n]/.test(e.SHOP_NAME)) problems.push('SHOP_NAME: one line');
  const from = parseMailbox(e.MAIL_FROM ?? `no-reply@${new URL(storefrontUrl).hostname}`, e.SHOP_NAME);
  if (!from) problems.push('MAIL_FROM: an address (shop@example.com) or a name and an address (Shop <shop@example.com>)');
  const ownerEmail = e.OWNER_EMAIL ?? e.ADMIN_EMAIL ?? null;
  if (ownerEmail !== null && !EMAIL.test(ownerEmail)) problems.push(`${e.OWNER_EMAIL ? 'OWNER_EMAIL' : 'ADMIN_EMAIL'}: an email address`);
  const retryBaseMs = interval('MAIL_RETRY_BASE', e.MAIL_RETRY_BASE);
  const sendTimeoutMs = duration('MAIL_SEND_TIMEOUT', e.MAIL_SEND_TIMEOUT);
  if (sendTimeoutMs > 10 * 60_000) problems.push('MAIL_SEND_TIMEOUT: at most 10m');
  const refreshExpiresInSeconds = parseDuration(e.REFRESH_TOKEN_EXPIRES_IN);
  if (refreshExpiresInSeconds === null) problems.push('REFRESH_TOKEN_EXPIRES_IN: use seconds or a number with s, m, h or d (30d)');
  else if (expiresInSeconds !== null && refreshExpiresInSeconds <= expiresInSeconds) problems.push('REFRESH_TOKEN_EXPIRES_IN: must be longer than JWT_EXPIRES_IN');
  const sessionPollMs = parseMilliseconds(e.SESSION_CHECK_POLL);
  if (sessionPollMs === null || sessionPollMs < 10 || sessionPollMs > 60_000) problems.push('SESSION_CHECK_POLL: from 10ms to 60s, with its unit (250ms, 1s)');
  const resetExpiresInSeconds = parseDuration(e.PASSWORD_RESET_EXPIRES_IN);
  if (resetExpiresInSeconds === null || resetExpiresInSeconds > 86_400) problems.push('PASSWORD_RESET_EXPIRES_IN: at most a day, in seconds or with s, m or h (30m)');
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    appUrl,
    mongodbUri: e.MONGODB_URI ?? null,
    mongo: { maxPoolSize: e.MONGODB_MAX_POOL_SIZE, waitQueueTimeoutMs: e.MONGODB_WAIT_QUEUE_TIMEOUT_MS, maxTimeMs: e.MONGODB_MAX_TIME_MS,
      serverSelectionTimeoutMs: e.MONGODB_SERVER_SELECTION_TIMEOUT_MS },
    jwt: {
      secret: e.JWT_SECRET ?? randomBytes(48).toString('base64url'),
      generated: e.JWT_SECRET === undefined,
      expiresInSeconds: expiresInSeconds!,
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
    },
    stripe: e.STRIPE_SECRET_KEY && e.STRIPE_WEBHOOK_SECRET
      ? {
        secretKey: e.STRIPE_SECRET_KEY, webhookSecret: e.STRIPE_WEBHOOK_SECRET, apiUrl: e.STRIPE_API_URL ?? null,
        allowPromotionCodes: e.STRIPE_ALLOW_PROMOTION_CODES === 'true', automaticTax: e.STRIPE_AUTOMATIC_TAX === 'true',
      }
      : null,
    admin: e.ADMIN_EMAIL && e.ADMIN_PASSWORD ? { email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD } : null,
    logLevel: e.LOG_LEVEL,
    corsOrigins: e.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean),
    trustProxyHops: e.TRUST_PROXY_HOPS,
    shutdownDelayMs: e.SHUTDOWN_DELAY_MS,
    rateLimits: e.RATE_LIMITS === 'on',
    jobs: {
      abandonedSweepMs,
      abandonedAfterMs,
      strandedAfterMs,
      reconcileIntervalMs: reconcileOff || !e.STRIPE_SECRET_KEY ? null : reconcileIntervalMs,
      reconcileAfterMs,
      reconcileLimit: e.RECONCILE_LIMIT,
    },
    metricsToken: e.METRICS_TOKEN ?? null,
    catalogueCache: { enabled: e.CATALOGUE_CACHE === 'on', pollMs: pollMs! },
    shop: { name: e.SHOP_NAME, storefrontUrl, locale: e.SHOP_LOCALE },
    mail: {
      transport: e.MAIL_TRANSPORT,
      smtpUrl: e.SMTP_URL ?? null,
      from: from!,
      ownerEmail: ownerEmail?.toLowerCase() ?? null,
      lowStockThreshold: e.LOW_STOCK_THRESHOLD,
      maxAttempts: e.MAIL_MAX_ATTEMPTS,
      retryBaseMs,
      sendTimeoutMs,
    },
    sessions: { refreshExpiresInSeconds: refreshExpiresInSeconds!, pollMs: sessionPollMs! },
    passwordReset: { url: e.PASSWORD_RESET_URL ?? null, expiresInSeconds: resetExpiresInSeconds! },
  };
}

const EMAIL = /^[^\s@<>",;]+@[^\s@<>",;]+$/;

/** `shop@example.com` or `Shop <shop@example.com>`; the name defaults to `defaultName`. `null` when neither. */
export function parseMailbox(text: string, defaultName: string): { name: string; address: string } | null {
  if (/[\r\n]/.test(text)) return null;
  const named = /^\s*"?([^"<>]*?)"?\s*<([^<>]+)>\s*$/.exec(text);
  const name = named ? named[1]!.trim() : defaultName;
  const address = (named ? named[2]! : text).trim();
  return EMAIL.test(address) ? { name: name || defaultName, address } : null;
}

function isLocale(locale: string): boolean {
  try {
    return Intl.NumberFormat.supportedLocalesOf([locale]).length === 1;
  } catch {
    return false;
  }
}
