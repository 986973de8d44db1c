import type {
  CheckoutReport,
  CheckoutRequest,
  Clock,
  Ids,
  PasswordHasher,
  PaymentGateway,
  RefundReport,
} from '../../src/application/ports/index.js';
import type { Money } from '../../src/domain/money.js';
import { type Fulfillment, NOT_REQUIRED, initialFulfillment } from '../../src/domain/fulfillment.js';
import type { Checkout, Order, OrderItem, OrderStatus, Refund } from '../../src/domain/order.js';
import type { OrderShipping } from '../../src/domain/shipping.js';
import type { Product } from '../../src/domain/product.js';
import type { ShippingAddress, ShippingOption } from '../../src/domain/shipping.js';
import type { Role, User } from '../../src/domain/user.js';

export const T0 = new Date('2026-01-10T12:00:00.000Z');

// ---------------------------------------------------------------- clock and ids

export type FixedClock = Clock & {
  /** Moves the clock forward (or back, with a negative value). */
  advance(ms: number): void;
  set(at: Date): void;
};

/** A clock that only moves when told to. Each `now()` returns a fresh Date. */
export function fixedClock(start: Date = T0): FixedClock {
  let at = start.getTime();
  return {
    now: () => new Date(at),
    advance: (ms) => {
      at += ms;
    },
    set: (date) => {
      at = date.getTime();
    },
  };
}

/** 24 lowercase hex characters (the Ids port's shape), strictly increasing from `start`. */
export function sequentialIds(start = 1): Ids & { readonly issued: string[] } {
  let n = start;
  const issued: string[] = [];
  return {
    issued,
    next() {
      const id = (n++).toString(16).padStart(24, '0');
      issued.push(id);
      return id;
    },
  };
}

// Builders draw their default ids from a range far away from the use cases' `sequentialIds()`.
const builderIds = sequentialIds(0xb0_0000_0000);

// ---------------------------------------------------------------- builders

class UserBuilder {
  private user: User = {
    id: builderIds.next(),
    email: 'ada@example.com',
    name: 'Ada Lovelace',
    role: 'customer',
    passwordHash: fakeHash('correct horse battery'),
    createdAt: T0,
  };

  withId(id: string): this {
    return this.with({ id });
  }
  withEmail(email: string): this {
    return this.with({ email });
  }
  named(name: string): this {
    return this.with({ name });
  }
  withRole(role: Role): this {
    return this.with({ role });
  }
  admin(): this {
    return this.withRole('admin');
  }
  /** Stores the hash `fakeHasher()` would make for this password. */
  withPassword(password: string): this {
    return this.with({ passwordHash: fakeHash(password) });
  }
  withPasswordHash(passwordHash: string): this {
    return this.with({ passwordHash });
  }
  createdAt(createdAt: Date): this {
    return this.with({ createdAt });
  }
  build(): User {
    return { ...this.user };
  }
  private with(changes: Partial<User>): this {
    this.user = { ...this.user, ...changes };
    return this;
  }
}

export const aUser = () => new UserBuilder();

class ProductBuilder {
  private product: Product = {
    id: builderIds.next(),
    name: 'Mug',
    description: 'A sturdy mug.',
    category: null,
    price: { amount: 1250, currency: 'eur' },
    active: true,
    stock: null,
    imageUrl: null,
    shippable: true,
    createdAt: T0,
  };

  withId(id: string): this {
    return this.with({ id });
  }
  named(name: string): this {
    return this.with({ name });
  }
  inCategory(category: string | null): this {
    return this.with({ category });
  }
  /** Minor units: `priced(1099, 'usd')` is 10.99 USD. */
  priced(amount: number, currency = 'eur'): this {
    return this.with({ price: { amount, currency } });
  }
  inactive(): this {
    return this.with({ active: false });
  }
  createdAt(createdAt: Date): this {
    return this.with({ createdAt });
  }
  build(): Product {
    return { ...this.product, price: { ...this.product.price } };
  }
  private with(changes: Partial<Product>): this {
    this.product = { ...this.product, ...changes };
    return this;
  }
}

export const aProduct = () => new ProductBuilder();

class ShippingOptionBuilder {
  private option: ShippingOption = {
    id: builderIds.next(),
    name: 'Standard',
    price: { amount: 495, currency: 'eur' },
    countries: ['DE', 'FR', 'NL'],
    freeOverAmount: null,
    minDays: 2,
    maxDays: 4,
    active: true,
    createdAt: T0,
  };

