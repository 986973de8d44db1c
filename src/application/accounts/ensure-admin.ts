import { checkPasswordPolicy, normaliseEmail } from '../../domain/user.js';
import type { Clock, Ids, PasswordHasher, Users } from '../ports/index.js';

export type EnsureAdminInput = Readonly<{ email: string; password: string; name?: string }>;

/**
 * Makes sure an admin account with these credentials exists. Idempotent across restarts: an
 * existing account is promoted and its password reset to the configured one only if it differs.
 */
export class EnsureAdmin {
  constructor(
    private readonly users: Users,
    private readonly hasher: PasswordHasher,
    private readonly ids: Ids,
    private readonly clock: Clock,
  ) {}

  async execute(input: EnsureAdminInput): Promise<'created' | 'updated' | 'unchanged'> {
    const email = normaliseEmail(input.email);
    checkPasswordPolicy(input.password);
    const existing = await this.users.byEmail(email);
    if (!existing) {
      await this.users.add({
        id: this.ids.next(),
        email,
        name: input.name ?? 'Administrator',
        role: 'admin',
        passwordHash: await this.hasher.hash(input.password),
        createdAt: this.clock.now(),
      });
      return 'created';
    }
    const passwordMatches = await this.hasher.verify(existing.passwordHash, input.password);
    if (existing.role === 'admin' && passwordMatches) return 'unchanged';
    await this.users.update({
      ...existing,
      role: 'admin',
      passwordHash: passwordMatches ? existing.passwordHash : await this.hasher.hash(input.password),
    });
    return 'updated';
  }
}
