import { beforeEach, describe, expect, it } from 'vitest';
import { ListOrders } from '../../../src/application/orders/list-orders.js';
import { encodeCursor } from '../../../src/application/shared/pagination.js';
import { InvalidInput } from '../../../src/domain/errors.js';
import type { Order } from '../../../src/domain/order.js';
import type { User } from '../../../src/domain/user.js';
import { T0, aUser, anOrder } from '../../support/builders.js';
import { type Harness, MINUTE, actorOf, harness } from '../../support/harness.js';

let t: Harness;
beforeEach(() => {
  t = harness();
});

describe('ListOrders', () => {
  let ada: User;
  let bob: User;

  beforeEach(async () => {
    ada = await t.stored(aUser().withEmail('ada@example.com').build());
    bob = await t.stored(aUser().withEmail('bob@example.com').build());
  });

  it('lists only the caller’s own orders, newest first, page by page', async () => {
    const mine: Order[] = [];
    for (let i = 0; i < 5; i += 1) {
      const at = new Date(T0.getTime() + i * MINUTE);
      mine.push(await t.saved(anOrder().withId(t.ids.next()).forUser(ada.id).createdAt(at).build()));
      await t.saved(anOrder().withId(t.ids.next()).forUser(bob.id).createdAt(at).build());
    }
    const listOrders = new ListOrders(t.orders);

    const first = await listOrders.execute(actorOf(ada), { limit: 3 });
    const second = await listOrders.execute(actorOf(ada), { limit: 3, cursor: first.nextCursor! });

    expect([...first.items, ...second.items].map((o) => o.id)).toEqual(mine.map((o) => o.id).reverse());
    expect(second.nextCursor).toBeNull();
    expect([...first.items, ...second.items].every((o) => o.userId === ada.id)).toBe(true);
  });

  it('filters the caller’s own orders by status, page by page', async () => {
    const pending: Order[] = [];
    for (let i = 0; i < 3; i += 1) {
      const at = new Date(T0.getTime() + i * MINUTE);
      pending.push(await t.saved(anOrder().withId(t.ids.next()).forUser(ada.id).createdAt(at).build()));
      await t.saved(anOrder().withId(t.ids.next()).forUser(ada.id).createdAt(at).cancelled().build());
      await t.saved(anOrder().withId(t.ids.next()).forUser(bob.id).createdAt(at).build());
    }
    const listOrders = new ListOrders(t.orders);
    const first = await listOrders.execute(actorOf(ada), { limit: 2, status: 'pending' });
    const second = await listOrders.execute(actorOf(ada), { limit: 2, status: 'pending', cursor: first.nextCursor! });
    expect([...first.items, ...second.items].map((o) => o.id)).toEqual(pending.map((o) => o.id).reverse());
    expect(second.nextCursor).toBeNull();
  });

  it('refuses a cursor issued by another list', async () => {
    const order = await t.saved(anOrder().withId(t.ids.next()).forUser(ada.id).build());
    const listOrders = new ListOrders(t.orders);
    for (const list of ['products', 'admin-orders']) {
      await expect(listOrders.execute(actorOf(ada), { limit: 1, cursor: encodeCursor(list, order) }), list).rejects.toThrow(/another list/);
    }
    await expect(listOrders.execute(actorOf(ada), { limit: 1, cursor: encodeCursor('orders', order) })).resolves.toBeDefined();
    await expect(listOrders.execute(actorOf(ada), { limit: 1, cursor: Buffer.from(`1.${order.id}`).toString('base64url') })).rejects.toThrow(InvalidInput);
  });
});
