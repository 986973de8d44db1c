import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryOrders } from '../../src/adapters/memory/orders.js';
import { MemoryStock } from '../../src/adapters/memory/stock.js';
import { MemoryProducts } from '../../src/adapters/memory/products.js';
import { MemoryUsers } from '../../src/adapters/memory/users.js';
import { JoseTokens } from '../../src/adapters/security/jose-tokens.js';
import type { Actor } from '../../src/application/shared/actor.js';
import { EnsureAdmin } from '../../src/application/accounts/ensure-admin.js';
import { GetProfile } from '../../src/application/accounts/get-profile.js';
import { LogIn } from '../../src/application/accounts/log-in.js';
import { CreateOrder } from '../../src/application/orders/create-order.js';
import { GetOrder } from '../../src/application/orders/get-order.js';
import { ListOrders } from '../../src/application/orders/list-orders.js';
import { MAX_PAGE_SIZE, type Page } from '../../src/application/shared/pagination.js';
import { CompletePayment } from '../../src/application/payments/complete-payment.js';
import { ConfirmCheckout } from '../../src/application/payments/confirm-checkout.js';
import { ExpireAbandonedOrders } from '../../src/application/upkeep/expire-abandoned-orders.js';
import { ExpireCheckout } from '../../src/application/payments/expire-checkout.js';
import { FailPayment } from '../../src/application/payments/fail-payment.js';
import type { Orders } from '../../src/application/ports/index.js';
import { CreateProduct } from '../../src/application/catalogue/create-product.js';
import { GetProduct } from '../../src/application/catalogue/get-product.js';
import { ListProducts } from '../../src/application/catalogue/list-products.js';
import { RegisterUser } from '../../src/application/accounts/register-user.js';
import {
  EmailTaken,
  Forbidden,
  InvalidCredentials,
  InvalidInput,
  InvalidMoney,
  OrderNotFound,
  OrderNotPayable,
  PaymentAmountMismatch,
  PaymentProviderFailed,
  PaymentProviderUnavailable,
  ProductNotFound,
  ProductUnavailable,
  Unauthenticated,
} from '../../src/domain/errors.js';
import { money } from '../../src/domain/money.js';
import type { Order } from '../../src/domain/order.js';
import type { Product } from '../../src/domain/product.js';
import { MAX_EMAIL_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, type User } from '../../src/domain/user.js';
import {
  type FakeHasher,
  type FakePayments,
  type FixedClock,
  T0,
  aProduct,
  aUser,
  anOrder,
  fakeHasher,
  fakePayments,
  fixedClock,
  sequentialIds,
} from '../support/builders.js';

/** Counts the transitions that changed an order, to prove "exactly one state change". */
class CountingOrders extends MemoryOrders {
  changes = 0;
  override async transition(...args: Parameters<Orders['transition']>): Promise<Order | null> {
    const result = await super.transition(...args);
    if (result) this.changes += 1;
    return result;
  }
}

let clock: FixedClock;
let ids: ReturnType<typeof sequentialIds>;
let users: MemoryUsers;
let products: MemoryProducts;
let stock: MemoryStock;
let orders: CountingOrders;
let hasher: FakeHasher;
let payments: FakePayments;
let tokens: JoseTokens;

beforeEach(() => {
  clock = fixedClock(T0);
  ids = sequentialIds();
  users = new MemoryUsers();
  products = new MemoryProducts();
  stock = new MemoryStock(products);
  orders = new CountingOrders();
  hasher = fakeHasher();
  payments = fakePayments();
  tokens = new JoseTokens({
    secret: 'a-test-secret-that-is-at-least-32-bytes-long',
    expiresInSeconds: 3600,
    issuer: 'shop-test',
    audience: 'shop-test-api',
    now: () => clock.now(),
  });
});

const MINUTE = 60_000;
const actorOf = (user: User): Actor => ({ userId: user.id, role: user.role });

async function stored(user: User): Promise<User> {
  await users.add(user);
  return user;
}

async function inCatalogue(...list: Product[]): Promise<Product[]> {
  for (const p of list) await products.add(p);
  return list;
}

async function saved(order: Order): Promise<Order> {
  await orders.add(order);
  return order;
}

const current = async (id: string): Promise<Order> => {
  const order = await orders.byId(id);
  if (!order) throw new Error(`order ${id} is not stored`);
  return order;
};

// ------------------------------------------------------------------ accounts

