import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Mailer, OutgoingMessage } from '../../src/application/ports/mailer.js';
import type { Message } from '../../src/domain/messages.js';

/** What arrived for one recipient, however the adapter under test lets us read it. */
export type Received = Readonly<{ messageId: string; to: readonly string[]; subject: string; text: string; html: string }>;

export type MailerUnderTest = Readonly<{
  mailer: Mailer;
  /** Every message that arrived for `address`; waits (a little) for at least `count`. */
  received(address: string, count: number): Promise<Received[]>;
}>;

export const SHOP = { name: 'Tea & Co', storefrontUrl: 'https://tea.example', locale: 'en-GB' } as const;

const address = (who: string) => `${who}-${randomBytes(4).toString('hex')}@example.com`;
const id = () => randomBytes(12).toString('hex');

const confirmation = (customerName: string, lineName = 'Teapot'): Message => ({
  kind: 'order-confirmation',
  data: { orderId: '65f0000000000000000000aa', customerName, lines: [{ name: lineName, quantity: 2, unitAmount: 1250 }], total: { amount: 2500, currency: 'gbp' } },
});

const outgoing = (to: string, message: Message, messageId = id()): OutgoingMessage => ({ id: messageId, to, message, createdAt: new Date() });

/** What every `Mailer` must do. `make` returns a mailer and a way to read what it delivered. */
export function mailerContract(make: () => Promise<MailerUnderTest>): void {
  describe('Mailer contract', () => {
    it('delivers the message to its recipient: subject, text and HTML from the template, named by the record id', async () => {
      const { mailer, received } = await make();
      const to = address('ada');
      const sent = outgoing(to, confirmation('Ada'));
      await mailer.send(sent);
      const [got, ...more] = await received(to, 1);
      expect(more).toEqual([]);
      expect(got!.to).toEqual([to]);
      expect(got!.messageId).toContain(sent.id);
      expect(got!.subject).toBe('Tea & Co: order #000000AA is confirmed');
      expect(got!.text).toContain('Hello Ada,');
      expect(got!.text).toContain('2 × Teapot  £25.00');
      expect(got!.html).toContain('Tea &amp; Co');
      expect(got!.html).toContain('£25.00');
    });

    it('lets no name add a header or a recipient, and escapes names in the HTML part', async () => {
      const { mailer, received } = await make();
      const to = address('eve');
      const victim = address('victim');
      await mailer.send(outgoing(to, confirmation(`Eve\r\nBcc: ${victim}\r\n\r\n<img src=x onerror=alert(1)>`, 'Cup\r\nX-Injected: yes')));
      const [got] = await received(to, 1);
      expect(got!.to).toEqual([to]);
      expect(got!.text).not.toMatch(/^Bcc:/m);
      expect(got!.text).not.toMatch(/^X-Injected:/m);
      expect(got!.html).not.toContain('<img');
      expect(got!.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(await received(victim, 0)).toEqual([]);
    });

    it('hands the same message over twice under the same id: recognisable as one', async () => {
      const { mailer, received } = await make();
      const to = address('bo');
      const sent = outgoing(to, confirmation('Bo'));
      await mailer.send(sent);
      await mailer.send(sent);
      const copies = await received(to, 1);
      expect(copies.length).toBeGreaterThanOrEqual(1);
      expect(new Set(copies.map((c) => c.messageId)).size).toBe(1);
    });
  });
}
