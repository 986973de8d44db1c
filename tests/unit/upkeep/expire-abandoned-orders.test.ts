import { beforeEach, describe, expect, it } from 'vitest';
import { ExpireAbandonedOrders } from '../../../src/application/upkeep/expire-abandoned-orders.js';
import { T0, anOrder } from '../../support/builders.js';
import { type Harness, MINUTE, harness } from '../../support/harness.js';
import { movesOf } from '../../support/order-moves.js';

let t: Harness;
beforeEach(() => {
  t = harness();
});

describe('ExpireAbandonedOrders', () => {
  it('expires only pending orders without a checkout created before the cutoff', async () => {
    const old = new Date(T0.getTime() - 2 * 60 * MINUTE);
    const recent = new Date(T0.getTime() - 5 * MINUTE);
    const abandoned = await t.saved(anOrder().createdAt(old).build());
    const abandonedToo = await t.saved(anOrder().createdAt(old).build());
    const withCheckout = await t.saved(anOrder().createdAt(old).withCheckout().build());
    const young = await t.saved(anOrder().createdAt(recent).build());
    const paid = await t.saved(anOrder().createdAt(old).paid(old).build());
    const failed = await t.saved(anOrder().createdAt(old).failed().build());

    const expired = await new ExpireAbandonedOrders(t.orders, movesOf(t.orders), t.clock, t.stock).execute(60 * MINUTE);

    expect(expired).toBe(2);
    expect(await t.current(abandoned.id)).toMatchObject({ status: 'expired', updatedAt: T0 });
    expect((await t.current(abandonedToo.id)).status).toBe('expired');
    expect(await t.current(withCheckout.id)).toEqual(withCheckout);
    expect(await t.current(young.id)).toEqual(young);
    expect(await t.current(paid.id)).toEqual(paid);
    expect(await t.current(failed.id)).toEqual(failed);
  });

  it('expires nothing when nothing is abandoned', async () => {
    await t.saved(anOrder().createdAt(T0).build());
    expect(await new ExpireAbandonedOrders(t.orders, movesOf(t.orders), t.clock, t.stock).execute(MINUTE)).toBe(0);
  });
});