describe('RegisterUser', () => {
  const register = () => new RegisterUser(users, hasher, tokens, ids, clock);
  const input = { name: ' Ada Lovelace ', email: '  Ada@Example.COM ', password: 'correct horse battery' };

  it('creates a customer with a normalised email and a hashed password', async () => {
    const session = await register().execute(input);

    const user = await users.byEmail('ada@example.com');
    expect(user).toEqual({
      id: ids.issued[0],
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      role: 'customer',
      passwordHash: await fakeHasher().hash('correct horse battery'),
      createdAt: T0,
    });
    expect(hasher.hashed).toEqual(['correct horse battery']);
    expect(session.user).toEqual({
      id: user?.id,
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      role: 'customer',
      createdAt: T0,
    });
    expect(session.user).not.toHaveProperty('passwordHash');
  });

  it('starts a session whose token names the new customer', async () => {
    const session = await register().execute(input);
    expect(session.expiresInSeconds).toBe(3600);
    expect(await tokens.verify(session.accessToken)).toEqual({ userId: session.user.id, role: 'customer' });
  });

  it('rejects an email that is already taken, whatever its case', async () => {
    await register().execute(input);
    await expect(register().execute({ ...input, email: 'ADA@example.com' })).rejects.toThrow(EmailTaken);
    await expect(register().execute({ ...input, email: ' ada@EXAMPLE.com' })).rejects.toThrow(EmailTaken);
  });

  it('rejects an invalid email', async () => {
    for (const email of ['', 'ada', 'ada@', '@example.com', 'ada @example.com', `${'a'.repeat(MAX_EMAIL_LENGTH + 1 - '@example.com'.length)}@example.com`]) {
      await expect(register().execute({ ...input, email }), email).rejects.toThrow(InvalidInput);
    }
    expect(hasher.hashed).toEqual([]);
  });

  it(`accepts passwords of ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters, counted in code points`, async () => {
    const emoji = '😀'; // two UTF-16 units, one code point
    await register().execute({ ...input, email: 'a@example.com', password: '1'.repeat(PASSWORD_MIN_LENGTH) });
    await register().execute({ ...input, email: 'b@example.com', password: emoji.repeat(PASSWORD_MAX_LENGTH) });
    await register().execute({ ...input, email: 'c@example.com', password: 'x'.repeat(PASSWORD_MAX_LENGTH) });
    expect(hasher.hashed).toHaveLength(3);
  });

  it(`rejects passwords shorter than ${PASSWORD_MIN_LENGTH} code points (NIST 800-63B-4 without MFA)`, async () => {
    await expect(register().execute({ ...input, password: '1'.repeat(PASSWORD_MIN_LENGTH - 1) })).rejects.toThrow(InvalidInput);
    await expect(register().execute({ ...input, password: '😀'.repeat(PASSWORD_MIN_LENGTH - 1) })).rejects.toThrow(InvalidInput);
    expect(await users.byEmail('ada@example.com')).toBeNull();
  });

  it('rejects a password that is too long without spending a hash on it', async () => {
    await expect(register().execute({ ...input, password: 'x'.repeat(PASSWORD_MAX_LENGTH + 1) })).rejects.toThrow(InvalidInput);
    await expect(register().execute({ ...input, password: '😀'.repeat(PASSWORD_MAX_LENGTH + 1) })).rejects.toThrow(InvalidInput);
    await expect(register().execute({ ...input, password: 'x'.repeat(1_000_000) })).rejects.toThrow(InvalidInput);
    expect(hasher.hashed).toEqual([]);
    expect(await users.byEmail('ada@example.com')).toBeNull();
  });
});

describe('LogIn', () => {
  const logIn = () => new LogIn(users, hasher, tokens);
  let ada: User;

  beforeEach(async () => {
    ada = await stored(aUser().withEmail('ada@example.com').withPassword('correct horse battery').build());
  });

  it('starts a session for the right email and password', async () => {
    const session = await logIn().execute({ email: 'ada@example.com', password: 'correct horse battery' });
    expect(session.user.id).toBe(ada.id);
    expect(await tokens.verify(session.accessToken)).toEqual({ userId: ada.id, role: 'customer' });
  });

  it('matches the email case-insensitively and ignores surrounding blanks', async () => {
    const session = await logIn().execute({ email: ' ADA@Example.com ', password: 'correct horse battery' });
    expect(session.user.id).toBe(ada.id);
  });

  it('rejects a wrong password with InvalidCredentials', async () => {
    await expect(logIn().execute({ email: 'ada@example.com', password: 'wrong password' })).rejects.toThrow(
      InvalidCredentials,
    );
  });

  it('rejects an unknown email with the same InvalidCredentials, after a dummy verify', async () => {
    const error = await logIn()
      .execute({ email: 'nobody@example.com', password: 'correct horse battery' })
      .catch((e: unknown) => e);
    const wrongPassword = await logIn()
      .execute({ email: 'ada@example.com', password: 'wrong password' })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InvalidCredentials);
    expect((error as Error).message).toBe((wrongPassword as Error).message);
    expect(hasher.verified[0]).toEqual({ hash: null, password: 'correct horse battery' });
    expect(hasher.verified).toHaveLength(2);
  });

  it('rejects an absurdly long password without verifying it', async () => {
    await expect(logIn().execute({ email: 'ada@example.com', password: 'x'.repeat(100_000) })).rejects.toThrow(
      InvalidCredentials,
    );
    expect(hasher.verified).toEqual([]);
  });
});

