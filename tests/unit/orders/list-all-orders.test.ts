import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryUsers } from '../../../src/adapters/memory/users.js';
import { ListAllOrders } from '../../../src/application/orders/list-all-orders.js';
import type { Actor } from '../../../src/application/shared/actor.js';
import { Forbidden } from '../../../src/domain/errors.js';
import type { User } from '../../../src/domain/user.js';
import { T0, aUser, anOrder } from '../../support/builders.js';
import { type Harness, harness } from '../../support/harness.js';

/** Counts round trips, to prove the listing looks its customers up once per page, not once per order. */
class CountingUsers extends MemoryUsers {
  calls = { byId: 0, byIds: 0 };
  override async byId(id: string): Promise<User | null> {
    this.calls.byId += 1;
    return super.byId(id);
  }
  override async byIds(ids: readonly string[]): Promise<User[]> {
    this.calls.byIds += 1;
    return super.byIds(ids);
  }
}

const admin = aUser().admin().withEmail('boss@example.com').build();
const ann = aUser().withEmail('ann@example.com').build();
const bob = aUser().withEmail('bob@example.com').build();
const asAdmin: Actor = { userId: admin.id, role: 'admin' };
const asAnn: Actor = { userId: ann.id, role: 'customer' };

let t: Harness;
let users: CountingUsers;
beforeEach(async () => {
  t = harness();
  users = new CountingUsers();
  for (const u of [admin, ann, bob]) await users.add(u);
});

describe('ListAllOrders', () => {
  it('attaches every customer with one user lookup per page, however many orders it holds', async () => {
    for (let i = 0; i < 12; i += 1) {
      await t.orders.add(anOrder().forUser(i % 3 === 0 ? bob.id : ann.id).createdAt(new Date(T0.getTime() + i * 1000)).build(), []);
    }
    const page = await new ListAllOrders(users, t.orders).execute(asAdmin, {}, { limit: 10 });
    expect(page.items).toHaveLength(10);
    expect(page.nextCursor).not.toBeNull();
    expect(users.calls).toEqual({ byId: 1, byIds: 1 }); // the admin check, then the customers
    expect(new Set(page.items.map((i) => i.customer.email))).toEqual(new Set([ann.email, bob.email]));
    for (const { order, customer } of page.items) expect(customer.id).toBe(order.userId);
  });

  it('refuses customers (Forbidden), checked against the stored account', async () => {
    await expect(new ListAllOrders(users, t.orders).execute(asAnn, {}, { limit: 10 })).rejects.toBeInstanceOf(Forbidden);
    await expect(new ListAllOrders(users, t.orders).execute({ userId: ann.id, role: 'admin' }, {}, { limit: 10 })).rejects.toBeInstanceOf(Forbidden);
  });
});
