import { beforeEach, describe, expect, it } from 'vitest';
import { GetAnyOrder } from '../../../src/application/orders/get-any-order.js';
import type { Actor } from '../../../src/application/shared/actor.js';
import { OrderNotFound } from '../../../src/domain/errors.js';
import { aUser, anOrder } from '../../support/builders.js';
import { type Harness, harness } from '../../support/harness.js';

const admin = aUser().admin().withEmail('boss@example.com').build();
const bob = aUser().withEmail('bob@example.com').build();
const asAdmin: Actor = { userId: admin.id, role: 'admin' };

let t: Harness;
beforeEach(async () => {
  t = harness();
  for (const u of [admin, bob]) await t.users.add(u);
});

describe('GetAnyOrder', () => {
  it("finds anyone's order, and reports a missing one as OrderNotFound", async () => {
    const order = anOrder().forUser(bob.id).build();
    await t.orders.add(order, []);
    expect(await new GetAnyOrder(t.users, t.orders).execute(asAdmin, order.id)).toEqual({ order, customer: { id: bob.id, email: bob.email } });
    await expect(new GetAnyOrder(t.users, t.orders).execute(asAdmin, '65f0000000000000000000ff')).rejects.toBeInstanceOf(OrderNotFound);
  });
});