describe('GetProfile', () => {
  it('returns the public profile of an existing user', async () => {
    const ada = await stored(aUser().named('Ada').withEmail('ada@example.com').build());
    const profile = await new GetProfile(users).execute(ada.id);
    expect(profile).toEqual({ id: ada.id, name: 'Ada', email: 'ada@example.com', role: 'customer', createdAt: T0 });
  });

  it('treats a token for a user that no longer exists as unauthenticated', async () => {
    await expect(new GetProfile(users).execute('0000000000000000000000ff')).rejects.toThrow(Unauthenticated);
  });
});

describe('EnsureAdmin', () => {
  const ensureAdmin = () => new EnsureAdmin(users, hasher, ids, clock);
  const admin = { email: 'Admin@Example.com', password: 'admin password 1' };

  it('creates the admin, then leaves it unchanged, then updates it when the password changes', async () => {
    expect(await ensureAdmin().execute(admin)).toBe('created');
    const created = await users.byEmail('admin@example.com');
    expect(created).toMatchObject({ role: 'admin', name: 'Administrator', createdAt: T0 });

    expect(await ensureAdmin().execute(admin)).toBe('unchanged');
    expect(await users.byEmail('admin@example.com')).toEqual(created);
    expect(hasher.hashed).toHaveLength(1);

    expect(await ensureAdmin().execute({ ...admin, password: 'a new admin password' })).toBe('updated');
    const updated = await users.byEmail('admin@example.com');
    expect(updated?.id).toBe(created?.id);
    expect(await hasher.verify(updated?.passwordHash ?? null, 'a new admin password')).toBe(true);
    expect(await hasher.verify(updated?.passwordHash ?? null, admin.password)).toBe(false);

    expect(await ensureAdmin().execute({ ...admin, password: 'a new admin password' })).toBe('unchanged');
  });

  it('promotes an existing customer, keeping the account', async () => {
    const customer = await stored(aUser().withEmail('admin@example.com').withPassword(admin.password).build());
    expect(await ensureAdmin().execute(admin)).toBe('updated');
    expect(await users.byId(customer.id)).toEqual({ ...customer, role: 'admin' });
    expect(hasher.hashed).toEqual([]);
  });

  it('promotes a customer and resets a different password', async () => {
    const customer = await stored(aUser().withEmail('admin@example.com').withPassword('their own password').build());
    expect(await ensureAdmin().execute(admin)).toBe('updated');
    const promoted = await users.byId(customer.id);
    expect(promoted?.role).toBe('admin');
    expect(await hasher.verify(promoted?.passwordHash ?? null, admin.password)).toBe(true);
  });

  it('applies the password policy to the configured password', async () => {
    await expect(ensureAdmin().execute({ ...admin, password: 'short' })).rejects.toThrow(InvalidInput);
    expect(await users.byEmail('admin@example.com')).toBeNull();
  });
});

// ------------------------------------------------------------------ catalogue

