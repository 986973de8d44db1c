import { beforeEach, describe, expect, it } from 'vitest';
import { LogIn } from '../../../src/application/accounts/log-in.js';
import { InvalidCredentials } from '../../../src/domain/errors.js';
import { type User, closeAccount, closedEmail } from '../../../src/domain/user.js';
import { T0, aUser } from '../../support/builders.js';
import { type Harness, harness } from '../../support/harness.js';

let t: Harness;
beforeEach(() => {
  t = harness();
});

describe('LogIn', () => {
  const logIn = () => new LogIn(t.users, t.hasher, t.accountSessions);
  let ada: User;

  beforeEach(async () => {
    ada = await t.stored(aUser().withEmail('ada@example.com').withPassword('correct horse battery').build());
  });

  it('starts a session for the right email and password: an access token naming it, a refresh token stored as a hash', async () => {
    const session = await logIn().execute({ email: 'ada@example.com', password: 'correct horse battery' });
    expect(session.user.id).toBe(ada.id);
    expect(await t.tokens.verify(session.accessToken)).toEqual({ userId: ada.id, role: 'customer', sessionId: session.sessionId });
    expect(await t.sessions.byId(session.sessionId)).toMatchObject({ userId: ada.id, startedAt: T0, endedAt: null });
    expect(session.refreshToken).toMatch(/^[\w-]{43}$/);
    expect(await t.sessions.refreshToken(session.refreshToken)).toBeNull();
    expect(await t.sessions.refreshToken(t.secrets.hash(session.refreshToken))).toMatchObject({ sessionId: session.sessionId, generation: 0 });
  });

  it('starts a new session each time', async () => {
    const a = await logIn().execute({ email: 'ada@example.com', password: 'correct horse battery' });
    const b = await logIn().execute({ email: 'ada@example.com', password: 'correct horse battery' });
    expect(a.sessionId).not.toBe(b.sessionId);
    expect(await t.sessions.open(ada.id, T0)).toHaveLength(2);
  });

  it('ends the session it started when the password changed while it checked the old one', async () => {
    const racing = new LogIn(t.users, t.hasher, t.accountSessions);
    const verify = t.hasher.verify.bind(t.hasher);
    t.hasher.verify = async (hash, password) => {
      const ok = await verify(hash, password);
      await t.users.update({ ...ada, passwordHash: 'changed meanwhile' });
      return ok;
    };
    await expect(racing.execute({ email: 'ada@example.com', password: 'correct horse battery' })).rejects.toThrow(InvalidCredentials);
    expect(await t.sessions.open(ada.id, T0)).toEqual([]);
  });

  it('treats a closed account as unknown', async () => {
    await t.users.update(closeAccount(ada, T0));
    await expect(logIn().execute({ email: closedEmail(ada.id), password: '' })).rejects.toThrow(InvalidCredentials);
    expect(t.hasher.verified.at(-1)).toEqual({ hash: null, password: '' });
  });

  it('matches the email case-insensitively and ignores surrounding blanks', async () => {
    const session = await logIn().execute({ email: ' ADA@Example.com ', password: 'correct horse battery' });
    expect(session.user.id).toBe(ada.id);
  });

  it('rejects a wrong password with InvalidCredentials', async () => {
    await expect(logIn().execute({ email: 'ada@example.com', password: 'wrong password' })).rejects.toThrow(
      InvalidCredentials,
    );
  });

  it('rejects an unknown email with the same InvalidCredentials, after a dummy verify', async () => {
    const error = await logIn()
      .execute({ email: 'nobody@example.com', password: 'correct horse battery' })
      .catch((e: unknown) => e);
    const wrongPassword = await logIn()
      .execute({ email: 'ada@example.com', password: 'wrong password' })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InvalidCredentials);
    expect((error as Error).message).toBe((wrongPassword as Error).message);
    expect(t.hasher.verified[0]).toEqual({ hash: null, password: 'correct horse battery' });
    expect(t.hasher.verified).toHaveLength(2);
  });

  it('rejects an absurdly long password without verifying it', async () => {
    await expect(logIn().execute({ email: 'ada@example.com', password: 'x'.repeat(100_000) })).rejects.toThrow(
      InvalidCredentials,
    );
    expect(t.hasher.verified).toEqual([]);
  });
});
