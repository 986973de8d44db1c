import { beforeEach, describe, expect, it } from 'vitest';
import { RegisterUser } from '../../../src/application/accounts/register-user.js';
import { EmailTaken, InvalidInput } from '../../../src/domain/errors.js';
import { MAX_EMAIL_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../../src/domain/user.js';
import { T0, fakeHasher } from '../../support/builders.js';
import { type Harness, harness } from '../../support/harness.js';

let t: Harness;
beforeEach(() => {
  t = harness();
});

describe('RegisterUser', () => {
  const register = () => new RegisterUser(t.users, t.hasher, t.accountSessions, t.ids, t.clock);
  const input = { name: ' Ada Lovelace ', email: '  Ada@Example.COM ', password: 'correct horse battery' };

  it('creates a customer with a normalised email and a hashed password', async () => {
    const session = await register().execute(input);

    const user = await t.users.byEmail('ada@example.com');
    expect(user).toEqual({
      id: t.ids.issued[0],
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      role: 'customer',
      passwordHash: await fakeHasher().hash('correct horse battery'),
      createdAt: T0,
    });
    expect(t.hasher.hashed).toEqual(['correct horse battery']);
    expect(session.user).toEqual({
      id: user?.id,
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      role: 'customer',
      createdAt: T0,
    });
    expect(session.user).not.toHaveProperty('passwordHash');
  });

  it('starts a session whose token names the new customer', async () => {
    const session = await register().execute(input);
    expect(session.expiresInSeconds).toBe(3600);
    expect(await t.tokens.verify(session.accessToken)).toEqual({ userId: session.user.id, role: 'customer', sessionId: session.sessionId });
    expect(await t.sessions.open(session.user.id, T0)).toEqual([expect.objectContaining({ id: session.sessionId })]);
  });

  it('rejects an email that is already taken, whatever its case', async () => {
    await register().execute(input);
    await expect(register().execute({ ...input, email: 'ADA@example.com' })).rejects.toThrow(EmailTaken);
    await expect(register().execute({ ...input, email: ' ada@EXAMPLE.com' })).rejects.toThrow(EmailTaken);
  });

  it('rejects an invalid email', async () => {
    for (const email of ['', 'ada', 'ada@', '@example.com', 'ada @example.com', `${'a'.repeat(MAX_EMAIL_LENGTH + 1 - '@example.com'.length)}@example.com`]) {
      await expect(register().execute({ ...input, email }), email).rejects.toThrow(InvalidInput);
    }
    expect(t.hasher.hashed).toEqual([]);
  });

  it(`accepts passwords of ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters, counted in code points`, async () => {
    const emoji = '😀'; // two UTF-16 units, one code point
    await register().execute({ ...input, email: 'a@example.com', password: '1'.repeat(PASSWORD_MIN_LENGTH) });
    await register().execute({ ...input, email: 'b@example.com', password: emoji.repeat(PASSWORD_MAX_LENGTH) });
    await register().execute({ ...input, email: 'c@example.com', password: 'x'.repeat(PASSWORD_MAX_LENGTH) });
    expect(t.hasher.hashed).toHaveLength(3);
  });

  it(`rejects passwords shorter than ${PASSWORD_MIN_LENGTH} code points (NIST 800-63B-4 without MFA)`, async () => {
    await expect(register().execute({ ...input, password: '1'.repeat(PASSWORD_MIN_LENGTH - 1) })).rejects.toThrow(InvalidInput);
    await expect(register().execute({ ...input, password: '😀'.repeat(PASSWORD_MIN_LENGTH - 1) })).rejects.toThrow(InvalidInput);
    expect(await t.users.byEmail('ada@example.com')).toBeNull();
  });

  it('rejects a password that is too long without spending a hash on it', async () => {
    await expect(register().execute({ ...input, password: 'x'.repeat(PASSWORD_MAX_LENGTH + 1) })).rejects.toThrow(InvalidInput);
    await expect(register().execute({ ...input, password: '😀'.repeat(PASSWORD_MAX_LENGTH + 1) })).rejects.toThrow(InvalidInput);
    await expect(register().execute({ ...input, password: 'x'.repeat(1_000_000) })).rejects.toThrow(InvalidInput);
    expect(t.hasher.hashed).toEqual([]);
    expect(await t.users.byEmail('ada@example.com')).toBeNull();
  });
});
