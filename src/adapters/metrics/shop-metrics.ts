import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { FastHistogram } from './fast-histogram.js';

/** Seconds: from a cached GET (~1 ms) to a slow payment provider (its calls time out near 20 s). */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Seconds: one argon2id hash is ~20 ms on one core; more means the machine is starved. */
const HASH_BUCKETS = [0.005, 0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28];

const SUMS_NAMED_LIKE_COUNTERS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

/**
 * Every series the service exports, in one registry per composition (not prom-client's global
 * one: tests build many apps in one process). The README's Metrics section describes each.
 */
export function createShopMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // Gauges named like counters, which `promtool check metrics` rejects; each is the sum of the
  // same series by type (`sum(nodejs_active_handles)`), so nothing is lost.
  for (const name of SUMS_NAMED_LIKE_COUNTERS) registry.removeSingleMetric(name);
  const registers = [registry];
  return {
    registry,
    http: {
      duration: new FastHistogram(
        'http_request_duration_seconds',
        'HTTP requests by method, route template ("unmatched" when no route matched) and status class, and how long they took.',
        ['method', 'route', 'status_class'] as const,
        LATENCY_BUCKETS,
        registry,
      ),
      inFlight: new Gauge({ name: 'http_requests_in_flight', help: 'HTTP requests being handled right now.', registers }),
      problems: new Counter({
        name: 'http_problems_total',
        help: 'Error responses (problem+json) by problem code, e.g. RATE_LIMITED, OUT_OF_STOCK, STORAGE_UNAVAILABLE, INTERNAL.',
        labelNames: ['code'] as const,
        registers,
      }),
      rateLimitRefusals: new Counter({
        name: 'shop_rate_limit_refusals_total',
        help: 'Requests refused with 429, by the limit that refused them (login-ip, login-fail-account, register-ip, orders-user, ...).',
        labelNames: ['rule'] as const,
        registers,
      }),
      idempotentReplays: new Counter({
        name: 'shop_idempotent_replays_total',
        help: 'Requests answered from a stored response because their Idempotency-Key was used before, by route template.',
        labelNames: ['route'] as const,
        registers,
      }),
    },
    orders: {
      placed: new Counter({ name: 'shop_orders_placed_total', help: 'Orders created.', registers }),
      transitions: new Counter({
        name: 'shop_order_transitions_total',
        help: 'Order status changes that took effect, by from and to status (pending→completed is a payment, →cancelled a cancellation, →refunded a refund).',
        labelNames: ['from', 'to'] as const,
        registers,
      }),
      paymentIssues: new Counter({
        name: 'shop_payment_issues_total',
        help: 'Payment reports that were not applied and were recorded on the order for a person to look at (wrong amount, paid twice, paid after it ended).',
        registers,
      }),
    },
    paymentEvents: new Counter({
      name: 'shop_payment_events_total',
      help: 'Payment provider webhook deliveries by event type and outcome (processed, duplicate, ignored-*, rejected-mismatch, awaiting-payment, ignored-type, invalid-signature, in-progress, error).',
      labelNames: ['type', 'outcome'] as const,
      registers,
    }),
    hashes: {
      duration: new Histogram({
        name: 'password_hash_duration_seconds',
        help: 'Time spent hashing or verifying one password, queue wait excluded.',
        labelNames: ['operation'] as const,
        buckets: HASH_BUCKETS,
        registers,
      }),
    },
    storage: {
      duration: new FastHistogram(
        'storage_operation_duration_seconds',
        'Storage calls by repository and method (orders.byId, users.byEmail, ...), and how long they took.',
        ['operation'] as const,
        LATENCY_BUCKETS,
        registry,
      ),
      errors: new Counter({
        name: 'storage_errors_total',
        help: 'Storage calls that failed (unreachable, timed out, driver error) by operation; refusals such as a taken email are not errors.',
        labelNames: ['operation'] as const,
        registers,
      }),
    },
    jobs: {
      swept: new Counter({
        name: 'shop_abandoned_orders_expired_total',
        help: 'Pending orders that never got a checkout and that this instance\'s sweep expired.',
        registers,
      }),
      reconciled: new Counter({
        name: 'shop_reconciled_orders_total',
        help: 'Orders this instance\'s reconciliation asked the payment provider about, by what it did: completed, expired, failed, flagged (paymentIssue recorded), unchanged, skipped (leased elsewhere), error.',
        labelNames: ['result'] as const,
        registers,
      }),
    },
  };
}

export type ShopMetrics = ReturnType<typeof createShopMetrics>;