describe('CreateProduct', () => {
  const createProduct = () => new CreateProduct(users, products, ids, clock);
  const admin: Actor = { userId: '0000000000000000000000aa', role: 'admin' };
  const customer: Actor = { userId: '0000000000000000000000cc', role: 'customer' };
  beforeEach(async () => {
    await stored(aUser().withId(admin.userId).withEmail('boss@example.com').admin().build());
    await stored(aUser().withId(customer.userId).withEmail('cus@example.com').build());
  });

  it('refuses an admin token whose account was demoted or deleted', async () => {
    const demoted: Actor = { userId: customer.userId, role: 'admin' };
    await expect(createProduct().execute(demoted, { ...input, unitAmount: 1 })).rejects.toThrow(Forbidden);
    const deleted: Actor = { userId: '0000000000000000000000dd', role: 'admin' };
    await expect(createProduct().execute(deleted, { ...input, unitAmount: 1 })).rejects.toThrow(Unauthenticated);
  });

  it('refuses a free product and a currency the shop does not accept', async () => {
    await expect(createProduct().execute(admin, { ...input, unitAmount: 0 })).rejects.toThrow(InvalidMoney);
    await expect(createProduct().execute(admin, { ...input, currency: 'kwd', unitAmount: 100 })).rejects.toThrow(InvalidMoney);
  });
  const input = { name: ' Mug ', description: ' A sturdy mug. ', category: ' kitchen ', currency: 'USD' };

  it('lets an admin add an active product priced in minor units', async () => {
    const product = await createProduct().execute(admin, { ...input, unitAmount: 1099 });
    expect(product).toEqual({
      id: ids.issued[0],
      name: 'Mug',
      description: 'A sturdy mug.',
      category: 'kitchen',
      price: { amount: 1099, currency: 'usd' },
      active: true,
      stock: null,
      imageUrl: null,
      createdAt: T0,
    });
    expect(await products.byId(product.id)).toEqual(product);
  });

  it('accepts a decimal price in major units', async () => {
    expect((await createProduct().execute(admin, { ...input, price: 10.99 })).price).toEqual(money(1099, 'usd'));
    expect((await createProduct().execute(admin, { ...input, price: '10.99' })).price).toEqual(money(1099, 'usd'));
    expect((await createProduct().execute(admin, { ...input, currency: 'jpy', price: 500 })).price).toEqual(
      money(500, 'jpy'),
    );
  });

  it('rejects a price that is not a whole number of cents', async () => {
    await expect(createProduct().execute(admin, { ...input, price: 10.999 })).rejects.toThrow(InvalidMoney);
    await expect(createProduct().execute(admin, { ...input, unitAmount: 10.99 })).rejects.toThrow(InvalidMoney);
    await expect(createProduct().execute(admin, { ...input, unitAmount: -1 })).rejects.toThrow(InvalidMoney);
  });

  it('rejects a product without any price', async () => {
    await expect(createProduct().execute(admin, input)).rejects.toThrow(InvalidMoney);
  });

  it('stores a blank category as none', async () => {
    const product = await createProduct().execute(admin, { ...input, category: '  ', unitAmount: 100 });
    expect(product.category).toBeNull();
  });

  it('forbids customers from adding products', async () => {
    await expect(createProduct().execute(customer, { ...input, unitAmount: 1099 })).rejects.toThrow(Forbidden);
    expect(await products.list({ limit: 10, activeOnly: false })).toEqual([]);
  });
});

