import { beforeEach, describe, expect, it } from 'vitest';
import { CreateShippingOption } from '../../../src/application/shipping/create-shipping-option.js';
import { Forbidden, InvalidInput, InvalidMoney } from '../../../src/domain/errors.js';
import { MAX_ACTIVE_OPTIONS } from '../../../src/domain/shipping.js';
import type { User } from '../../../src/domain/user.js';
import { T0, aShippingOption, aUser } from '../../support/builders.js';
import { type Harness, actorOf, harness } from '../../support/harness.js';

let t: Harness;
let admin: User;
const create = () => new CreateShippingOption(t.users, t.shippingOptions, t.ids, t.clock);
const input = { name: ' Standard ', currency: 'EUR', unitAmount: 495, countries: ['de', 'FR'] };

beforeEach(async () => {
  t = harness();
  admin = await t.stored(aUser().withEmail('admin@example.com').admin().build());
});

describe('CreateShippingOption', () => {
  it('stores an active option, its countries uppercase and sorted, its price in minor units', async () => {
    const option = await create().execute(actorOf(admin), { ...input, freeOverAmount: 5000, minDays: 1, maxDays: 3 });
    expect(option).toEqual({
      id: t.ids.issued[0], name: 'Standard', price: { amount: 495, currency: 'eur' }, countries: ['DE', 'FR'],
      freeOverAmount: 5000, minDays: 1, maxDays: 3, active: true, createdAt: T0,
    });
    expect(await t.shippingOptions.byId(option.id)).toEqual(option);
  });

  it('takes a price in major units, and 0 for free shipping', async () => {
    expect((await create().execute(actorOf(admin), { ...input, unitAmount: undefined, price: '4.95' })).price.amount).toBe(495);
    expect((await create().execute(actorOf(admin), { ...input, unitAmount: 0 })).price.amount).toBe(0);
    await expect(create().execute(actorOf(admin), { ...input, unitAmount: undefined, price: 4.955 })).rejects.toBeInstanceOf(InvalidMoney);
  });

  it('refuses country codes that are not countries or that checkout cannot collect an address for, storing nothing', async () => {
    for (const countries of [['*'], ['DE', 'XX'], ['CU'], []]) {
      await expect(create().execute(actorOf(admin), { ...input, countries })).rejects.toBeInstanceOf(InvalidInput);
    }
    expect(await t.shippingOptions.list({ status: 'all', limit: 10 })).toEqual([]);
  });

  it('is for admins only', async () => {
    const customer = await t.stored(aUser().build());
    await expect(create().execute(actorOf(customer), input)).rejects.toBeInstanceOf(Forbidden);
  });

  it(`keeps at most ${MAX_ACTIVE_OPTIONS} active options per currency`, async () => {
    for (let i = 0; i < MAX_ACTIVE_OPTIONS; i++) await t.shippingOptions.add(aShippingOption().build());
    await expect(create().execute(actorOf(admin), input)).rejects.toThrow(/at most 100/);
    expect((await create().execute(actorOf(admin), { ...input, currency: 'usd' })).price.currency).toBe('usd');
  });
});
