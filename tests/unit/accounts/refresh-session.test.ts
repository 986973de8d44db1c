import { beforeEach, describe, expect, it } from 'vitest';
import { REFRESH_GRACE_MS, RefreshSession } from '../../../src/application/accounts/refresh-session.js';
import { InvalidRefreshToken } from '../../../src/domain/errors.js';
import { type User, closeAccount } from '../../../src/domain/user.js';
import { aUser } from '../../support/builders.js';
import { type Harness, SESSION_TTL_MS, harness } from '../../support/harness.js';

let t: Harness;
let ada: User;
beforeEach(async () => {
  t = harness();
  ada = await t.stored(aUser().build());
});

const refresh = () => new RefreshSession(t.users, t.sessions, t.accountSessions, t.secrets, t.clock);
const refused = (token: string) => expect(refresh().execute(token)).rejects.toThrow(InvalidRefreshToken);
const isOpen = async (sessionId: string) => (await t.sessions.byId(sessionId))?.endedAt === null;

describe('RefreshSession', () => {
  it('trades a refresh token for a new pair of the same session; the new one works, the spent one is spent', async () => {
    const first = await t.accountSessions.start(ada);
    t.clock.advance(60_000);
    const second = await refresh().execute(first.refreshToken);
    expect(second.sessionId).toBe(first.sessionId);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(await t.tokens.verify(second.accessToken)).toEqual({ userId: ada.id, role: 'customer', sessionId: first.sessionId });
    const third = await refresh().execute(second.refreshToken);
    expect(third.sessionId).toBe(first.sessionId);
    expect(await t.sessions.generation(first.sessionId, 2)).toMatchObject({ hash: t.secrets.hash(third.refreshToken) });
  });

  it('gives the just-spent token the same pair again within the grace', async () => {
    const first = await t.accountSessions.start(ada);
    const second = await refresh().execute(first.refreshToken);
    t.clock.advance(REFRESH_GRACE_MS);
    const again = await refresh().execute(first.refreshToken);
    expect(again).toEqual(second);
    expect(await isOpen(first.sessionId)).toBe(true);
  });

  it('gives two refreshes of one token at once the same single new pair', async () => {
    const first = await t.accountSessions.start(ada);
    const [a, b] = await Promise.all([refresh().execute(first.refreshToken), refresh().execute(first.refreshToken)]);
    expect(a).toEqual(b);
    expect(await t.sessions.generation(first.sessionId, 2)).toBeNull();
  });

  it('ends the whole session when a spent token comes back after the grace (reuse: someone else may hold it)', async () => {
    const first = await t.accountSessions.start(ada);
    const second = await refresh().execute(first.refreshToken);
    t.clock.advance(REFRESH_GRACE_MS + 1);
    await refused(first.refreshToken);
    expect(await isOpen(first.sessionId)).toBe(false);
    await refused(second.refreshToken);
  });

  it('ends the session when a spent token comes back after its successor was spent too, even within the grace', async () => {
    const first = await t.accountSessions.start(ada);
    const second = await refresh().execute(first.refreshToken);
    await refresh().execute(second.refreshToken);
    await refused(first.refreshToken);
    expect(await isOpen(first.sessionId)).toBe(false);
  });

  it('refuses unknown tokens, and tokens of ended, expired or closed accounts\' sessions, alike', async () => {
    await refused('not-a-token');
    const ended = await t.accountSessions.start(ada);
    await t.accountSessions.end(ended.sessionId);
    await refused(ended.refreshToken);

    const old = await t.accountSessions.start(ada);
    t.clock.advance(SESSION_TTL_MS);
    await refused(old.refreshToken);

    const closing = await t.accountSessions.start(ada);
    await t.users.update(closeAccount(ada, t.clock.now()));
    await refused(closing.refreshToken);
  });

  it('carries the role the account has now', async () => {
    const first = await t.accountSessions.start(ada);
    await t.users.update({ ...ada, role: 'admin' });
    const next = await refresh().execute(first.refreshToken);
    expect(next.user.role).toBe('admin');
    expect((await t.tokens.verify(next.accessToken)).role).toBe('admin');
  });
});
