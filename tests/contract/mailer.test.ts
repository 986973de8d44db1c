import { describe } from 'vitest';
import { LocalMailbox } from '../../src/adapters/email/local-mailbox.js';
import { SmtpMailer } from '../../src/adapters/email/smtp-mailer.js';
import { fixedClock } from '../support/builders.js';
import { MAILPIT_SMTP_URL, mailpitAvailable, mailpitMessage, messagesTo, waitForMessages } from '../support/mailpit.js';
import { SHOP, mailerContract } from './mailer.contract.js';

describe('local mailbox', () => {
  mailerContract(async () => {
    const mailbox = new LocalMailbox(SHOP, fixedClock(), 'http://shop.test/mailbox');
    return {
      mailer: mailbox,
      received: async (address) => mailbox.list().filter((m) => m.to === address).map((m) => ({ messageId: m.id, to: [m.to], subject: m.subject, text: m.text, html: m.html })),
    };
  });
});

describe.skipIf(!mailpitAvailable)('SMTP, on Mailpit', () => {
  mailerContract(async () => ({
    mailer: new SmtpMailer({ url: MAILPIT_SMTP_URL!, from: { name: 'Tea & Co', address: 'shop@tea.example' }, shop: SHOP, timeoutMs: 5000 }),
    async received(address, count) {
      const found = count > 0 ? await waitForMessages(address, count) : await messagesTo(address);
      return Promise.all(found.map(async (summary) => {
        const m = await mailpitMessage(summary.ID);
        return { messageId: m.MessageID, to: [...m.To, ...(m.Cc ?? []), ...(m.Bcc ?? [])].map((a) => a.Address), subject: m.Subject, text: m.Text, html: m.HTML };
      }));
    },
  }));
});
