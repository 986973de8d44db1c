import { beforeEach, describe, expect, it } from 'vitest';
import { ListShippingOptionsForAdmin } from '../../../src/application/shipping/list-shipping-options-for-admin.js';
import { ListShippingOptions } from '../../../src/application/shipping/list-shipping-options.js';
import { Forbidden } from '../../../src/domain/errors.js';
import { T0, aShippingOption, aUser } from '../../support/builders.js';
import { type Harness, actorOf, harness } from '../../support/harness.js';

let t: Harness;
beforeEach(() => {
  t = harness();
});

describe('ListShippingOptions', () => {
  it('lists the active options of one currency, cheapest first, whatever case the currency is given in', async () => {
    const [dear, cheap, archived, dollars] = [
      aShippingOption().named('Express').priced(1500).build(), aShippingOption().named('Standard').priced(495).build(),
      aShippingOption().priced(1).archived().build(), aShippingOption().priced(1, 'usd').build(),
    ];
    for (const o of [dear, cheap, archived, dollars]) await t.shippingOptions.add(o);
    expect(await new ListShippingOptions(t.shippingOptions).execute('EUR')).toEqual([cheap, dear]);
  });
});

describe('ListShippingOptionsForAdmin', () => {
  it('pages through every option newest first, archived ones when asked; admins only', async () => {
    const admin = await t.stored(aUser().withEmail('admin@example.com').admin().build());
    const older = aShippingOption().createdAt(T0).build();
    const newer = aShippingOption().archived().createdAt(new Date(T0.getTime() + 1000)).build();
    await t.shippingOptions.add(older);
    await t.shippingOptions.add(newer);
    const list = new ListShippingOptionsForAdmin(t.users, t.shippingOptions);
    const first = await list.execute(actorOf(admin), { limit: 1, status: 'all' });
    expect(first.items).toEqual([newer]);
    expect((await list.execute(actorOf(admin), { limit: 1, status: 'all', cursor: first.nextCursor! })).items).toEqual([older]);
    expect((await list.execute(actorOf(admin), { limit: 10, status: 'active' })).items).toEqual([older]);
    await expect(list.execute(actorOf(await t.stored(aUser().build())), { limit: 10, status: 'all' })).rejects.toBeInstanceOf(Forbidden);
  });
});
