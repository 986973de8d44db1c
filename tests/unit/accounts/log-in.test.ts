import { beforeEach, describe, expect, it } from 'vitest';
import { LogIn } from '../../../src/application/accounts/log-in.js';
import { InvalidCredentials } from '../../../src/domain/errors.js';
import type { User } from '../../../src/domain/user.js';
import { aUser } from '../../support/builders.js';
import { type Harness, harness } from '../../support/harness.js';

let t: Harness;
beforeEach(() => {
  t = harness();
});

describe('LogIn', () => {
  const logIn = () => new LogIn(t.users, t.hasher, t.tokens);
  let ada: User;

  beforeEach(async () => {
    ada = await t.stored(aUser().withEmail('ada@example.com').withPassword('correct horse battery').build());
  });

  it('starts a session for the right email and password', async () => {
    const session = await logIn().execute({ email: 'ada@example.com', password: 'correct horse battery' });
    expect(session.user.id).toBe(ada.id);
    expect(await t.tokens.verify(session.accessToken)).toEqual({ userId: ada.id, role: 'customer' });
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
