import { Forbidden, Unauthenticated } from '../../domain/errors.js';
import type { Role, User } from '../../domain/user.js';
import type { Users } from '../ports/users.js';

/** Who is asking, as established by the token; `sessionId` absent for tokens from before sessions. */
export type Actor = Readonly<{ userId: string; role: Role; sessionId?: string }>;

/**
 * Admin rights are checked against the stored account, not only the token: an admin who was
 * demoted or deleted loses them at once, not when the token expires.
 */
export async function requireAdmin(users: Users, actor: Actor): Promise<User> {
  const user = await users.byId(actor.userId);
  if (!user) throw new Unauthenticated();
  if (user.role !== 'admin') throw new Forbidden('Only administrators can do this.');
  return user;
}
