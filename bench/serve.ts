// The service as the benchmark needs it for S5, S6 and the S4 candidates: the real composition
// with a few adapters swapped through compose()'s overrides, listening like src/boot/main.ts does.
//   BENCH_PAYMENTS=local  the embedded mode's local checkout gateway (S5)
//   BENCH_PAYMENTS=none   a gateway that creates nothing and returns one fixed checkout (S5's baseline)
//   BENCH_PAYMENTS=stub   Stripe-shaped session ids, no network (S6, with STRIPE_* set for the webhook)
//   BENCH_SEED_PRODUCTS=N N products added straight to storage before listening (S8)
import 'reflect-metadata';
import type { CheckoutRequest, PaymentGateway } from '../src/application/ports/payment-gateway.js';
import { EnsureAdmin } from '../src/application/accounts/ensure-admin.js';
import { createLogger } from '../src/adapters/logging/logger.js';
import { LocalPaymentGateway } from '../src/adapters/local-payments/gateway.js';
import { type Overrides, compose } from '../src/boot/compose.js';
import { loadConfig } from '../src/boot/config.js';
import { seedProducts } from './lib/bench-products.js';

const config = loadConfig(process.env);
const logger = createLogger({ level: config.logLevel, pretty: false });

const fixedCheckout = { sessionId: 'cs_test_fixed', url: 'https://checkout.example.test/fixed' };
/** Both stand in for a provider whose customers pay on its own pages. */
const hosted = { description: 'a benchmark stand-in', movesMoney: true, servesCheckoutPages: false, reconcilable: true } as const;
const nothing: PaymentGateway = {
  name: 'none',
  ...hosted,
  startCheckout: async () => fixedCheckout,
  retrieveCheckout: async () => null,
  cancelCheckout: async (sessionId) => ({ sessionId, orderId: null, outcome: 'expired', amount: null }),
  refund: async (order) => ({ refundId: `re_test_${order.id}`, outcome: 'succeeded', failureReason: null }),
};
const stripeShaped: PaymentGateway = {
  name: 'stub',
  ...hosted,
  startCheckout: async ({ order }: CheckoutRequest) => ({ sessionId: `cs_test_${order.id}`, url: `https://checkout.example.test/${order.id}` }),
  retrieveCheckout: async () => null,
  cancelCheckout: async (sessionId) => ({ sessionId, orderId: null, outcome: 'expired', amount: null }),
  refund: async (order) => ({ refundId: `re_test_${order.id}`, outcome: 'succeeded', failureReason: null }),
};

const payments = process.env['BENCH_PAYMENTS'];
const overrides: Overrides = {
  ...(payments === 'local' && { payments: new LocalPaymentGateway(config.appUrl, config.env) }),
  ...(payments === 'none' && { payments: nothing }),
  ...(payments === 'stub' && { payments: stripeShaped }),
};
if (process.env['BENCH_S4_CANDIDATE']) {
  const { applyCandidate } = await import('./s4/candidates.js');
  Object.assign(overrides, await applyCandidate(process.env['BENCH_S4_CANDIDATE']));
}

const composition = compose(config, logger, overrides);
if (config.admin) await composition.container.resolve(EnsureAdmin).execute(config.admin);
if (process.env['BENCH_SEED_PRODUCTS']) await seedProducts(composition.storage.products, Number(process.env['BENCH_SEED_PRODUCTS']));
const server = composition.app.listen(config.port, config.host);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
