import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryOrders } from '../../src/adapters/memory/orders.js';
import { MemoryProducts } from '../../src/adapters/memory/products.js';
import { MemoryStock } from '../../src/adapters/memory/stock.js';
import { MemoryUsers } from '../../src/adapters/memory/users.js';
import type { Actor } from '../../src/application/shared/actor.js';
import { ArchiveProduct } from '../../src/application/catalogue/archive-product.js';
import { CreateOrder } from '../../src/application/orders/create-order.js';
import { ExpireCheckout } from '../../src/application/payments/expire-checkout.js';
import { FailPayment } from '../../src/application/payments/fail-payment.js';
import { ListProductsForAdmin } from '../../src/application/catalogue/list-products-for-admin.js';
import { UpdateProduct } from '../../src/application/catalogue/update-product.js';
import { Forbidden, InvalidInput, OutOfStock, PaymentProviderFailed, ProductNotFound, StorageUnavailable } from '../../src/domain/errors.js';
import type { Product } from '../../src/domain/product.js';
import type { User } from '../../src/domain/user.js';
import { type FakePayments, type FixedClock, T0, aProduct, aUser, fakePayments, fixedClock, sequentialIds } from '../support/builders.js';

let clock: FixedClock;
let users: MemoryUsers;
let products: MemoryProducts;
let stock: MemoryStock;
let orders: MemoryOrders;
let payments: FakePayments;
let customer: User;
let admin: User;
const actor = (u: User): Actor => ({ userId: u.id, role: u.role });

beforeEach(async () => {
  clock = fixedClock(T0);
  users = new MemoryUsers();
  products = new MemoryProducts();
  stock = new MemoryStock(products);
  orders = new MemoryOrders();
  payments = fakePayments();
  customer = aUser().build();
  admin = aUser().withEmail('admin@example.com').admin().build();
  await users.add(customer);
  await users.add(admin);
});

async function withStock(count: number | null): Promise<Product> {
  const product = { ...aProduct().build(), stock: count };
  await products.add(product);
  return product;
}
const stockOf = async (p: Product) => (await products.byId(p.id))?.stock;
const createOrder = () => new CreateOrder(users, products, orders, payments, sequentialIds(), clock, stock);

describe('CreateOrder and stock', () => {
  it('asks the stock for nothing when every product was read as untracked, and only for the tracked lines otherwise', async () => {
    const free = await withStock(null);
    const mug = await withStock(5);
    const asked: { orderId: string; lines: unknown[] }[] = [];
    const reserve = stock.reserve.bind(stock);
    stock.reserve = async (orderId, lines, at) => { asked.push({ orderId, lines: [...lines] }); return reserve(orderId, lines, at); };
    await createOrder().execute(actor(customer), { items: [{ productId: free.id, quantity: 3 }] });
    expect(asked).toEqual([]);
    const { order } = await createOrder().execute(actor(customer), { items: [{ productId: free.id, quantity: 1 }, { productId: mug.id, quantity: 2 }] });
    expect(asked).toEqual([{ orderId: order.id, lines: [expect.objectContaining({ productId: mug.id, quantity: 2 })] }]);
    expect(await stockOf(mug)).toBe(3);
    expect(await stockOf(free)).toBeNull();
  });

  it('reserves before saving; refuses a short line with OutOfStock and saves no order', async () => {
    const mug = await withStock(2);
    await createOrder().execute(actor(customer), { items: [{ productId: mug.id, quantity: 2 }] });
    expect(await stockOf(mug)).toBe(0);
    await expect(createOrder().execute(actor(customer), { items: [{ productId: mug.id, quantity: 1 }] })).rejects.toBeInstanceOf(OutOfStock);
    expect(await orders.listByUser(customer.id, { limit: 10 })).toHaveLength(1);
    expect(payments.started).toHaveLength(1);
  });

  it('gives the reservation back when the order cannot be saved', async () => {
    const mug = await withStock(2);
    orders.add = () => Promise.reject(new StorageUnavailable('down'));
    await expect(createOrder().execute(actor(customer), { items: [{ productId: mug.id, quantity: 2 }] })).rejects.toBeInstanceOf(StorageUnavailable);
    expect(await stockOf(mug)).toBe(2);
  });

  it('gives the reservation back when the checkout cannot start', async () => {
    const mug = await withStock(2);
    payments.failWith(new PaymentProviderFailed('no'));
    await expect(createOrder().execute(actor(customer), { items: [{ productId: mug.id, quantity: 1 }] })).rejects.toBeInstanceOf(PaymentProviderFailed);
    expect(await stockOf(mug)).toBe(2);
    const [order] = await orders.listByUser(customer.id, { limit: 1 });
    expect(order?.status).toBe('failed');
    expect(await stock.release(order!.id, T0)).toBe(false);
  });
});

describe('orders that end give their stock back exactly once', () => {
  it('20 concurrent expiries and failures of one order release it once', async () => {
    const mug = await withStock(3);
    const { order } = await createOrder().execute(actor(customer), { items: [{ productId: mug.id, quantity: 3 }] });
    const ref = { orderId: order.id, sessionId: order.checkout!.sessionId };
    const expire = new ExpireCheckout(orders, clock, stock);
    const fail = new FailPayment(orders, clock, stock);
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? expire : fail).execute(ref)));
    expect(await stockOf(mug)).toBe(3);
  });
});

describe('UpdateProduct, ArchiveProduct, ListProductsForAdmin', () => {
  it('are for admins only, checked against the stored account', async () => {
    const mug = await withStock(null);
    const asCustomer = actor(customer);
    const claimsAdmin = { ...asCustomer, role: 'admin' as const };
    await expect(new UpdateProduct(users, products, clock).execute(claimsAdmin, mug.id, { name: 'x' })).rejects.toBeInstanceOf(Forbidden);
    await expect(new ArchiveProduct(users, products).execute(asCustomer, mug.id)).rejects.toBeInstanceOf(Forbidden);
    await expect(new ListProductsForAdmin(users, products).execute(asCustomer, { limit: 10, status: 'all' })).rejects.toBeInstanceOf(Forbidden);
  });

  it('UpdateProduct validates like creation and reports a missing product', async () => {
    const mug = await withStock(null);
    const update = new UpdateProduct(users, products, clock);
    await expect(update.execute(actor(admin), mug.id, {})).rejects.toBeInstanceOf(InvalidInput);
    await expect(update.execute(actor(admin), mug.id, { stock: -1 })).rejects.toBeInstanceOf(InvalidInput);
    await expect(update.execute(actor(admin), mug.id, { imageUrl: 'http://x.example/a.png' })).rejects.toBeInstanceOf(InvalidInput);
    await expect(update.execute(actor(admin), '65f00000000000000000ffff', { name: 'x' })).rejects.toBeInstanceOf(ProductNotFound);
    expect(await update.execute(actor(admin), mug.id, { stock: 5, name: ' Big mug ' })).toMatchObject({ stock: 5, name: 'Big mug' });
  });

  it('ArchiveProduct is idempotent and ListProductsForAdmin finds the archived', async () => {
    const mug = await withStock(4);
    const archive = new ArchiveProduct(users, products);
    await archive.execute(actor(admin), mug.id);
    await archive.execute(actor(admin), mug.id);
    const list = new ListProductsForAdmin(users, products);
    expect((await list.execute(actor(admin), { limit: 10, status: 'archived' })).items).toEqual([{ ...mug, active: false }]);
    expect((await list.execute(actor(admin), { limit: 10, status: 'active' })).items).toEqual([]);
  });
});
