import type { Clock, Mailer } from '../application/ports/index.js';
import { LocalMailbox } from '../adapters/email/local-mailbox.js';
import { MAILBOX_PATH } from '../adapters/email/mailbox-pages.js';
import { SmtpMailer } from '../adapters/email/smtp-mailer.js';
import type { Config } from './config.js';

/**
 * How messages leave: `dropped` (MAIL_TRANSPORT=off: not even recorded), through `mailer`, or
 * nowhere yet (`mailer: null`: recorded, and waiting for a transport). `mailbox` is the embedded
 * mode's local mailbox when it is the mailer. `warning`: for the start-up log and banner.
 */
export type MailSetup = Readonly<{
  dropped: boolean;
  mailer: Mailer | null;
  mailbox: LocalMailbox | null;
  description: string;
  warning: string | null;
}>;

/** SMTP when `SMTP_URL` is set; in the embedded mode (in-memory storage and the local checkout) the local mailbox; otherwise none. */
export function selectMailer(config: Config, embedded: boolean, clock: Clock, given?: Mailer): MailSetup {
  if (config.mail.transport === 'off') {
    return { dropped: true, mailer: null, mailbox: null, description: 'off (MAIL_TRANSPORT=off): messages are dropped', warning: null };
  }
  if (given) return { dropped: false, mailer: given, mailbox: given instanceof LocalMailbox ? given : null, description: given.description, warning: null };
  if (config.mail.smtpUrl) {
    const mailer = new SmtpMailer({ url: config.mail.smtpUrl, from: config.mail.from, shop: config.shop, timeoutMs: config.mail.sendTimeoutMs });
    return { dropped: false, mailer, mailbox: null, description: mailer.description, warning: null };
  }
  if (embedded) {
    const mailbox = new LocalMailbox(config.shop, clock, `${config.appUrl}${MAILBOX_PATH}`);
    return { dropped: false, mailer: mailbox, mailbox, description: mailbox.description, warning: null };
  }
  return {
    dropped: false, mailer: null, mailbox: null,
    description: 'none: messages wait in the outbox (set SMTP_URL)',
    warning: 'SMTP_URL is not set: order confirmations and other messages are recorded in the outbox and wait there until it is (MAIL_TRANSPORT=off drops them instead)',
  };
}
