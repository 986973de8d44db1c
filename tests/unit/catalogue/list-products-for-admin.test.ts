import { beforeEach, describe, expect, it } from 'vitest';
import { ListProductsForAdmin } from '../../../src/application/catalogue/list-products-for-admin.js';
import { Forbidden } from '../../../src/domain/errors.js';
import type { User } from '../../../src/domain/user.js';
import { aUser } from '../../support/builders.js';
import { type Harness, actorOf, harness } from '../../support/harness.js';

let t: Harness;
let customer: User;
beforeEach(async () => {
  t = harness();
  customer = await t.stored(aUser().build());
});

describe('ListProductsForAdmin', () => {
  it('are for admins only, checked against the stored account', async () => {
    await t.withStock(null);
    const asCustomer = actorOf(customer);
    await expect(new ListProductsForAdmin(t.users, t.products).execute(asCustomer, { limit: 10, status: 'all' })).rejects.toBeInstanceOf(Forbidden);
  });
});
