import { createTransport } from 'nodemailer';
import type { Mailer, OutgoingMessage } from '../../application/ports/mailer.js';
import { type ShopIdentity, render } from './templates/index.js';

export type SmtpSettings = Readonly<{
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`. */
  url: string;
  from: Readonly<{ name: string; address: string }>;
  shop: ShopIdentity;
  /** Bounds connecting, the greeting and every silence of the server, so a send never outlives its lease. */
  timeoutMs: number;
}>;

/** `host:port`, never the credentials, for the banner and logs. */
export function smtpHost(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || (parsed.protocol === 'smtps:' ? '465' : '587')}`;
  } catch {
    return '(unparsable SMTP_URL)';
  }
}

/** The server refused the recipient (5xx to RCPT TO): sending again cannot help. */
function isPermanent(error: unknown): boolean {
  const e = error as { code?: unknown; responseCode?: unknown };
  return e.code === 'EENVELOPE' && typeof e.responseCode === 'number' && e.responseCode >= 500;
}

/**
 * Email through an SMTP server (nodemailer). Addresses go in as address objects and every header
 * is set by nodemailer, which encodes it: nothing in a message can add a header or a recipient.
 * The Message-ID is the outbox record's id, the same on every attempt.
 */
export class SmtpMailer implements Mailer {
  readonly description: string;
  private readonly transport;
  private readonly domain: string;

  constructor(private readonly settings: SmtpSettings) {
    this.description = `SMTP (${smtpHost(settings.url)})`;
    this.domain = settings.from.address.split('@').pop()!;
    this.transport = createTransport({
      url: settings.url,
      connectionTimeout: settings.timeoutMs,
      greetingTimeout: settings.timeoutMs,
      socketTimeout: settings.timeoutMs,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  }

  async send({ id, to, message }: OutgoingMessage): Promise<void> {
    const { subject, text, html } = render(message, this.settings.shop);
    try {
      await this.transport.sendMail({
        from: { name: this.settings.from.name, address: this.settings.from.address },
        to: { name: '', address: to },
        subject,
        text,
        html,
        messageId: `<${id}@${this.domain}>`,
      });
    } catch (error) {
      // nodemailer calls every 5xx permanent; a refused login (535) is a setting to fix, and the
      // messages should still go out once it is, so only a refused recipient is given up on.
      if (error !== null && typeof error === 'object') Object.assign(error, { permanent: isPermanent(error) });
      throw error;
    }
  }
}
