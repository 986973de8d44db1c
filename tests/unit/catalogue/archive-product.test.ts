import { beforeEach, describe, expect, it } from 'vitest';
import { ArchiveProduct } from '../../../src/application/catalogue/archive-product.js';
import { ListProductsForAdmin } from '../../../src/application/catalogue/list-products-for-admin.js';
import { Forbidden } from '../../../src/domain/errors.js';
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

describe('ArchiveProduct', () => {
  it('are for admins only, checked against the stored account', async () => {
    const mug = await t.withStock(null);
    const asCustomer = actorOf(customer);
    await expect(new ArchiveProduct(t.users, t.products).execute(asCustomer, mug.id)).rejects.toBeInstanceOf(Forbidden);
  });

  it('ArchiveProduct is idempotent and ListProductsForAdmin finds the archived', async () => {
    const mug = await t.withStock(4);
    const archive = new ArchiveProduct(t.users, t.products);
    await archive.execute(actorOf(admin), mug.id);
    await archive.execute(actorOf(admin), mug.id);
    const list = new ListProductsForAdmin(t.users, t.products);
    expect((await list.execute(actorOf(admin), { limit: 10, status: 'archived' })).items).toEqual([{ ...mug, active: false }]);
    expect((await list.execute(actorOf(admin), { limit: 10, status: 'active' })).items).toEqual([]);
  });
});