describe('ListProducts', () => {
  const listProducts = () => new ListProducts(products);

  /** Walks every page, returning the pages' ids. `between` runs after each page. */
  async function walk(
    request: { limit: number; category?: string },
    between: (page: Page<Product>) => Promise<void> = async () => {},
  ): Promise<string[][]> {
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await listProducts().execute({ ...request, ...(cursor !== undefined && { cursor }) });
      pages.push(page.items.map((p) => p.id));
      cursor = page.nextCursor ?? undefined;
      await between(page);
    } while (cursor !== undefined && pages.length < 100);
    return pages;
  }

  /** `count` products, one minute apart; the result is newest first. */
  async function catalogue(count: number, customize = (b: ReturnType<typeof aProduct>, _i: number) => b) {
    const list: Product[] = [];
    for (let i = 0; i < count; i += 1) {
      list.push(customize(aProduct().withId(ids.next()).createdAt(new Date(T0.getTime() + i * MINUTE)), i).build());
    }
    await inCatalogue(...list);
    return list.reverse();
  }

  it('returns at most `limit` products, newest first, with a cursor to the next page', async () => {
    const all = await catalogue(25);
    const first = await listProducts().execute({ limit: 10 });
    expect(first.items.map((p) => p.id)).toEqual(all.slice(0, 10).map((p) => p.id));
    expect(first.nextCursor).toEqual(expect.any(String));
  });

  it('walks every product exactly once by following the cursors', async () => {
    const all = await catalogue(25);
    const pages = await walk({ limit: 10 });
    expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
    expect(pages.flat()).toEqual(all.map((p) => p.id));
  });

  it('gives no next cursor when the last page is exactly full', async () => {
    await catalogue(20);
    const pages = await walk({ limit: 10 });
    expect(pages.map((p) => p.length)).toEqual([10, 10]);
  });

  it('walks products created in the same millisecond without duplicates or gaps', async () => {
    const list = Array.from({ length: 7 }, () => aProduct().withId(ids.next()).createdAt(T0).build());
    await inCatalogue(...list);
    const pages = await walk({ limit: 3 });
    expect(pages.flat()).toEqual(list.map((p) => p.id).reverse());
  });

  it('neither repeats nor skips products when new ones are added between pages', async () => {
    const original = await catalogue(12);
    let added = 0;
    const pages = await walk({ limit: 5 }, async () => {
      // Newer than everything, and one that ties the newest timestamp already seen.
      await inCatalogue(
        aProduct().withId(ids.next()).createdAt(new Date(T0.getTime() + (100 + added) * MINUTE)).build(),
        aProduct().withId(ids.next()).createdAt(original[0]!.createdAt).build(),
      );
      added += 1;
    });
    const seen = pages.flat();
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(original.map((p) => p.id));
  });

  it('filters by category', async () => {
    const all = await catalogue(9, (b, i) => b.inCategory(i % 3 === 0 ? 'tea' : 'mugs'));
    const pages = await walk({ limit: 2, category: 'tea' });
    expect(pages.flat()).toEqual(all.filter((p) => p.category === 'tea').map((p) => p.id));
  });

  it('hides inactive products', async () => {
    const all = await catalogue(6, (b, i) => (i % 2 ? b.inactive() : b));
    const page = await listProducts().execute({ limit: 10 });
    expect(page.items.map((p) => p.id)).toEqual(all.filter((p) => p.active).map((p) => p.id));
    expect(page.items.every((p) => p.active)).toBe(true);
  });

  it('rejects a cursor it did not issue', async () => {
    await catalogue(3);
    const forged = [
      'garbage',
      '',
      Buffer.from('123.not-an-id').toString('base64url'),
      Buffer.from(`abc.${'0'.repeat(24)}`).toString('base64url'),
      Buffer.from(`123.${'0'.repeat(24)}.extra`).toString('base64url'),
    ];
    for (const cursor of forged) {
      await expect(listProducts().execute({ limit: 10, cursor }), cursor).rejects.toThrow(InvalidInput);
    }
  });

  it(`rejects a limit outside 1..${MAX_PAGE_SIZE}, and serves pages of 1 and of ${MAX_PAGE_SIZE}`, async () => {
    const all = (await catalogue(MAX_PAGE_SIZE + 1)).map((p) => p.id);
    for (const limit of [0, -1, MAX_PAGE_SIZE + 1, 1.5, Number.NaN]) {
      await expect(listProducts().execute({ limit }), String(limit)).rejects.toThrow(InvalidInput);
    }
    const one = await listProducts().execute({ limit: 1 });
    expect(one.items.map((p) => p.id)).toEqual(all.slice(0, 1));
    expect(one.nextCursor).toEqual(expect.any(String));
    const full = await listProducts().execute({ limit: MAX_PAGE_SIZE });
    expect(full.items.map((p) => p.id)).toEqual(all.slice(0, MAX_PAGE_SIZE));
    expect(full.nextCursor).toEqual(expect.any(String));
  });
});

describe('GetProduct', () => {
  it('returns an active product', async () => {
    const [mug] = await inCatalogue(aProduct().build());
    expect(await new GetProduct(products).execute(mug!.id)).toEqual(mug);
  });

  it('reports an inactive product as not found', async () => {
    const [retired] = await inCatalogue(aProduct().inactive().build());
    await expect(new GetProduct(products).execute(retired!.id)).rejects.toThrow(ProductNotFound);
  });

  it('reports a missing product as not found', async () => {
    await expect(new GetProduct(products).execute('0000000000000000000000ff')).rejects.toThrow(ProductNotFound);
  });
});

// ------------------------------------------------------------------ orders

