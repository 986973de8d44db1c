import { describe, expect, it } from 'vitest';
import type { Users } from '../../src/application/ports/users.js';
import { EmailTaken, UserNotFound } from '../../src/domain/errors.js';
import { closeAccount } from '../../src/domain/user.js';
import { MALFORMED_IDS, mutable, nextId, userRecord } from '../support/records.js';

/** What every `Users` adapter must do. `make` returns an empty repository. */
export function usersContract(make: () => Promise<Users>): void {
  describe('Users contract', () => {
    it('returns null for an id or email it does not have', async () => {
      const users = await make();
      expect(await users.byId(nextId())).toBeNull();
      expect(await users.byEmail('nobody@example.com')).toBeNull();
    });

    it('finds an added user by id and by email, field for field', async () => {
      const users = await make();
      const user = userRecord({ role: 'admin' });
      await users.add(user);
      expect(await users.byId(user.id)).toEqual(user);
      expect(await users.byEmail(user.email)).toEqual(user);
    });

    it('returns null, never throws, for malformed ids and operator objects', async () => {
      const users = await make();
      const user = userRecord();
      await users.add(user);
      for (const id of [...MALFORMED_IDS, user.id.toUpperCase()]) expect(await users.byId(id)).toBeNull();
      expect(await users.byEmail({ $ne: null } as unknown as string)).toBeNull();
      expect(await users.byEmail({ $regex: '.*' } as unknown as string)).toBeNull();
    });

    it('hands out copies: mutating a returned or added user changes nothing stored', async () => {
      const users = await make();
      const user = userRecord();
      const input = { ...user };
      await users.add(input);
      mutable(input).name = 'changed after add';
      const found = await users.byId(user.id);
      mutable(found!).role = 'admin';
      expect(await users.byId(user.id)).toEqual(user);
    });

    it('rejects a second account with the same email with EmailTaken', async () => {
      const users = await make();
      const first = userRecord({ email: 'same@example.com' });
      await users.add(first);
      await expect(users.add(userRecord({ email: 'same@example.com' }))).rejects.toBeInstanceOf(EmailTaken);
      expect(await users.byEmail('same@example.com')).toEqual(first);
    });

    it('of 10 concurrent registrations with one email, exactly one succeeds and the rest get EmailTaken', async () => {
      const users = await make();
      const attempts = Array.from({ length: 10 }, () => userRecord({ email: 'race@example.com' }));
      const results = await Promise.allSettled(attempts.map((u) => users.add(u)));
      const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [attempts[i]!] : []));
      expect(won).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(EmailTaken);
      expect(await users.byEmail('race@example.com')).toEqual(won[0]);
    });

    it('updates role and password hash', async () => {
      const users = await make();
      const user = userRecord();
      await users.add(user);
      const updated = { ...user, role: 'admin' as const, passwordHash: 'new-hash' };
      await users.update(updated);
      expect(await users.byId(user.id)).toEqual(updated);
    });

    it('keeps a closed account as closed, and frees its email for a new account', async () => {
      const users = await make();
      const user = userRecord();
      await users.add(user);
      const closed = closeAccount(user, new Date('2026-02-01T00:00:00.000Z'));
      await users.update(closed);
      expect(await users.byId(user.id)).toEqual(closed);
      expect(await users.byEmail(user.email)).toBeNull();
      const again = userRecord({ email: user.email });
      await users.add(again);
      expect(await users.byEmail(user.email)).toEqual(again);
    });

    it('refuses to update a user it does not have (UserNotFound) or onto a taken email (EmailTaken)', async () => {
      const users = await make();
      const [a, b] = [userRecord(), userRecord()];
      await users.add(a);
      await users.add(b);
      await expect(users.update(userRecord())).rejects.toBeInstanceOf(UserNotFound);
      await expect(users.update({ ...b, email: a.email })).rejects.toBeInstanceOf(EmailTaken);
      expect(await users.byId(b.id)).toEqual(b);
    });

    it('finds several users by id in one call, skipping unknown and malformed ids and repeats', async () => {
      const users = await make();
      const [a, b, c] = [userRecord(), userRecord(), userRecord()];
      for (const u of [a, b, c]) await users.add(u);
      const found = await users.byIds([b.id, a.id, b.id, nextId(), 'abc', '{}', a.id.toUpperCase()]);
      expect(found.map((u) => u.id).sort()).toEqual([a.id, b.id].sort());
      expect(found.find((u) => u.id === a.id)).toEqual(a);
      expect(await users.byIds([])).toEqual([]);
    });
  });
}
