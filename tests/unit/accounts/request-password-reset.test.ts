import { beforeEach, describe, expect, it } from 'vitest';
import { RequestPasswordReset, resetLink } from '../../../src/application/accounts/request-password-reset.js';
import { type User, closeAccount } from '../../../src/domain/user.js';
import { T0, aUser } from '../../support/builders.js';
import { type Harness, MINUTE, harness } from '../../support/harness.js';

let t: Harness;
let ada: User;
beforeEach(async () => {
  t = harness();
  ada = await t.stored(aUser().withEmail('ada@example.com').build());
});

const request = () => new RequestPasswordReset(t.users, t.passwordResets, t.secrets, t.messages, t.clock, { ttlMs: 30 * MINUTE, url: 'https://shop.example/account/reset?from=mail' });

describe('RequestPasswordReset', () => {
  it('sends the owner a link to the configured page with a token that is stored only as its hash', async () => {
    await request().execute('  ADA@example.com ');
    expect(t.messages.sent).toEqual([{
      kind: 'password-reset', to: 'ada@example.com', userId: ada.id,
      link: expect.stringMatching(/^https:\/\/shop\.example\/account\/reset\?from=mail&token=[\w-]{43}$/),
      expiresAt: new Date(T0.getTime() + 30 * MINUTE),
    }]);
    const token = t.messages.resetTokenFor('ada@example.com')!;
    expect(await t.passwordResets.consume(token, t.clock.now())).toBeNull();
    expect(await t.passwordResets.consume(t.secrets.hash(token), t.clock.now())).toBe(ada.id);
  });

  it('sends nothing, and says nothing, for an unknown email, a non-email or a closed account', async () => {
    await request().execute('nobody@example.com');
    await request().execute('not an email');
    await t.users.update(closeAccount(ada, T0));
    await request().execute('ada@example.com');
    expect(t.messages.sent).toEqual([]);
  });

  it('voids the links sent before', async () => {
    await request().execute('ada@example.com');
    const first = t.messages.resetTokenFor('ada@example.com')!;
    await request().execute('ada@example.com');
    const second = t.messages.resetTokenFor('ada@example.com')!;
    expect(await t.passwordResets.consume(t.secrets.hash(first), t.clock.now())).toBeNull();
    expect(await t.passwordResets.consume(t.secrets.hash(second), t.clock.now())).toBe(ada.id);
  });
});

describe('resetLink', () => {
  it('adds the token as a query parameter, keeping what the configured URL has', () => {
    expect(resetLink('http://localhost:3000/account/reset', 'abc')).toBe('http://localhost:3000/account/reset?token=abc');
    expect(resetLink('https://shop.example/reset?lang=en#top', 'a-b_c')).toBe('https://shop.example/reset?lang=en&token=a-b_c#top');
  });
});
