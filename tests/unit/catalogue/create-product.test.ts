import { beforeEach, describe, expect, it } from 'vitest';
import { CreateProduct } from '../../../src/application/catalogue/create-product.js';
import type { Actor } from '../../../src/application/shared/actor.js';
import { Forbidden, InvalidMoney, Unauthenticated } from '../../../src/domain/errors.js';
import { money } from '../../../src/domain/money.js';
import { T0, aUser } from '../../support/builders.js';
import { type Harness, harness } from '../../support/harness.js';

let t: Harness;
beforeEach(() => {
  t = harness();
});

describe('CreateProduct', () => {
  const createProduct = () => new CreateProduct(t.users, t.products, t.ids, t.clock);
  const admin: Actor = { userId: '0000000000000000000000aa', role: 'admin' };
  const customer: Actor = { userId: '0000000000000000000000cc', role: 'customer' };
  beforeEach(async () => {
    await t.stored(aUser().withId(admin.userId).withEmail('boss@example.com').admin().build());
    await t.stored(aUser().withId(customer.userId).withEmail('cus@example.com').build());
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
      id: t.ids.issued[0],
      name: 'Mug',
      description: 'A sturdy mug.',
      category: 'kitchen',
      price: { amount: 1099, currency: 'usd' },
      active: true,
      stock: null,
      imageUrl: null,
      shippable: true,
      createdAt: T0,
    });
    expect(await t.products.byId(product.id)).toEqual(product);
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
    expect(await t.products.list({ limit: 10, activeOnly: false })).toEqual([]);
  });
});
