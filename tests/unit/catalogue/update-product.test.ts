import { beforeEach, describe, expect, it } from 'vitest';
import { UpdateProduct } from '../../../src/application/catalogue/update-product.js';
import { Forbidden, InvalidInput, ProductNotFound } from '../../../src/domain/errors.js';
import type { User } from '../../../src/domain/user.js';
import { aUser } from '../../support/builders.js';
import { type Harness, actorOf, harness } from '../../support/harness.js';

let t: Harness;
let customer: User;
let admin: User;
beforeEach(async () => {
  t = harness();
  customer = await t.stored(aUser().build());
  admin = await t.stored(aUser().withEmail('admin@example.com').admin().build());
});

describe('UpdateProduct', () => {
  it('are for admins only, checked against the stored account', async () => {
    const mug = await t.withStock(null);
    const asCustomer = actorOf(customer);
    const claimsAdmin = { ...asCustomer, role: 'admin' as const };
    await expect(new UpdateProduct(t.users, t.products, t.clock).execute(claimsAdmin, mug.id, { name: 'x' })).rejects.toBeInstanceOf(Forbidden);
  });

  it('UpdateProduct validates like creation and reports a missing product', async () => {
    const mug = await t.withStock(null);
    const update = new UpdateProduct(t.users, t.products, t.clock);
    await expect(update.execute(actorOf(admin), mug.id, {})).rejects.toBeInstanceOf(InvalidInput);
    await expect(update.execute(actorOf(admin), mug.id, { stock: -1 })).rejects.toBeInstanceOf(InvalidInput);
    await expect(update.execute(actorOf(admin), mug.id, { imageUrl: 'http://x.example/a.png' })).rejects.toBeInstanceOf(InvalidInput);
    await expect(update.execute(actorOf(admin), '65f00000000000000000ffff', { name: 'x' })).rejects.toBeInstanceOf(ProductNotFound);
    expect(await update.execute(actorOf(admin), mug.id, { stock: 5, name: ' Big mug ' })).toMatchObject({ stock: 5, name: 'Big mug' });
  });

  it('refuses a new currency without a new price, and changes nothing', async () => {
    const mug = await t.withStock(null);
    const update = new UpdateProduct(t.users, t.products, t.clock);
    const other = mug.price.currency === 'jpy' ? 'usd' : 'jpy';
    await expect(update.execute(actorOf(admin), mug.id, { currency: other })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', field: 'currency' });
    expect((await t.products.byId(mug.id))!.price).toEqual(mug.price);
    expect((await update.execute(actorOf(admin), mug.id, { currency: other, unitAmount: 700 })).price).toEqual({ amount: 700, currency: other });
    expect((await update.execute(actorOf(admin), mug.id, { currency: other.toUpperCase(), name: 'Same' })).price).toEqual({ amount: 700, currency: other });
  });
});
