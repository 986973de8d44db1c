import { Unauthenticated, WrongPassword } from '../../domain/errors.js';
import { PASSWORD_MAX_LENGTH, checkPasswordPolicy, isClosed } from '../../domain/user.js';
import type { Actor } from '../shared/actor.js';
import type { AccountSessions } from './account-sessions.js';
import type { AccountMessages, PasswordHasher, Users } from '../ports/index.js';

export type ChangePasswordInput = Readonly<{ currentPassword: string; newPassword: string }>;

/** Sets a new password, given the current one, and ends every other session of the account. */
export class ChangePassword {
  constructor(
    private readonly users: Users,
    private readonly hasher: PasswordHasher,
    private readonly sessions: AccountSessions,
    private readonly messages: AccountMessages,
  ) {}

  async execute(actor: Actor, input: ChangePasswordInput): Promise<void> {
    checkPasswordPolicy(input.newPassword);
    const user = await this.users.byId(actor.userId);
    if (!user || isClosed(user)) throw new Unauthenticated();
    if ([...input.currentPassword].length > PASSWORD_MAX_LENGTH || !(await this.hasher.verify(user.passwordHash, input.currentPassword))) {
      throw new WrongPassword();
    }
    const updated = { ...user, passwordHash: await this.hasher.hash(input.newPassword) };
    await this.users.update(updated);
    await this.sessions.endAll(user.id, actor.sessionId);
    await this.messages.passwordChanged(updated);
  }
}
