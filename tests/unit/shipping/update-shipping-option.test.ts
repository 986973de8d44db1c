import { beforeEach, describe, expect, it } from 'vitest';
import { ArchiveShippingOption } from '../../../src/application/shipping/archive-shipping-option.js';
import { UpdateShippingOption } from '../../../src/application/shipping/update-shipping-option.js';
import { Forbidden, InvalidInput, ShippingOptionNotFound } from '../../../src/domain/errors.js';
import type { ShippingOption } from '../../../src/domain/shipping.js';
import type { User } from '../../../src/domain/user.js';
import { aShippingOption, aUser } from '../../support/builders.js';
import { type Harness, actorOf, harness } from '../../support/harness.js';

let t: Harness;
let admin: User;
let option: ShippingOption;
const update = () => new UpdateShippingOption(t.users, t.shippingOptions);

beforeEach(async () => {
  t = harness();
  admin = await t.stored(aUser().withEmail('admin@example.com').admin().build());
  option = aShippingOption().priced(495).freeOver(5000).build();
  await t.shippingOptions.add(option);
});

describe('UpdateShippingOption', () => {
  it('changes only what is given, validated as on creation; null clears the free threshold', async () => {
    const updated = await update().execute(actorOf(admin), option.id, { price: '5.50', countries: ['at'], freeOverAmount: null });
    expect(updated).toEqual({ ...option, price: { amount: 550, currency: 'eur' }, countries: ['AT'], freeOverAmount: null });
    await expect(update().execute(actorOf(admin), option.id, { countries: ['KP'] })).rejects.toBeInstanceOf(InvalidInput);
    await expect(update().execute(actorOf(admin), option.id, { minDays: 9, maxDays: 2 })).rejects.toBeInstanceOf(InvalidInput);
    await expect(update().execute(actorOf(admin), option.id, {})).rejects.toBeInstanceOf(InvalidInput);
    expect(await t.shippingOptions.byId(option.id)).toEqual(updated);
  });

  it('answers ShippingOptionNotFound for an unknown option, Forbidden for a customer', async () => {
    await expect(update().execute(actorOf(admin), 'f'.repeat(24), { name: 'x' })).rejects.toBeInstanceOf(ShippingOptionNotFound);
    await expect(update().execute(actorOf(await t.stored(aUser().build())), option.id, { name: 'x' })).rejects.toBeInstanceOf(Forbidden);
  });
});

describe('ArchiveShippingOption', () => {
  it('takes it off offer, idempotently; PATCH active: true offers it again', async () => {
    const archive = new ArchiveShippingOption(t.users, t.shippingOptions);
    await archive.execute(actorOf(admin), option.id);
    await archive.execute(actorOf(admin), option.id);
    expect(await t.shippingOptions.active('eur', 10)).toEqual([]);
    expect(await update().execute(actorOf(admin), option.id, { active: true })).toEqual(option);
    await expect(archive.execute(actorOf(admin), 'f'.repeat(24))).rejects.toBeInstanceOf(ShippingOptionNotFound);
  });
});
