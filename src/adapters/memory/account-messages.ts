import type { AccountMessages } from '../../application/ports/account-messages.js';
import type { User } from '../../domain/user.js';

export type AccountMessage =
  | Readonly<{ kind: 'password-reset'; to: string; userId: string; link: string; expiresAt: Date }>
  | Readonly<{ kind: 'password-changed'; to: string; userId: string }>;

/** Keeps every message, for tests (and, later, a local mailbox). */
export class MemoryAccountMessages implements AccountMessages {
  readonly sent: AccountMessage[] = [];

  async passwordReset(user: User, link: string, expiresAt: Date): Promise<void> {
    this.sent.push({ kind: 'password-reset', to: user.email, userId: user.id, link, expiresAt: new Date(expiresAt.getTime()) });
  }

  async passwordChanged(user: User): Promise<void> {
    this.sent.push({ kind: 'password-changed', to: user.email, userId: user.id });
  }

  /** The token of the latest reset link sent to `email`, or `null`. */
  resetTokenFor(email: string): string | null {
    const message = this.sent.findLast((m) => m.kind === 'password-reset' && m.to === email);
    return message?.kind === 'password-reset' ? new URL(message.link).searchParams.get('token') : null;
  }
}

/** Sends nothing, logs nothing: what production has until the outbox and email are wired in. */
export const unsentAccountMessages: AccountMessages = {
  passwordReset: async () => undefined,
  passwordChanged: async () => undefined,
};
