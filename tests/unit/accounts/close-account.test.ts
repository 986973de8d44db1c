import { beforeEach, describe, expect, it } from 'vitest';
import { CloseAccount } from '../../../src/application/accounts/close-account.js';
import { Forbidden, WrongPassword } from '../../../src/domain/errors.js';
import type { User } from '../../../src/domain/user.js';
import { T0, aUser } from '../../support/builders.js';
import { type Harness, harness } from '../../support/harness.js';

let t: Harness;
let ada: User;
beforeEach(async () => {
  t = harness();
  ada = await t.stored(aUser().withEmail('ada@example.com').named('Ada Lovelace').withPassword('the old password!').build());
});

const close = () => new CloseAccount(t.users, t.hasher, t.accountSessions, t.clock, t.orders);

describe('CloseAccount', () => {
  it('erases the email and name, drops the password, ends every session, and frees the email', async () => {
    await t.accountSessions.start(ada);
    await t.accountSessions.start(ada);
    await close().execute({ userId: ada.id, role: 'customer' }, 'the old password!');
    const closed = await t.users.byId(ada.id);
    expect(closed).toEqual({ ...ada, email: `closed:${ada.id}`, name: 'Closed account', passwordHash: '', closedAt: T0 });
    expect(JSON.stringify(closed)).not.toMatch(/ada@example\.com|Lovelace/);
    expect(await t.sessions.open(ada.id, T0)).toEqual([]);
    expect(await t.users.byEmail('ada@example.com')).toBeNull();
  });

  it('refuses a wrong password, and an administrator, changing nothing', async () => {
    await expect(close().execute({ userId: ada.id, role: 'customer' }, 'not the password')).rejects.toThrow(WrongPassword);
    const admin = await t.stored(aUser().withEmail('admin@example.com').admin().withPassword('admin password 123').build());
    await expect(close().execute({ userId: admin.id, role: 'admin' }, 'admin password 123')).rejects.toThrow(Forbidden);
    expect(await t.users.byId(ada.id)).toEqual(ada);
    expect(await t.users.byId(admin.id)).toEqual(admin);
  });
});
