import { InvalidCredentials } from '../../domain/errors.js';
import { PASSWORD_MAX_LENGTH, isClosed } from '../../domain/user.js';
import type { AccountSessions } from './account-sessions.js';
import type { AuthSession } from './auth-session.js';
import type { PasswordHasher, Users } from '../ports/index.js';

export type LogInInput = Readonly<{ email: string; password: string }>;

export class LogIn {
  constructor(
    private readonly users: Users,
    private readonly hasher: PasswordHasher,
    private readonly sessions: AccountSessions,
  ) {}

  /** Unknown email and wrong password fail alike, in the same time (the hasher's dummy verify). */
  async execute(input: LogInInput): Promise<AuthSession> {
    if ([...input.password].length > PASSWORD_MAX_LENGTH) throw new InvalidCredentials();
    const found = await this.users.byEmail(input.email.trim().toLowerCase());
    const user = found && !isClosed(found) ? found : null;
    const ok = await this.hasher.verify(user?.passwordHash ?? null, input.password);
    if (!user || !ok) throw new InvalidCredentials();
    const session = await this.sessions.start(user);
    // A password change or reset that ran meanwhile ended the sessions it found, perhaps before
    // this one was stored: this login checked the old password, so it must not outlive it.
    const now = await this.users.byId(user.id);
    if (!now || isClosed(now) || now.passwordHash !== user.passwordHash) {
      await this.sessions.end(session.sessionId);
      throw new InvalidCredentials();
    }
    return session;
  }
}
