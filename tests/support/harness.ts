import { MemoryOrders } from '../../src/adapters/memory/orders.js';
import { MemoryProducts } from '../../src/adapters/memory/products.js';
import { MemoryShippingOptions } from '../../src/adapters/memory/shipping-options.js';
import { MemoryStock } from '../../src/adapters/memory/stock.js';
import { MemoryUsers } from '../../src/adapters/memory/users.js';
import { JoseTokens } from '../../src/adapters/security/jose-tokens.js';
import { MemoryAccountMessages } from '../../src/adapters/memory/account-messages.js';
import { MemoryPasswordResets } from '../../src/adapters/memory/password-resets.js';
import { MemorySessions } from '../../src/adapters/memory/sessions.js';
import { opaqueTokens } from '../../src/adapters/security/opaque-tokens.js';
import { AccountSessions } from '../../src/application/accounts/account-sessions.js';
import type { Orders } from '../../src/application/ports/index.js';
import type { Actor } from '../../src/application/shared/actor.js';
import type { Order } from '../../src/domain/order.js';
import type { Product } from '../../src/domain/product.js';
import type { User } from '../../src/domain/user.js';
import { T0, aProduct, fakeHasher, fakePayments, fixedClock, sequentialIds } from './builders.js';

export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;
/** How long the harness's sessions can be renewed. */
export const SESSION_TTL_MS = 30 * DAY;

export const actorOf = (user: User): Actor => ({ userId: user.id, role: user.role });

/** Counts the transitions that changed an order, to prove "exactly one state change". */
export class CountingOrders extends MemoryOrders {
  changes = 0;
  override async transition(...args: Parameters<Orders['transition']>): Promise<Order | null> {
    const result = await super.transition(...args);
    if (result) this.changes += 1;
    return result;
  }
}

export type Harness = ReturnType<typeof harness>;

/**
 * What a use case runs on in the unit tests: the in-memory adapters, a clock fixed at T0 that
 * moves only when told, sequential ids, and fakes that record their calls. Make a fresh one for
 * each test: `let t: Harness; beforeEach(() => { t = harness(); });`.
 */
export function harness() {
  const clock = fixedClock(T0);
  const ids = sequentialIds();
  const users = new MemoryUsers();
  const products = new MemoryProducts();
  const stock = new MemoryStock(products);
  const shippingOptions = new MemoryShippingOptions();
  const orders = new CountingOrders();
  const hasher = fakeHasher();
  const payments = fakePayments();
  const tokens = new JoseTokens({
    secret: 'a-test-secret-that-is-at-least-32-bytes-long',
    expiresInSeconds: 3600,
    issuer: 'shop-test',
    audience: 'shop-test-api',
    now: () => clock.now(),
  });
  const sessions = new MemorySessions();
  const passwordResets = new MemoryPasswordResets();
  const messages = new MemoryAccountMessages();
  const accountSessions = new AccountSessions(sessions, tokens, opaqueTokens, ids, clock, { refreshTtlMs: SESSION_TTL_MS });

  return {
    clock,
    ids,
    users,
    products,
    stock,
    shippingOptions,
    orders,
    hasher,
    payments,
    tokens,
    sessions,
    passwordResets,
    messages,
    secrets: opaqueTokens,
    accountSessions,

    async stored(user: User): Promise<User> {
      await users.add(user);
      return user;
    },

    async inCatalogue(...list: Product[]): Promise<Product[]> {
      for (const p of list) await products.add(p);
      return list;
    },

    /** A product in the catalogue with `count` in stock (`null`: stock not tracked). */
    async withStock(count: number | null): Promise<Product> {
      const product = { ...aProduct().build(), stock: count };
      await products.add(product);
      return product;
    },

    stockOf: async (p: Product) => (await products.byId(p.id))?.stock,

    async saved(order: Order): Promise<Order> {
      await orders.add(order, []);
      return order;
    },

    /** The order as stored now; throws if it is not stored. */
    async current(id: string): Promise<Order> {
      const order = await orders.byId(id);
      if (!order) throw new Error(`order ${id} is not stored`);
      return order;
    },
  };
}
