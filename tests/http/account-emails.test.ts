import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../src/adapters/memory/storage.js';
import { testApp } from '../support/app.js';

type Mail = { to: string; subject: string; text: string };

/** The embedded mode, whatever TEST_HTTP_STORAGE says: the mailbox exists only there. */
const embedded = () => testApp({ storage: memoryStorage() }, { SHOP_NAME: 'Tea & Co' });

async function mailTo(t: Awaited<ReturnType<typeof embedded>>, email: string, count: number): Promise<Mail[]> {
  for (let i = 0; i < 50; i++) {
    const mine = ((await t.http.get('/mailbox/messages').expect(200)).body as Mail[]).filter((m) => m.to === email);
    if (mine.length >= count) return mine;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`fewer than ${count} messages reached ${email}`);
}

describe('account messages reach the customer through the outbox', () => {
  it('sends a working reset link, then tells the customer the password changed; the old session ends', async () => {
    const t = await embedded();
    const customer = await t.register();
    await t.http.post('/api/auth/password-reset').send({ email: customer.email }).expect(202);

    const [reset] = await mailTo(t, customer.email, 1);
    const token = /\/account\/reset\?token=([A-Za-z0-9_-]+)/.exec(reset!.text)?.[1];
    expect(token, reset!.text).toBeDefined();

    const newPassword = 'a brand new passphrase';
    const confirmed = await t.http.post('/api/auth/password-reset/confirm').send({ token, password: newPassword }).expect(200);
    expect(confirmed.body.access_token).toEqual(expect.any(String));
    await t.http.get('/api/auth/profile').set('Authorization', `Bearer ${customer.token}`).expect(401);
    await t.http.post('/api/auth/login').send({ email: customer.email, password: newPassword }).expect(200);

    const messages = await mailTo(t, customer.email, 2);
    expect(messages.map((m) => m.subject).join(' | ')).toMatch(/password/i);
    // A reset link works once.
    await t.http.post('/api/auth/password-reset/confirm').send({ token, password: 'yet another passphrase' }).expect(400);
  });
});