  withId(id: string): this {
    return this.with({ id });
  }
  named(name: string): this {
    return this.with({ name });
  }
  /** Minor units: `priced(495, 'eur')` is 4.95 EUR. */
  priced(amount: number, currency = 'eur'): this {
    return this.with({ price: { amount, currency } });
  }
  to(...countries: string[]): this {
    return this.with({ countries: [...countries].sort() });
  }
  freeOver(amount: number): this {
    return this.with({ freeOverAmount: amount });
  }
  archived(): this {
    return this.with({ active: false });
  }
  createdAt(createdAt: Date): this {
    return this.with({ createdAt });
  }
  build(): ShippingOption {
    return { ...this.option, price: { ...this.option.price }, countries: [...this.option.countries] };
  }
  private with(changes: Partial<ShippingOption>): this {
    this.option = { ...this.option, ...changes };
    return this;
  }
}

export const aShippingOption = () => new ShippingOptionBuilder();

/** A shipping address in `country`; personal data in real life, a fixture here. */
export const anAddress = (country = 'DE', changes: Partial<ShippingAddress> = {}): ShippingAddress => ({
  name: 'Ada Lovelace', line1: 'Hauptstraße 1', line2: null, city: 'Berlin', postalCode: '10115', state: null, country, phone: null, ...changes,
});

class OrderBuilder {
  private id = builderIds.next();
  private userId = 'a'.repeat(24);
  private items: OrderItem[] = [{ productId: 'c'.repeat(24), name: 'Mug', unitAmount: 1250, quantity: 2 }];
  private currency = 'eur';
  private status: OrderStatus = 'pending';
  private checkout: Checkout | null = null;
  private paymentIssue: string | null = null;
  private paymentId: string | null = null;
  private refund: Refund | null = null;
  private created = T0;
  private completedAt: Date | null = null;
  private shipping: OrderShipping | null = null;
  private fulfillment: Fulfillment = NOT_REQUIRED;

  withId(id: string): this {
    this.id = id;
    return this;
  }
  forUser(userId: string): this {
    this.userId = userId;
    return this;
  }
  /** Replaces the items; the total is always their sum. */
  withItems(items: readonly OrderItem[], currency = this.currency): this {
    this.items = [...items];
    this.currency = currency;
    return this;
  }
  /** One line of `quantity` × `product`, at the product's current price. */
  of(product: Product, quantity = 1): this {
    return this.withItems(
      [{ productId: product.id, name: product.name, unitAmount: product.price.amount, quantity }],
      product.price.currency,
    );
  }
  withCheckout(sessionId = `cs_test_${this.id}`, url = `https://checkout.example/${sessionId}`): this {
    this.checkout = { sessionId, url };
    return this;
  }
  createdAt(createdAt: Date): this {
    this.created = createdAt;
    return this;
  }
  withPaymentIssue(issue: string): this {
    this.paymentIssue = issue;
    return this;
  }
  paid(at: Date = this.created, paymentId: string | null = `pi_test_${this.id}`): this {
    this.status = 'completed';
    this.completedAt = at;
    this.paymentId = paymentId;
    return this;
  }
  /** Paid, then refunded. */
  refunded(refundId = `re_test_${this.id}`, restock = false): this {
    this.paid();
    this.status = 'refunded';
    this.refund = { id: refundId, status: 'succeeded', restock };
    return this;
  }
  /** A shipping step offering one option (4.95 EUR, to DE and FR) and, when given, the address it was paid with: `unfulfilled`. */
  toBeShipped(address: OrderShipping['address'] = null): this {
    const rate = { optionId: 'e'.repeat(24), name: 'Standard', amount: 495, countries: ['DE', 'FR'], minDays: 2, maxDays: 4 };
    this.shipping = { offered: [rate], countries: ['DE', 'FR'], chosen: rate, address };
    this.fulfillment = initialFulfillment(true);
    return this;
  }
  withFulfillment(changes: Partial<Fulfillment>): this {
    this.fulfillment = { ...this.fulfillment, ...changes };
    return this;
  }
  withRefund(refund: Refund): this {
    this.refund = refund;
    return this;
  }
  cancelled(): this {
    this.status = 'cancelled';
    return this;
  }
  failed(): this {
    this.status = 'failed';
    return this;
  }
  expired(): this {
    this.status = 'expired';
    return this;
  }
  build(): Order {
    const total: Money = {
      amount: this.items.reduce((sum, i) => sum + i.unitAmount * i.quantity, 0),
      currency: this.currency,
    };
    return {
      id: this.id,
      userId: this.userId,
      items: this.items.map((i) => ({ ...i })),
      total,
      breakdown: { subtotal: total.amount, shipping: 0, discount: 0, tax: 0 },
      shipping: this.shipping,
      status: this.status,
      fulfillment: this.fulfillment,
      checkout: this.checkout,
      paymentId: this.paymentId,
      refund: this.refund,
      paymentIssue: this.paymentIssue,
      createdAt: this.created,
      updatedAt: this.completedAt ?? this.created,
      completedAt: this.completedAt,
    };
  }
}

export const anOrder = () => new OrderBuilder();

// ---------------------------------------------------------------- fakes

const FAKE_PREFIX = 'fake-hash:';
const fakeHash = (password: string) => FAKE_PREFIX + [...password].reverse().join('');

