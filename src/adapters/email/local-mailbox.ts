import type { Clock } from '../../application/ports/clock.js';
import type { Mailer, OutgoingMessage } from '../../application/ports/mailer.js';
import { type ShopIdentity, render } from './templates/index.js';

/** A message as the local mailbox shows it. `id` is the outbox record's, as in the Message-ID of real email. */
export type MailboxMessage = Readonly<{ id: string; to: string; subject: string; text: string; html: string; createdAt: Date }>;

/** Enough to follow a demo; older ones go first. */
const KEPT = 500;

/**
 * The embedded mode's mailer: messages are kept in this process's memory, newest first, and shown
 * at `GET /mailbox`. A message handed over again (same id) replaces its earlier copy.
 */
export class LocalMailbox implements Mailer {
  readonly description: string;
  private readonly messages: MailboxMessage[] = [];

  constructor(
    private readonly shop: ShopIdentity,
    private readonly clock: Clock,
    /** Where the mailbox page is, for the banner. */
    pageUrl: string,
  ) {
    this.description = `local mailbox (${pageUrl})`;
  }

  async send({ id, to, message }: OutgoingMessage): Promise<void> {
    const rendered = render(message, this.shop);
    const earlier = this.messages.findIndex((m) => m.id === id);
    if (earlier >= 0) this.messages.splice(earlier, 1);
    this.messages.unshift({ id, to, ...rendered, createdAt: this.clock.now() });
    this.messages.length = Math.min(this.messages.length, KEPT);
  }

  /** Newest first. */
  list(): MailboxMessage[] {
    return this.messages.map((m) => ({ ...m, createdAt: new Date(m.createdAt.getTime()) }));
  }
}
