import { beforeEach, describe, expect, it } from 'vitest';
import { CreateOrder } from '../../../src/application/orders/create-order.js';
import { ReleaseStrandedStock } from '../../../src/application/upkeep/release-stranded-stock.js';
import type { Actor } from '../../../src/application/shared/actor.js';
import {
  OutOfStock, PaymentProviderFailed, PaymentProviderUnavailable, ProductUnavailable, ShippingUnavailable, StorageUnavailable, Unauthenticated,
} from '../../../src/domain/errors.js';
import { money } from '../../../src/domain/money.js';
import type { Order } from '../../../src/domain/order.js';
import type { Product } from '../../../src/domain/product.js';
import type { User } from '../../../src/domain/user.js';
import { T0, aProduct, aShippingOption, aUser } from '../../support/builders.js';
import { type Harness, actorOf, harness } from '../../support/harness.js';
import { movesOf } from '../../support/order-moves.js';

let t: Harness;
beforeEach(() => {
  t = harness();
});

const createOrder = () => new CreateOrder(t.users, t.products, t.orders, movesOf(t.orders), t.payments, t.ids, t.clock, t.stock, t.shippingOptions);

describe('CreateOrder', () => {
  let ada: User;
  let mug: Product;
  let tea: Product;

  beforeEach(async () => {
    ada = await t.stored(aUser().withEmail('ada@example.com').build());
    [mug, tea] = (await t.inCatalogue(
      aProduct().named('Mug').priced(1250, 'eur').build(),
      aProduct().named('Tea').priced(499, 'eur').build(),
    )) as [Product, Product];
  });

  it('saves the order as pending before asking the provider for a checkout', async () => {
    let storedAtCall: Order | null | undefined;
    t.payments.beforeStart(async ({ order }) => {
      storedAtCall = await t.orders.byId(order.id);
    });

    const { order } = await createOrder().execute(actorOf(ada), { items: [{ productId: mug.id, quantity: 1 }] });

    expect(storedAtCall).toMatchObject({ id: order.id, status: 'pending', checkout: null });
    expect(t.payments.started).toHaveLength(1);
  });

  it('attaches the checkout to the stored order and returns its URL', async () => {
    t.payments.beforeStart(() => t.clock.advance(1000));
    const created = await createOrder().execute(actorOf(ada), { items: [{ productId: mug.id, quantity: 2 }] });

    const checkout = { sessionId: `cs_fake_${created.order.id}`, url: `https://pay.example/cs_fake_${created.order.id}` };
    expect(created.checkoutUrl).toBe(checkout.url);
    expect(created.order).toMatchObject({ userId: ada.id, status: 'pending', checkout, createdAt: T0 });
    expect(await t.current(created.order.id)).toEqual(created.order);
    expect(t.payments.started[0]).toMatchObject({ customerEmail: 'ada@example.com', order: { id: created.order.id } });
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
    expect(t.payments.started[0]?.order.total).toEqual(order.total);
  });

  it.each([
    ['unavailable', () => new PaymentProviderUnavailable('timed out')],
    ['failing', () => new PaymentProviderFailed('bad request')],
  ])('marks the order failed and rethrows when the provider is %s', async (_name, error) => {
    const thrown = error();
    t.payments.failWith(thrown);

    const result = await createOrder()
      .execute(actorOf(ada), { items: [{ productId: mug.id, quantity: 1 }] })
      .catch((e: unknown) => e);

    expect(result).toBe(thrown);
    const [id] = t.ids.issued;
    const order = await t.current(id!);
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
    expect(await t.orders.listByUser(ada.id, { limit: 10 })).toEqual([]);
    expect(t.payments.started).toEqual([]);
  });

  it('rejects an order for an inactive product', async () => {
    const [retired] = await t.inCatalogue(aProduct().inactive().build());
    await expect(
      createOrder().execute(actorOf(ada), { items: [{ productId: retired!.id, quantity: 1 }] }),
    ).rejects.toThrow(ProductUnavailable);
    expect(t.payments.started).toEqual([]);
  });

  it('rejects an order from a user that no longer exists', async () => {
    const ghost: Actor = { userId: '0000000000000000000000ff', role: 'customer' };
    await expect(createOrder().execute(ghost, { items: [{ productId: mug.id, quantity: 1 }] })).rejects.toThrow(
      Unauthenticated,
    );
  });
});

