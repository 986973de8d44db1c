import { checkPasswordPolicy, normaliseEmail } from '../../domain/user.js';
import type { AccountSessions } from './account-sessions.js';
import type { AuthSession } from './auth-session.js';
import type { Clock, Ids, PasswordHasher, Users } from '../ports/index.js';

export type RegisterUserInput = Readonly<{ name: string; email: string; password: string }>;

/** Creates a customer account and signs it in. Nobody registers as an admin: admins come from configuration. */
export class RegisterUser {
  constructor(
    private readonly users: Users,
    private readonly hasher: PasswordHasher,
    private readonly sessions: AccountSessions,
    private readonly ids: Ids,
    private readonly clock: Clock,
  ) {}

  async execute(input: RegisterUserInput): Promise<AuthSession> {
    const email = normaliseEmail(input.email);
    checkPasswordPolicy(input.password);
    const user = {
      id: this.ids.next(),
      email,
      name: input.name.trim(),
      role: 'customer' as const,
      passwordHash: await this.hasher.hash(input.password),
      createdAt: this.clock.now(),
    };
    await this.users.add(user);
    return this.sessions.start(user);
  }
}
