import type { Orders, Storage } from '../../application/ports/index.js';
import { DomainError, StorageUnavailable } from '../../domain/errors.js';
import type { ShopMetrics } from './shop-metrics.js';

type Fn = (...args: unknown[]) => unknown;

/** A refusal the storage reports on purpose (email taken, key reused) is an answer, not a failure. */
const isFailure = (error: unknown) => error instanceof StorageUnavailable || !(error instanceof DomainError);

/**
 * The repository, with every method timed as `<repository>.<method>` and its failures counted.
 * A proxy, so methods added to a port later are timed without a change here.
 */
function timed<T extends object>(repository: string, target: T, m: ShopMetrics['storage']): T {
  // Keyed by the method itself, so a method replaced on the repository is wrapped anew.
  const wrappers = new WeakMap<Fn, Fn>();
  return new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property, object);
      if (typeof value !== 'function') return value;
      const method = value as Fn;
      let wrapper = wrappers.get(method);
      if (!wrapper) {
        const labels = { operation: `${repository}.${String(property)}` };
        const record = m.duration.recorder(labels);
        wrapper = async (...args: unknown[]) => {
          const started = performance.now();
          try {
            return await method.apply(object, args);
          } catch (error) {
            if (isFailure(error)) m.errors.inc(labels);
            throw error;
          } finally {
            record((performance.now() - started) / 1000);
          }
        };
        wrappers.set(method, wrapper);
      }
      return wrapper;
    },
  });
}

/**
 * Orders that count the payment issues flagged on them. What happens to orders (placed, moved) is
 * counted by the `orderEventMetrics` handler, from the stored events, not here.
 */
function counted(orders: Orders, m: ShopMetrics['orders']): Orders {
  const overrides: Partial<Orders> = {
    async flagPaymentIssue(id, issue, at) {
      await orders.flagPaymentIssue(id, issue, at);
      m.paymentIssues.inc();
    },
  };
  return new Proxy(orders, {
    get: (object, property) => (property in overrides ? overrides[property as keyof Orders] : Reflect.get(object, property)),
  });
}

/** The same storage, timed and counted; the original is untouched (its lifecycle stays the caller's). */
export function instrumentStorage(storage: Storage, metrics: ShopMetrics): Storage {
  const m = metrics.storage;
  return {
    ...storage,
    users: timed('users', storage.users, m),
    products: timed('products', storage.products, m),
    shippingOptions: timed('shippingOptions', storage.shippingOptions, m),
    orders: counted(timed('orders', storage.orders, m), metrics.orders),
    orderEvents: timed('orderEvents', storage.orderEvents, m),
    processedEvents: timed('processedEvents', storage.processedEvents, m),
    rateLimits: timed('rateLimits', storage.rateLimits, m),
    idempotencyRecords: timed('idempotencyRecords', storage.idempotencyRecords, m),
    stock: timed('stock', storage.stock, m),
    stockReservations: timed('stockReservations', storage.stockReservations, m),
    leases: timed('leases', storage.leases, m),
    outbox: timed('outbox', storage.outbox, m),
    sessions: timed('sessions', storage.sessions, m),
    passwordResets: timed('passwordResets', storage.passwordResets, m),
    // catalogueChanges and sessionEndings are left as they are: `watch` is synchronous (it returns the unsubscribe function).
  };
}
