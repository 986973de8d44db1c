import { isClosed, normaliseEmail } from '../../domain/user.js';
import type { AccountMessages, Clock, OpaqueTokens, PasswordResets, Users } from '../ports/index.js';

export type PasswordResetSettings = Readonly<{
  /** How long a reset link works. */
  ttlMs: number;
  /** The page the link opens, from configuration (never from the request): `?token=…` is added. */
  url: string;
}>;

/** The reset link: `url` with the token as its `token` query parameter. */
export function resetLink(url: string, token: string): string {
  const link = new URL(url);
  link.searchParams.set('token', token);
  return link.toString();
}

/**
 * Sends a reset link to the owner of `email`, if there is one. The caller is told nothing either
 * way; the same work is done either way except storing the reset and handing the message over.
 * A new request voids the links sent before.
 */
export class RequestPasswordReset {
  constructor(
    private readonly users: Users,
    private readonly resets: PasswordResets,
    private readonly secrets: OpaqueTokens,
    private readonly messages: AccountMessages,
    private readonly clock: Clock,
    private readonly settings: PasswordResetSettings,
  ) {}

  async execute(email: string): Promise<void> {
    let found = null;
    try {
      found = await this.users.byEmail(normaliseEmail(email));
    } catch {
      // Not an email address: no account has it.
    }
    const token = this.secrets.random();
    const hash = this.secrets.hash(token);
    if (!found || isClosed(found)) return;
    const requestedAt = this.clock.now();
    const expiresAt = new Date(requestedAt.getTime() + this.settings.ttlMs);
    await this.resets.issue({ userId: found.id, hash, requestedAt, expiresAt });
    await this.messages.passwordReset(found, resetLink(this.settings.url, token), expiresAt);
  }
}
