/** Where stripe-mock listens, from STRIPE_MOCK_URL. Required in CI; elsewhere its suites skip. */
export const STRIPE_MOCK_URL = process.env['STRIPE_MOCK_URL'] ?? null;

if (!STRIPE_MOCK_URL) {
  if (process.env['CI'] === 'true') throw new Error('STRIPE_MOCK_URL is required in CI (scripts/test-services.sh start).');
  console.warn('[skip] stripe-mock suites: STRIPE_MOCK_URL is not set (scripts/test-services.sh start prints it)');
}

export const STRIPE_TEST_ENV = {
  STRIPE_SECRET_KEY: 'sk_test_123',
  STRIPE_WEBHOOK_SECRET: 'whsec_test_secret_for_webhooks',
} as const;