describe('CreateOrder', () => {
  const createOrder = () => new CreateOrder(users, products, orders, payments, ids, clock, stock);
  let ada: User;
  let mug: Product;
  let tea: Product;

  beforeEach(async () => {
    ada = await stored(aUser().withEmail('ada@example.com').build());
    [mug, tea] = (await inCatalogue(
      aProduct().named('Mug').priced(1250, 'eur').build(),
      aProduct().named('Tea').priced(499, 'eur').build(),
    )) as [Product, Product];
  });

  it('saves the order as pending before asking the provider for a checkout', async () => {
    let storedAtCall: Order | null | undefined;
    payments.beforeStart(async ({ order }) => {
      storedAtCall = await orders.byId(order.id);
    });

    const { order } = await createOrder().execute(actorOf(ada), { items: [{ productId: mug.id, quantity: 1 }] });

    expect(storedAtCall).toMatchObject({ id: order.id, status: 'pending', checkout: null });
    expect(payments.started).toHaveLength(1);
  });

  it('attaches the checkout to the stored order and returns its URL', async () => {
    payments.beforeStart(() => clock.advance(1000));
    const created = await createOrder().execute(actorOf(ada), { items: [{ productId: mug.id, quantity: 2 }] });

    const checkout = { sessionId: `cs_fake_${created.order.id}`, url: `https://pay.example/cs_fake_${created.order.id}` };
    expect(created.checkoutUrl).toBe(checkout.url);
    expect(created.order).toMatchObject({ userId: ada.id, status: 'pending', checkout, createdAt: T0 });
    expect(await current(created.order.id)).toEqual(created.order);
    expect(payments.started[0]).toMatchObject({ customerEmail: 'ada@example.com', order: { id: created.order.id } });
  });

  it('prices the order from the catalogue, merging repeated products', async () => {
    const items = [
      { productId: mug.id, quantity: 2, unitAmount: 1 },
      { productId: tea.id, quantity: 1, price: 0 },
      { productId: mug.id, quantity: 1 },
    ];
    const { order } = await createOrder().execute(actorOf(ada), { items });
    expect(order.items).toEqual([
      { productId: mug.id, name: 'Mug', unitAmount: 1250, quantity: 3 },
      { productId: tea.id, name: 'Tea', unitAmount: 499, quantity: 1 },
    ]);
    expect(order.total).toEqual(money(3 * 1250 + 499, 'eur'));
    expect(payments.started[0]?.order.total).toEqual(order.total);
  });

  it.each([
    ['unavailable', () => new PaymentProviderUnavailable('timed out')],
    ['failing', () => new PaymentProviderFailed('bad request')],
  ])('marks the order failed and rethrows when the provider is %s', async (_name, error) => {
    const thrown = error();
    payments.failWith(thrown);

    const result = await createOrder()
      .execute(actorOf(ada), { items: [{ productId: mug.id, quantity: 1 }] })
      .catch((e: unknown) => e);

    expect(result).toBe(thrown);
    const [id] = ids.issued;
    const order = await current(id!);
    expect(order.status).toBe('failed');
    expect(order.checkout).toBeNull();
    expect(order.paymentIssue).toEqual(expect.any(String));
  });

  it('rejects an order for an unknown product without storing anything or calling the provider', async () => {
    const items = [
      { productId: mug.id, quantity: 1 },
      { productId: '0000000000000000000000ff', quantity: 1 },
    ];
    await expect(createOrder().execute(actorOf(ada), { items })).rejects.toThrow(ProductUnavailable);
    expect(await orders.listByUser(ada.id, { limit: 10 })).toEqual([]);
    expect(payments.started).toEqual([]);
  });

  it('rejects an order for an inactive product', async () => {
    const [retired] = await inCatalogue(aProduct().inactive().build());
    await expect(
      createOrder().execute(actorOf(ada), { items: [{ productId: retired!.id, quantity: 1 }] }),
    ).rejects.toThrow(ProductUnavailable);
    expect(payments.started).toEqual([]);
  });

  it('rejects an order from a user that no longer exists', async () => {
    const ghost: Actor = { userId: '0000000000000000000000ff', role: 'customer' };
    await expect(createOrder().execute(ghost, { items: [{ productId: mug.id, quantity: 1 }] })).rejects.toThrow(
      Unauthenticated,
    );
  });
});

describe('GetOrder and ListOrders', () => {
  let ada: User;
  let bob: User;

  beforeEach(async () => {
    ada = await stored(aUser().withEmail('ada@example.com').build());
    bob = await stored(aUser().withEmail('bob@example.com').build());
  });

  it('returns the caller’s own order', async () => {
    const order = await saved(anOrder().forUser(ada.id).build());
    expect(await new GetOrder(orders).execute(actorOf(ada), order.id)).toEqual(order);
  });

  it('reports another user’s order exactly like a missing one', async () => {
    const order = await saved(anOrder().forUser(ada.id).build());
    await expect(new GetOrder(orders).execute(actorOf(bob), order.id)).rejects.toThrow(OrderNotFound);
    await expect(new GetOrder(orders).execute(actorOf(bob), '0000000000000000000000ff')).rejects.toThrow(
      OrderNotFound,
    );
  });

  it('lists only the caller’s own orders, newest first, page by page', async () => {
    const mine: Order[] = [];
    for (let i = 0; i < 5; i += 1) {
      const at = new Date(T0.getTime() + i * MINUTE);
      mine.push(await saved(anOrder().withId(ids.next()).forUser(ada.id).createdAt(at).build()));
      await saved(anOrder().withId(ids.next()).forUser(bob.id).createdAt(at).build());
    }
    const listOrders = new ListOrders(orders);

    const first = await listOrders.execute(actorOf(ada), { limit: 3 });
    const second = await listOrders.execute(actorOf(ada), { limit: 3, cursor: first.nextCursor! });

    expect([...first.items, ...second.items].map((o) => o.id)).toEqual(mine.map((o) => o.id).reverse());
    expect(second.nextCursor).toBeNull();
    expect([...first.items, ...second.items].every((o) => o.userId === ada.id)).toBe(true);
  });
});

