import type { Storage } from '../../application/ports/storage.js';
import { MemoryCatalogueChanges } from './catalogue-changes.js';
import { MemoryIdempotencyRecords } from './idempotency-records.js';
import { MemoryLeases } from './leases.js';
import { MemoryOrders } from './orders.js';
import { MemoryOutbox } from './outbox.js';
import { MemoryProcessedEvents } from './processed-events.js';
import { MemoryProducts } from './products.js';
import { MemoryRateLimits } from './rate-limits.js';
import { MemoryShippingOptions } from './shipping-options.js';
import { MemoryStock } from './stock.js';
import { MemoryUsers } from './users.js';
import { MemorySessions } from './sessions.js';
import { MemoryPasswordResets } from './password-resets.js';

/** Everything in this process's memory: the embedded mode and the test harness. */
export function memoryStorage(): Storage {
  const catalogueChanges = new MemoryCatalogueChanges();
  const products = new MemoryProducts(catalogueChanges);
  const stock = new MemoryStock(products);
  const orders = new MemoryOrders();
  const sessions = new MemorySessions();
  return {
    description: 'in-memory (embedded mode)',
    durable: false,
    users: new MemoryUsers(),
    products,
    shippingOptions: new MemoryShippingOptions(),
    orders,
    orderEvents: orders.events,
    stock,
    stockReservations: stock,
    processedEvents: new MemoryProcessedEvents(),
    rateLimits: new MemoryRateLimits(),
    idempotencyRecords: new MemoryIdempotencyRecords(),
    leases: new MemoryLeases(),
    outbox: new MemoryOutbox(),
    catalogueChanges,
    sessions,
    sessionEndings: sessions.endings,
    passwordResets: new MemoryPasswordResets(),
    ping: async () => true,
    close: async () => {},
  };
}
