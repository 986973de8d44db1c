import { beforeEach, describe, expect, it } from 'vitest';
import { ConfirmPasswordReset } from '../../../src/application/accounts/confirm-password-reset.js';
import { RequestPasswordReset } from '../../../src/application/accounts/request-password-reset.js';
import { InvalidInput, InvalidResetToken } from '../../../src/domain/errors.js';
import type { User } from '../../../src/domain/user.js';
import { aUser, fakeHasher } from '../../support/builders.js';
import { type Harness, MINUTE, harness } from '../../support/harness.js';

let t: Harness;
let ada: User;
beforeEach(async () => {
  t = harness();
  ada = await t.stored(aUser().withEmail('ada@example.com').withPassword('the old password!').build());
});

const linkFor = async () => {
  await new RequestPasswordReset(t.users, t.passwordResets, t.secrets, t.messages, t.clock, { ttlMs: 30 * MINUTE, url: 'http://shop.test/account/reset' }).execute(ada.email);
  return t.messages.resetTokenFor(ada.email)!;
};
const confirm = () => new ConfirmPasswordReset(t.users, t.passwordResets, t.hasher, t.secrets, t.accountSessions, t.messages, t.clock);
const NEW = 'a brand new passphrase';

describe('ConfirmPasswordReset', () => {
  it('sets the new password, ends every earlier session, signs in afresh and tells the owner', async () => {
    const earlier = [await t.accountSessions.start(ada), await t.accountSessions.start(ada)];
    const token = await linkFor();
    const session = await confirm().execute({ token, password: NEW });
    expect((await t.users.byId(ada.id))?.passwordHash).toBe(await fakeHasher().hash(NEW));
    for (const s of earlier) expect((await t.sessions.byId(s.sessionId))?.endedAt).not.toBeNull();
    expect((await t.sessions.open(ada.id, t.clock.now())).map((s) => s.id)).toEqual([session.sessionId]);
    expect(session.user.id).toBe(ada.id);
    expect(t.messages.sent.at(-1)).toEqual({ kind: 'password-changed', to: ada.email, userId: ada.id });
  });

  it('refuses a used, a void, an expired and an unknown token with the one InvalidResetToken', async () => {
    const used = await linkFor();
    await confirm().execute({ token: used, password: NEW });
    const voided = await linkFor();
    const current = await linkFor();
    const errors = await Promise.all([used, voided, 'made-up-token'].map((token) => confirm().execute({ token, password: NEW }).catch((e: unknown) => e)));
    t.clock.advance(30 * MINUTE);
    errors.push(await confirm().execute({ token: current, password: NEW }).catch((e: unknown) => e));
    for (const error of errors) expect(error).toBeInstanceOf(InvalidResetToken);
    expect(new Set(errors.map((e) => (e as Error).message)).size).toBe(1);
  });

  it('checks the new password before spending the token', async () => {
    const token = await linkFor();
    await expect(confirm().execute({ token, password: 'too short' })).rejects.toThrow(InvalidInput);
    await confirm().execute({ token, password: NEW });
  });

  it('lets one of two confirmations with one token through', async () => {
    const token = await linkFor();
    const results = await Promise.allSettled([confirm().execute({ token, password: NEW }), confirm().execute({ token, password: `${NEW} 2` })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });
});
