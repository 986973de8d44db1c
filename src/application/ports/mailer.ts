import type { Message } from '../../domain/messages.js';

/** One message on its way: `id` is the outbox record's, so every attempt carries the same Message-ID. */
export type OutgoingMessage = Readonly<{ id: string; to: string; message: Message; createdAt: Date }>;

/**
 * Hands messages to whoever delivers them (an SMTP server, the embedded mode's local mailbox).
 * `send` resolves once the message is accepted and rejects otherwise; an error with
 * `permanent: true` says retrying cannot help (the server refused the recipient). Delivery is at
 * least once: after a crash the same message may be handed over again, with the same id.
 */
export interface Mailer {
  /** Where messages go, in a few words, for the startup banner; never a password. */
  readonly description: string;
  send(outgoing: OutgoingMessage): Promise<void>;
}