describe('CreateOrder and stock', () => {
  let customer: User;

  beforeEach(async () => {
    customer = await t.stored(aUser().build());
  });

  it('asks the stock for nothing when every product was read as untracked, and only for the tracked lines otherwise', async () => {
    const free = await t.withStock(null);
    const mug = await t.withStock(5);
    const asked: { orderId: string; lines: unknown[] }[] = [];
    const reserve = t.stock.reserve.bind(t.stock);
    t.stock.reserve = async (orderId, lines, at) => { asked.push({ orderId, lines: [...lines] }); return reserve(orderId, lines, at); };
    await createOrder().execute(actorOf(customer), { items: [{ productId: free.id, quantity: 3 }] });
    expect(asked).toEqual([]);
    const { order } = await createOrder().execute(actorOf(customer), { items: [{ productId: free.id, quantity: 1 }, { productId: mug.id, quantity: 2 }] });
    expect(asked).toEqual([{ orderId: order.id, lines: [expect.objectContaining({ productId: mug.id, quantity: 2 })] }]);
    expect(await t.stockOf(mug)).toBe(3);
    expect(await t.stockOf(free)).toBeNull();
  });

  it('reserves before saving; refuses a short line with OutOfStock and saves no order', async () => {
    const mug = await t.withStock(2);
    await createOrder().execute(actorOf(customer), { items: [{ productId: mug.id, quantity: 2 }] });
    expect(await t.stockOf(mug)).toBe(0);
    await expect(createOrder().execute(actorOf(customer), { items: [{ productId: mug.id, quantity: 1 }] })).rejects.toBeInstanceOf(OutOfStock);
    expect(await t.orders.listByUser(customer.id, { limit: 10 })).toHaveLength(1);
    expect(t.payments.started).toHaveLength(1);
  });

  it('leaves the reservation of an order that could not be saved to the stranded-stock sweep (the save may have applied, its reply lost)', async () => {
    const mug = await t.withStock(2);
    const add = t.orders.add.bind(t.orders);
    t.orders.add = () => Promise.reject(new StorageUnavailable('down'));
    await expect(createOrder().execute(actorOf(customer), { items: [{ productId: mug.id, quantity: 2 }] })).rejects.toBeInstanceOf(StorageUnavailable);
    expect(await t.stockOf(mug)).toBe(0);
    t.orders.add = add;
    const later = { now: () => new Date(T0.getTime() + 11 * 60_000) };
    expect(await new ReleaseStrandedStock(t.orders, t.stock, t.stock, later).execute(10 * 60_000)).toBe(1);
    expect(await t.stockOf(mug)).toBe(2);
  });

  it('gives the reservation back when the checkout cannot start', async () => {
    const mug = await t.withStock(2);
    t.payments.failWith(new PaymentProviderFailed('no'));
    await expect(createOrder().execute(actorOf(customer), { items: [{ productId: mug.id, quantity: 1 }] })).rejects.toBeInstanceOf(PaymentProviderFailed);
    expect(await t.stockOf(mug)).toBe(2);
    const [order] = await t.orders.listByUser(customer.id, { limit: 1 });
    expect(order?.status).toBe('failed');
    expect(await t.stock.release(order!.id, T0)).toBe(false);
  });
});

describe('CreateOrder with shipping options', () => {
  let ada: User;
  let mug: Product;
  const standard = aShippingOption().named('Standard').priced(495).to('DE', 'FR').build();
  const express = aShippingOption().named('Express').priced(1500).to('DE').build();

  beforeEach(async () => {
    ada = await t.stored(aUser().build());
    [mug] = (await t.inCatalogue(aProduct().named('Mug').priced(1250, 'eur').build())) as [Product];
    for (const o of [express, standard]) await t.shippingOptions.add(o);
  });

  it('offers the eligible options at checkout; shipping is null until one is chosen', async () => {
    const { order } = await createOrder().execute(actorOf(ada), { items: [{ productId: mug.id, quantity: 2 }] });
    expect(order.breakdown).toEqual({ subtotal: 2500, shipping: null, discount: 0, tax: 0 });
    expect(order.shipping?.offered.map((r) => r.name)).toEqual(['Standard', 'Express']);
    expect(t.payments.started[0]!.order.shipping).toEqual(order.shipping);
    expect((await t.current(order.id)).shipping).toEqual(order.shipping);
  });

  it("with an option chosen, its price is in the total; with a country, only options serving it are offered", async () => {
    const chosen = await createOrder().execute(actorOf(ada), { items: [{ productId: mug.id, quantity: 1 }], shippingOptionId: express.id });
    expect(chosen.order.total).toEqual(money(2750, 'eur'));
    const toFrance = await createOrder().execute(actorOf(ada), { items: [{ productId: mug.id, quantity: 1 }], shippingCountry: 'fr' });
    expect(toFrance.order.shipping).toMatchObject({ countries: ['FR'], offered: [{ optionId: standard.id }] });
  });

  it('refuses an option it does not offer, or a country nobody ships to, before storing or reserving anything', async () => {
    const product = await t.withStock(5);
    for (const extra of [{ shippingOptionId: 'f'.repeat(24) }, { shippingCountry: 'JP' }, { shippingOptionId: express.id, shippingCountry: 'FR' }]) {
      await expect(createOrder().execute(actorOf(ada), { items: [{ productId: product.id, quantity: 1 }], ...extra })).rejects.toBeInstanceOf(ShippingUnavailable);
    }
    expect(await t.orders.list({}, { limit: 10 })).toEqual([]);
    expect(await t.stockOf(product)).toBe(5);
  });

  it('asks nothing about shipping for an order with no shippable line, nor reads the options', async () => {
    const ebook = { ...aProduct().named('E-book').priced(900, 'eur').build(), shippable: false };
    await t.inCatalogue(ebook);
    let reads = 0;
    const active = t.shippingOptions.active.bind(t.shippingOptions);
    t.shippingOptions.active = async (...args) => { reads += 1; return active(...args); };
    const { order } = await createOrder().execute(actorOf(ada), { items: [{ productId: ebook.id, quantity: 1 }], shippingCountry: 'DE' });
    expect(order.shipping).toBeNull();
    expect(order.breakdown.shipping).toBe(0);
    expect(reads).toBe(0);
  });
});
