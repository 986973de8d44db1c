import { beforeEach, describe, expect, it } from 'vitest';
import { GetProfile } from '../../../src/application/accounts/get-profile.js';
import { Unauthenticated } from '../../../src/domain/errors.js';
import { T0, aUser } from '../../support/builders.js';
import { type Harness, harness } from '../../support/harness.js';

let t: Harness;
beforeEach(() => {
  t = harness();
});

describe('GetProfile', () => {
  it('returns the public profile of an existing user', async () => {
    const ada = await t.stored(aUser().named('Ada').withEmail('ada@example.com').build());
    const profile = await new GetProfile(t.users).execute(ada.id);
    expect(profile).toEqual({ id: ada.id, name: 'Ada', email: 'ada@example.com', role: 'customer', createdAt: T0 });
  });

  it('treats a token for a user that no longer exists as unauthenticated', async () => {
    await expect(new GetProfile(t.users).execute('0000000000000000000000ff')).rejects.toThrow(Unauthenticated);
  });
});
