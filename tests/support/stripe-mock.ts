import { requireService } from './ci.js';

/** Where stripe-mock listens, from STRIPE_MOCK_URL. Required in CI; elsewhere its suites skip. */
export const STRIPE_MOCK_URL = process.env['STRIPE_MOCK_URL'] || null;

requireService({ name: 'STRIPE_MOCK_URL (stripe-mock)', available: STRIPE_MOCK_URL !== null, hint: 'scripts/test-services.sh start prints it', skips: 'stripe-mock suites' });

export const STRIPE_TEST_ENV = {
  STRIPE_SECRET_KEY: 'sk_test_123',
  STRIPE_WEBHOOK_SECRET: 'whsec_test_secret_for_webhooks',
} as const;
