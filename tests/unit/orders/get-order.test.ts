import { beforeEach, describe, expect, it } from 'vitest';
import { GetOrder } from '../../../src/application/orders/get-order.js';
import { OrderNotFound } from '../../../src/domain/errors.js';
import type { User } from '../../../src/domain/user.js';
import { aUser, anOrder } from '../../support/builders.js';
import { type Harness, actorOf, harness } from '../../support/harness.js';

let t: Harness;
beforeEach(() => {
  t = harness();
});

describe('GetOrder', () => {
  let ada: User;
  let bob: User;

  beforeEach(async () => {
    ada = await t.stored(aUser().withEmail('ada@example.com').build());
    bob = await t.stored(aUser().withEmail('bob@example.com').build());
  });

  it('returns the caller’s own order', async () => {
    const order = await t.saved(anOrder().forUser(ada.id).build());
    expect(await new GetOrder(t.orders).execute(actorOf(ada), order.id)).toEqual(order);
  });

  it('reports another user’s order exactly like a missing one', async () => {
    const order = await t.saved(anOrder().forUser(ada.id).build());
    await expect(new GetOrder(t.orders).execute(actorOf(bob), order.id)).rejects.toThrow(OrderNotFound);
    await expect(new GetOrder(t.orders).execute(actorOf(bob), '0000000000000000000000ff')).rejects.toThrow(
      OrderNotFound,
    );
  });
});
