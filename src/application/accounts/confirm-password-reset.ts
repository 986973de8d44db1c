import { InvalidResetToken } from '../../domain/errors.js';
import { checkPasswordPolicy, isClosed } from '../../domain/user.js';
import type { AccountSessions } from './account-sessions.js';
import type { AuthSession } from './auth-session.js';
import type { AccountMessages, Clock, OpaqueTokens, PasswordHasher, PasswordResets, Users } from '../ports/index.js';

export type ConfirmPasswordResetInput = Readonly<{ token: string; password: string }>;

/**
 * Sets a new password with a reset link's token (once), ends every session the account had and
 * signs it in afresh. A used, void, expired or unknown token fails alike.
 */
export class ConfirmPasswordReset {
  constructor(
    private readonly users: Users,
    private readonly resets: PasswordResets,
    private readonly hasher: PasswordHasher,
    private readonly secrets: OpaqueTokens,
    private readonly sessions: AccountSessions,
    private readonly messages: AccountMessages,
    private readonly clock: Clock,
  ) {}

  async execute(input: ConfirmPasswordResetInput): Promise<AuthSession> {
    // Before the token is spent: a password the policy refuses must not cost the link.
    checkPasswordPolicy(input.password);
    const userId = await this.resets.consume(this.secrets.hash(input.token), this.clock.now());
    const user = userId === null ? null : await this.users.byId(userId);
    if (!user || isClosed(user)) throw new InvalidResetToken();
    const updated = { ...user, passwordHash: await this.hasher.hash(input.password) };
    await this.users.update(updated);
    await this.sessions.endAll(user.id);
    const session = await this.sessions.start(updated);
    await this.messages.passwordChanged(updated);
    return session;
  }
}
