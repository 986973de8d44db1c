import { beforeEach, describe, expect, it } from 'vitest';
import { ChangePassword } from '../../../src/application/accounts/change-password.js';
import { InvalidInput, WrongPassword } from '../../../src/domain/errors.js';
import type { User } from '../../../src/domain/user.js';
import { aUser, fakeHasher } from '../../support/builders.js';
import { type Harness, harness } from '../../support/harness.js';

let t: Harness;
let ada: User;
beforeEach(async () => {
  t = harness();
  ada = await t.stored(aUser().withPassword('the old password!').build());
});

const change = () => new ChangePassword(t.users, t.hasher, t.accountSessions, t.messages);
const NEW = 'a brand new passphrase';

describe('ChangePassword', () => {
  it("sets the new password, ends the account's other sessions, keeps the caller's and tells the owner", async () => {
    const mine = await t.accountSessions.start(ada);
    const other = await t.accountSessions.start(ada);
    await change().execute({ userId: ada.id, role: 'customer', sessionId: mine.sessionId }, { currentPassword: 'the old password!', newPassword: NEW });
    expect((await t.users.byId(ada.id))?.passwordHash).toBe(await fakeHasher().hash(NEW));
    expect((await t.sessions.open(ada.id, t.clock.now())).map((s) => s.id)).toEqual([mine.sessionId]);
    expect((await t.sessions.byId(other.sessionId))?.endedAt).not.toBeNull();
    expect(t.messages.sent).toEqual([{ kind: 'password-changed', to: ada.email, userId: ada.id }]);
  });

  it('ends every session for a token from before sessions', async () => {
    await t.accountSessions.start(ada);
    await change().execute({ userId: ada.id, role: 'customer' }, { currentPassword: 'the old password!', newPassword: NEW });
    expect(await t.sessions.open(ada.id, t.clock.now())).toEqual([]);
  });

  it('refuses a wrong current password, and a new one the policy refuses, changing nothing', async () => {
    const mine = await t.accountSessions.start(ada);
    const actor = { userId: ada.id, role: 'customer' as const, sessionId: mine.sessionId };
    await expect(change().execute(actor, { currentPassword: 'not the password', newPassword: NEW })).rejects.toThrow(WrongPassword);
    await expect(change().execute(actor, { currentPassword: 'the old password!', newPassword: 'short' })).rejects.toThrow(InvalidInput);
    expect(await t.users.byId(ada.id)).toEqual(ada);
    expect(t.messages.sent).toEqual([]);
  });
});
