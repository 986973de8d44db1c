import { describe, expect, it } from 'vitest';
import type { ShippingOptions } from '../../src/application/ports/shipping-options.js';
import type { ShippingOption } from '../../src/domain/shipping.js';
import { MALFORMED_IDS, at, mutable, nextId, shippingOptionRecord } from '../support/records.js';

const ids = (options: readonly ShippingOption[]) => options.map((o) => o.id);

/** What every `ShippingOptions` adapter must do. `make` returns an empty repository. */
export function shippingOptionsContract(make: () => Promise<ShippingOptions>): void {
  describe('ShippingOptions contract', () => {
    async function withOptions(options: ShippingOption[]): Promise<ShippingOptions> {
      const repo = await make();
      for (const o of options) await repo.add(o);
      return repo;
    }

    it('finds an added option by id, field for field, archived ones included; null for unknown and malformed ids', async () => {
      const full = shippingOptionRecord({ freeOverAmount: 5000, minDays: 1, maxDays: 3, countries: ['AT', 'CH', 'DE'] });
      const archived = shippingOptionRecord({ active: false });
      const repo = await withOptions([full, archived]);
      expect(await repo.byId(full.id)).toEqual(full);
      expect(await repo.byId(archived.id)).toEqual(archived);
      expect(await repo.byId(nextId())).toBeNull();
      for (const id of MALFORMED_IDS) expect(await repo.byId(id)).toBeNull();
    });

    it('hands out copies: mutating a returned option changes nothing stored', async () => {
      const option = shippingOptionRecord();
      const repo = await withOptions([option]);
      const found = (await repo.byId(option.id))!;
      mutable(found).name = 'changed';
      mutable(found.countries as string[]).push('FR');
      mutable(found.price).amount = 1;
      expect(await repo.byId(option.id)).toEqual(option);
    });

    it('lists the active ones of one currency cheapest first, name then id breaking ties, up to the limit', async () => {
      const [cheap, midB, midA, dear] = [
        shippingOptionRecord({ name: 'Cheap', price: { amount: 100, currency: 'eur' } }),
        shippingOptionRecord({ name: 'B', price: { amount: 500, currency: 'eur' } }),
        shippingOptionRecord({ name: 'A', price: { amount: 500, currency: 'eur' } }),
        shippingOptionRecord({ name: 'Dear', price: { amount: 900, currency: 'eur' } }),
      ] as [ShippingOption, ShippingOption, ShippingOption, ShippingOption];
      const twinA = shippingOptionRecord({ name: 'A', price: { amount: 500, currency: 'eur' } });
      const archived = shippingOptionRecord({ price: { amount: 1, currency: 'eur' }, active: false });
      const dollars = shippingOptionRecord({ price: { amount: 1, currency: 'usd' } });
      const repo = await withOptions([dear, midB, twinA, archived, midA, cheap, dollars]);
      expect(ids(await repo.active('eur', 10))).toEqual(ids([cheap, midA, twinA, midB, dear]));
      expect(ids(await repo.active('eur', 2))).toEqual(ids([cheap, midA]));
      expect(ids(await repo.active('usd', 10))).toEqual(ids([dollars]));
      expect(await repo.active('gbp', 10)).toEqual([]);
      expect(await repo.active('eur', 0)).toEqual([]);
      expect(await repo.active({ $ne: null } as unknown as string, 10)).toEqual([]);
    });

    it('lists newest first by status, in stable pages', async () => {
      const [o1, o2, o3] = [1, 2, 3].map((s) => shippingOptionRecord({ createdAt: at(s), active: s !== 2 })) as [ShippingOption, ShippingOption, ShippingOption];
      const repo = await withOptions([o2, o3, o1]);
      expect(ids(await repo.list({ status: 'all', limit: 10 }))).toEqual(ids([o3, o2, o1]));
      expect(ids(await repo.list({ status: 'active', limit: 10 }))).toEqual(ids([o3, o1]));
      expect(ids(await repo.list({ status: 'archived', limit: 10 }))).toEqual(ids([o2]));
      const page1 = await repo.list({ status: 'all', limit: 2 });
      const last = page1.at(-1)!;
      expect(ids(await repo.list({ status: 'all', limit: 2, after: { createdAt: last.createdAt, id: last.id } }))).toEqual(ids([o1]));
      expect(await repo.list({ status: 'all', limit: 0 })).toEqual([]);
    });

    it('update writes only the fields given, clears nullable ones with null, and returns the stored option', async () => {
      const option = shippingOptionRecord({ freeOverAmount: 5000, minDays: 1, maxDays: 3 });
      const repo = await withOptions([option]);
      const updated = await repo.update(option.id, {
        name: 'Express', price: { amount: 999, currency: 'eur' }, countries: ['FR'], freeOverAmount: null, minDays: null,
      });
      const expected = { ...option, name: 'Express', price: { amount: 999, currency: 'eur' }, countries: ['FR'], freeOverAmount: null, minDays: null };
      expect(updated).toEqual(expected);
      expect(await repo.byId(option.id)).toEqual(expected);
      expect(await repo.update(option.id, { active: false })).toEqual({ ...expected, active: false });
      expect(await repo.active('eur', 10)).toEqual([]);
      expect(await repo.update(option.id, {})).toEqual({ ...expected, active: false });
      expect(await repo.update(nextId(), { name: 'x' })).toBeNull();
      expect(await repo.update('abc', { name: 'x' })).toBeNull();
    });
  });
}