// ------------------------------------------------------------------ payments

describe('payment outcomes', () => {
  const SESSION = 'cs_test_outcomes';
  let pending: Order;
  const paidInFull = () => money(pending.total.amount, pending.total.currency);

  beforeEach(async () => {
    pending = await saved(anOrder().withCheckout(SESSION).build());
    clock.advance(MINUTE);
  });

  describe('CompletePayment', () => {
    const completePayment = () => new CompletePayment(orders, clock);

    it('completes a pending order paid in full', async () => {
      const order = await completePayment().execute({ orderId: pending.id, sessionId: SESSION, paid: paidInFull() });
      expect(order).toMatchObject({ status: 'completed', completedAt: clock.now() });
      expect(await current(pending.id)).toEqual(order);
    });

    it('finds the order by its checkout session when the report has no order id', async () => {
      const order = await completePayment().execute({ orderId: null, sessionId: SESSION, paid: paidInFull() });
      expect(order.id).toBe(pending.id);
      expect(order.status).toBe('completed');
    });

    it('is idempotent: a repeated report changes nothing', async () => {
      const first = await completePayment().execute({ orderId: pending.id, sessionId: SESSION, paid: paidInFull() });
      clock.advance(MINUTE);
      const again = await completePayment().execute({ orderId: pending.id, sessionId: SESSION, paid: paidInFull() });
      expect(again).toEqual(first);
      expect(orders.changes).toBe(1);
    });

    it('leaves the order pending, records the issue and throws on an amount mismatch', async () => {
      const short = money(pending.total.amount - 1, pending.total.currency);
      await expect(
        completePayment().execute({ orderId: pending.id, sessionId: SESSION, paid: short }),
      ).rejects.toThrow(PaymentAmountMismatch);

      const order = await current(pending.id);
      expect(order.status).toBe('pending');
      expect(order.paymentIssue).toMatch(/does not match/);
      expect(order.updatedAt).toEqual(clock.now());
    });

    it('records the issue and throws when an ended order is paid', async () => {
      const expired = await saved(anOrder().expired().withCheckout('cs_expired').build());
      await expect(
        completePayment().execute({ orderId: expired.id, sessionId: 'cs_expired', paid: expired.total }),
      ).rejects.toThrow(OrderNotPayable);
      expect(await current(expired.id)).toMatchObject({ status: 'expired', paymentIssue: expect.any(String) });
    });

    it('reports an unknown order as not found', async () => {
      await expect(
        completePayment().execute({ orderId: '0000000000000000000000ff', sessionId: 'cs_unknown', paid: paidInFull() }),
      ).rejects.toThrow(OrderNotFound);
    });

    it('completes the order exactly once under 20 concurrent reports', async () => {
      // Every reading of the clock is a different instant, so a second completion would show.
      const ticking = { now: () => (clock.advance(1), clock.now()) };
      const complete = new CompletePayment(orders, ticking);

      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          complete.execute({ orderId: i % 2 ? pending.id : null, sessionId: SESSION, paid: paidInFull() }),
        ),
      );

      const completedAt = new Set(results.map((o) => o.completedAt?.getTime()));
      expect(completedAt.size).toBe(1);
      expect(results.every((o) => o.status === 'completed')).toBe(true);
      expect((await current(pending.id)).completedAt?.getTime()).toBe([...completedAt][0]);
      expect(orders.changes).toBe(1);
    });
  });

  describe('FailPayment and ExpireCheckout', () => {
    it('fail a pending order', async () => {
      const order = await new FailPayment(orders, clock, stock).execute({ orderId: pending.id, sessionId: SESSION });
      expect(order).toMatchObject({ status: 'failed', updatedAt: clock.now() });
      expect((await current(pending.id)).status).toBe('failed');
    });

    it('expire a pending order, found by session', async () => {
      const order = await new ExpireCheckout(orders, clock, stock).execute({ orderId: null, sessionId: SESSION });
      expect(order.status).toBe('expired');
      expect((await current(pending.id)).status).toBe('expired');
    });

    it('never move a completed order', async () => {
      const completed = await new CompletePayment(orders, clock).execute({
        orderId: pending.id,
        sessionId: SESSION,
        paid: paidInFull(),
      });
      clock.advance(MINUTE);

      expect(await new FailPayment(orders, clock, stock).execute({ orderId: pending.id, sessionId: SESSION })).toEqual(
        completed,
      );
      expect(await new ExpireCheckout(orders, clock, stock).execute({ orderId: null, sessionId: SESSION })).toEqual(
        completed,
      );
      expect(await current(pending.id)).toEqual(completed);
      expect(orders.changes).toBe(1);
    });

    it('do not turn a failed order into an expired one', async () => {
      await new FailPayment(orders, clock, stock).execute({ orderId: pending.id, sessionId: SESSION });
      const order = await new ExpireCheckout(orders, clock, stock).execute({ orderId: pending.id, sessionId: SESSION });
      expect(order.status).toBe('failed');
    });

    it('report an unknown order as not found', async () => {
      await expect(new FailPayment(orders, clock, stock).execute({ orderId: null, sessionId: 'cs_nope' })).rejects.toThrow(
        OrderNotFound,
      );
    });
  });

  describe('ConfirmCheckout', () => {
    const confirm = () =>
      new ConfirmCheckout(orders, payments, new CompletePayment(orders, clock), new ExpireCheckout(orders, clock, stock));

    it('completes the order when the provider reports it paid', async () => {
      payments.report({ sessionId: SESSION, orderId: pending.id, outcome: 'paid', amount: paidInFull() });
      const order = await confirm().execute(SESSION);
      expect(order).toMatchObject({ id: pending.id, status: 'completed', completedAt: clock.now() });
      expect(payments.retrieved).toEqual([SESSION]);
    });

    it('expires the order when the provider reports the session expired', async () => {
      payments.report({ sessionId: SESSION, orderId: pending.id, outcome: 'expired', amount: null });
      expect((await confirm().execute(SESSION)).status).toBe('expired');
    });

    it('just returns the order when the provider has nothing to report', async () => {
      const order = await confirm().execute(SESSION);
      expect(order).toEqual(pending);
      expect(orders.changes).toBe(0);
    });

    it('leaves the order pending while the provider reports it unpaid', async () => {
      payments.report({ sessionId: SESSION, orderId: pending.id, outcome: 'unpaid', amount: null });
      expect((await confirm().execute(SESSION)).status).toBe('pending');
    });

    it('does not complete a paid report without an amount', async () => {
      payments.report({ sessionId: SESSION, orderId: pending.id, outcome: 'paid', amount: null });
      expect((await confirm().execute(SESSION)).status).toBe('pending');
    });

    it('returns the order, still pending and flagged, when the paid amount does not match', async () => {
      payments.report({ sessionId: SESSION, orderId: pending.id, outcome: 'paid', amount: money(1, 'eur') });
      const order = await confirm().execute(SESSION);
      expect(order).toMatchObject({ status: 'pending', paymentIssue: expect.stringMatching(/does not match/) });
    });

    it('reports an unknown session as not found', async () => {
      await expect(confirm().execute('cs_unknown')).rejects.toThrow(OrderNotFound);
    });
  });
});