export type FakeHasher = PasswordHasher & {
  readonly hashed: string[];
  readonly verified: { hash: string | null; password: string }[];
};

/** Reversible and instant, for use-case tests; records every call. The real one is Argon2Hasher. */
export function fakeHasher(): FakeHasher {
  const hashed: string[] = [];
  const verified: { hash: string | null; password: string }[] = [];
  return {
    hashed,
    verified,
    async hash(password) {
      hashed.push(password);
      return fakeHash(password);
    },
    async verify(hash, password) {
      verified.push({ hash, password });
      return hash !== null && hash === fakeHash(password);
    },
  };
}

/** What a gateway double says of itself: a provider whose customers pay on its pages, like Stripe. */
export const hostedCheckout = {
  description: 'a test double of a payment provider',
  movesMoney: true,
  servesCheckoutPages: false,
  reconcilable: true,
} satisfies Pick<PaymentGateway, 'description' | 'movesMoney' | 'servesCheckoutPages' | 'reconcilable'>;

/** For gateway doubles in tests that never cancel a checkout or refund a payment. */
export const noCancelOrRefund = {
  cancelCheckout: () => Promise.reject(new Error('cancelCheckout is not part of this test')),
  refund: () => Promise.reject(new Error('refund is not part of this test')),
} satisfies Pick<PaymentGateway, 'cancelCheckout' | 'refund'>;

export type FakePayments = PaymentGateway & {
  readonly started: CheckoutRequest[];
  readonly retrieved: string[];
  readonly cancelled: string[];
  readonly refunded: Order[];
  /** What the following `cancelCheckout` calls report (default: `expired`); an Error makes them throw it. */
  onCancel(outcome: Omit<CheckoutReport, 'sessionId'> | Error): FakePayments;
  /**
   * What the following `refund` calls report (default: `succeeded`, refund id `re_fake_<orderId>`,
   * then `…_2`, `…_3` for later refunds of the same order); an Error makes them throw it.
   */
  onRefund(outcome: (Omit<RefundReport, 'refundId'> & { refundId?: string }) | Error): FakePayments;
  /** Makes every following `startCheckout` throw this error (until `failWith(null)`). */
  failWith(error: Error | null): FakePayments;
  /** Runs before each `startCheckout` does anything else; a throw inside it fails the call. */
  beforeStart(hook: (request: CheckoutRequest) => void | Promise<void>): FakePayments;
  /** What `retrieveCheckout(sessionId)` answers; unknown sessions answer `null`. */
  report(report: CheckoutReport): FakePayments;
};

/** A PaymentGateway that records calls. Idempotent per order, like the real ones. */
export function fakePayments(): FakePayments {
  const started: CheckoutRequest[] = [];
  const retrieved: string[] = [];
  const cancelled: string[] = [];
  const refunded: Order[] = [];
  let cancelOutcome: Omit<CheckoutReport, 'sessionId'> | Error = { orderId: null, outcome: 'expired', amount: null };
  let refundOutcome: (Omit<RefundReport, 'refundId'> & { refundId?: string }) | Error = { outcome: 'succeeded', failureReason: null };
  const sessions = new Map<string, Checkout>();
  const reports = new Map<string, CheckoutReport>();
  let failure: Error | null = null;
  let hook: ((request: CheckoutRequest) => void | Promise<void>) | null = null;

  const fake: FakePayments = {
    name: 'fake',
    ...hostedCheckout,
    started,
    retrieved,
    cancelled,
    refunded,
    async cancelCheckout(sessionId) {
      cancelled.push(sessionId);
      if (cancelOutcome instanceof Error) throw cancelOutcome;
      return { sessionId, ...cancelOutcome };
    },
    async refund(order) {
      refunded.push(order);
      if (refundOutcome instanceof Error) throw refundOutcome;
      const nth = refunded.filter((o) => o.id === order.id).length;
      return { refundId: nth === 1 ? `re_fake_${order.id}` : `re_fake_${order.id}_${nth}`, ...refundOutcome };
    },
    onCancel(outcome) {
      cancelOutcome = outcome;
      return fake;
    },
    onRefund(outcome) {
      refundOutcome = outcome;
      return fake;
    },
    async startCheckout(request) {
      started.push(request);
      await hook?.(request);
      if (failure) throw failure;
      const existing = sessions.get(request.order.id);
      if (existing) return existing;
      const sessionId = `cs_fake_${request.order.id}`;
      const checkout = { sessionId, url: `https://pay.example/${sessionId}` };
      sessions.set(request.order.id, checkout);
      return checkout;
    },
    async retrieveCheckout(sessionId) {
      retrieved.push(sessionId);
      return reports.get(sessionId) ?? null;
    },
    failWith(error) {
      failure = error;
      return fake;
    },
    beforeStart(next) {
      hook = next;
      return fake;
    },
    report(report) {
      reports.set(report.sessionId, report);
      return fake;
    },
  };
  return fake;
}
