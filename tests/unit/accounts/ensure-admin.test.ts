import { beforeEach, describe, expect, it } from 'vitest';
import { EnsureAdmin } from '../../../src/application/accounts/ensure-admin.js';
import { InvalidInput } from '../../../src/domain/errors.js';
import { T0, aUser } from '../../support/builders.js';
import { type Harness, harness } from '../../support/harness.js';

let t: Harness;
beforeEach(() => {
  t = harness();
});

describe('EnsureAdmin', () => {
  const ensureAdmin = () => new EnsureAdmin(t.users, t.hasher, t.ids, t.clock);
  const admin = { email: 'Admin@Example.com', password: 'admin password 1' };

  it('creates the admin, then leaves it unchanged, then updates it when the password changes', async () => {
    expect(await ensureAdmin().execute(admin)).toBe('created');
    const created = await t.users.byEmail('admin@example.com');
    expect(created).toMatchObject({ role: 'admin', name: 'Administrator', createdAt: T0 });

    expect(await ensureAdmin().execute(admin)).toBe('unchanged');
    expect(await t.users.byEmail('admin@example.com')).toEqual(created);
    expect(t.hasher.hashed).toHaveLength(1);

    expect(await ensureAdmin().execute({ ...admin, password: 'a new admin password' })).toBe('updated');
    const updated = await t.users.byEmail('admin@example.com');
    expect(updated?.id).toBe(created?.id);
    expect(await t.hasher.verify(updated?.passwordHash ?? null, 'a new admin password')).toBe(true);
    expect(await t.hasher.verify(updated?.passwordHash ?? null, admin.password)).toBe(false);

    expect(await ensureAdmin().execute({ ...admin, password: 'a new admin password' })).toBe('unchanged');
  });

  it('promotes an existing customer, keeping the account', async () => {
    const customer = await t.stored(aUser().withEmail('admin@example.com').withPassword(admin.password).build());
    expect(await ensureAdmin().execute(admin)).toBe('updated');
    expect(await t.users.byId(customer.id)).toEqual({ ...customer, role: 'admin' });
    expect(t.hasher.hashed).toEqual([]);
  });

  it('promotes a customer and resets a different password', async () => {
    const customer = await t.stored(aUser().withEmail('admin@example.com').withPassword('their own password').build());
    expect(await ensureAdmin().execute(admin)).toBe('updated');
    const promoted = await t.users.byId(customer.id);
    expect(promoted?.role).toBe('admin');
    expect(await t.hasher.verify(promoted?.passwordHash ?? null, admin.password)).toBe(true);
  });

  it('applies the password policy to the configured password', async () => {
    await expect(ensureAdmin().execute({ ...admin, password: 'short' })).rejects.toThrow(InvalidInput);
    expect(await t.users.byEmail('admin@example.com')).toBeNull();
  });
});