describe('ExpireAbandonedOrders', () => {
  it('expires only pending orders without a checkout created before the cutoff', async () => {
    const old = new Date(T0.getTime() - 2 * 60 * MINUTE);
    const recent = new Date(T0.getTime() - 5 * MINUTE);
    const abandoned = await saved(anOrder().createdAt(old).build());
    const abandonedToo = await saved(anOrder().createdAt(old).build());
    const withCheckout = await saved(anOrder().createdAt(old).withCheckout().build());
    const young = await saved(anOrder().createdAt(recent).build());
    const paid = await saved(anOrder().createdAt(old).paid(old).build());
    const failed = await saved(anOrder().createdAt(old).failed().build());

    const expired = await new ExpireAbandonedOrders(orders, clock, stock).execute(60 * MINUTE);

    expect(expired).toBe(2);
    expect(await current(abandoned.id)).toMatchObject({ status: 'expired', updatedAt: T0 });
    expect((await current(abandonedToo.id)).status).toBe('expired');
    expect(await current(withCheckout.id)).toEqual(withCheckout);
    expect(await current(young.id)).toEqual(young);
    expect(await current(paid.id)).toEqual(paid);
    expect(await current(failed.id)).toEqual(failed);
  });

  it('expires nothing when nothing is abandoned', async () => {
    await saved(anOrder().createdAt(T0).build());
    expect(await new ExpireAbandonedOrders(orders, clock, stock).execute(MINUTE)).toBe(0);
  });
});
