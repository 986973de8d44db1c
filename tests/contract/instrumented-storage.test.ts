import { describe } from 'vitest';
import { instrumentStorage } from '../../src/adapters/metrics/instrument-storage.js';
import { createShopMetrics } from '../../src/adapters/metrics/shop-metrics.js';
import { memoryStorage } from '../../src/adapters/memory/storage.js';
import { idempotencyRecordsContract } from './idempotency-records.contract.js';
import { leasesContract } from './leases.contract.js';
import { ordersContract } from './orders.contract.js';
import { processedEventsContract } from './processed-events.contract.js';
import { productsContract } from './products.contract.js';
import { rateLimitsContract } from './rate-limits.contract.js';
import { stockContract } from './stock.contract.js';
import { usersContract } from './users.contract.js';

/** The metrics decorators must not change what a repository does: every contract, through them. */
describe('memory storage, instrumented for metrics', () => {
  const fresh = () => instrumentStorage(memoryStorage(), createShopMetrics());
  idempotencyRecordsContract(async () => fresh().idempotencyRecords);
  leasesContract(async () => fresh().leases);
  ordersContract(async () => fresh().orders);
  processedEventsContract(async () => fresh().processedEvents);
  productsContract(async () => fresh().products);
  rateLimitsContract(async () => fresh().rateLimits);
  stockContract(async () => fresh());
  usersContract(async () => fresh().users);
});
