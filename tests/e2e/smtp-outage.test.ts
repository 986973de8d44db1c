import { afterAll, describe, expect, it } from 'vitest';
import { memoryStorage } from '../../src/adapters/memory/storage.js';
import { testApp } from '../support/app.js';
import { MAILPIT_SMTP_URL, mailpitAvailable, mailpitMessage, messagesTo } from '../support/mailpit.js';
import { paidOrder, settled } from '../support/messages.js';
import { smtpRelay } from '../support/smtp-relay.js';

/** Polls `probe` until it returns a value, for at most `ms`. */
async function eventually<T>(what: string, ms: number, probe: () => Promise<T | null | undefined | false>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!mailpitAvailable)('an SMTP server that is down, then back (Mailpit behind a relay)', () => {
  let relay: Awaited<ReturnType<typeof smtpRelay>>;
  afterAll(async () => relay?.close());

  it('keeps the confirmation pending with its reason while the server is down, and delivers it once when it is back', async () => {
    relay = await smtpRelay(MAILPIT_SMTP_URL!);
    // Down: nothing listens on the relay's port.
    const t = await testApp({ storage: memoryStorage() }, {
      SMTP_URL: relay.url, MAIL_FROM: 'shop@tea.example', OWNER_EMAIL: `owner-${process.pid}-${Date.now()}@example.com`,
      MAIL_RETRY_BASE: '1s', MAIL_SEND_TIMEOUT: '2s',
    });
    const { order, buyer, admin } = await paidOrder(t);
    const auth = { Authorization: `Bearer ${admin}` };
    const confirmation = async () =>
      ((await t.http.get('/api/admin/outbox').set(auth).expect(200)).body as { kind: string; subject: string; status: string; attempts: number; lastError?: string; id: string }[])
        .find((m) => m.kind === 'order-confirmation' && m.subject === order.id)!;

    const waiting = await confirmation();
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringMatching(/ECONNREFUSED|connect/i) });
    // Retried while still down: more attempts, still pending, nothing delivered.
    await eventually('a second failed attempt', 10_000, async () => {
      t.jobs.deliverOutbox!.nudge();
      await t.jobs.deliverOutbox!.idle();
      return (await confirmation()).attempts >= 2;
    });
    expect(await messagesTo(buyer.email)).toEqual([]);

    await relay.up();
    const sent = await eventually('the confirmation to be sent', 15_000, async () => {
      t.jobs.deliverOutbox!.nudge();
      await settled(t);
      const now = await confirmation();
      return now.status === 'sent' ? now : null;
    });
    const arrived = await messagesTo(buyer.email);
    expect(arrived).toHaveLength(1);
    expect(arrived[0]!.MessageID).toBe(`${sent.id}@tea.example`);
    expect((await mailpitMessage(arrived[0]!.ID)).Text).toContain(`order #${order.id.slice(-8).toUpperCase()}`);

    // Later passes send nothing more.
    t.jobs.deliverOutbox!.nudge();
    await settled(t);
    expect(await messagesTo(buyer.email)).toHaveLength(1);
  });
});
