import { Forbidden } from '../domain/errors.js';
import type { Role } from '../domain/user.js';

/** Who is asking, as established by the token. */
export type Actor = Readonly<{ userId: string; role: Role }>;

export function requireAdmin(actor: Actor): void {
  if (actor.role !== 'admin') throw new Forbidden('Only administrators can do this.');
}
