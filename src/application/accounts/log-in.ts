import { InvalidCredentials } from '../../domain/errors.js';
import { PASSWORD_MAX_LENGTH } from '../../domain/user.js';
import { type AuthSession, startSession } from './auth-session.js';
import type { PasswordHasher, Tokens, Users } from '../ports/index.js';

export type LogInInput = Readonly<{ email: string; password: string }>;

export class LogIn {
  constructor(
    private readonly users: Users,
    private readonly hasher: PasswordHasher,
    private readonly tokens: Tokens,
  ) {}

  /** Unknown email and wrong password fail alike, in the same time (the hasher's dummy verify). */
  async execute(input: LogInInput): Promise<AuthSession> {
    if ([...input.password].length > PASSWORD_MAX_LENGTH) throw new InvalidCredentials();
    const user = await this.users.byEmail(input.email.trim().toLowerCase());
    const ok = await this.hasher.verify(user?.passwordHash ?? null, input.password);
    if (!user || !ok) throw new InvalidCredentials();
    return startSession(this.tokens, user);
  }
}
