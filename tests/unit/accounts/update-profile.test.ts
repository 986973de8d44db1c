import { beforeEach, describe, expect, it } from 'vitest';
import { UpdateProfile } from '../../../src/application/accounts/update-profile.js';
import { InvalidInput, Unauthenticated } from '../../../src/domain/errors.js';
import { type User, closeAccount } from '../../../src/domain/user.js';
import { T0, aUser } from '../../support/builders.js';
import { type Harness, harness } from '../../support/harness.js';

let t: Harness;
let ada: User;
beforeEach(async () => {
  t = harness();
  ada = await t.stored(aUser().build());
});

describe('UpdateProfile', () => {
  const actor = () => ({ userId: ada.id, role: ada.role });

  it('changes the name, trimmed', async () => {
    const profile = await new UpdateProfile(t.users).execute(actor(), { name: '  Ada King ' });
    expect(profile.name).toBe('Ada King');
    expect((await t.users.byId(ada.id))?.name).toBe('Ada King');
  });

  it('refuses an empty name, and a closed account', async () => {
    await expect(new UpdateProfile(t.users).execute(actor(), { name: '   ' })).rejects.toThrow(InvalidInput);
    await t.users.update(closeAccount(ada, T0));
    await expect(new UpdateProfile(t.users).execute(actor(), { name: 'Back' })).rejects.toThrow(Unauthenticated);
  });
});
