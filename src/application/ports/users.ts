import type { User } from '../../domain/user.js';

export interface Users {
  /** `null` when absent. */
  byId(id: string): Promise<User | null>;
  /** The users with these ids that exist, in no particular order; one round trip. Malformed ids match nothing. */
  byIds(ids: readonly string[]): Promise<User[]>;
  /** Looks up by the normalised email. `null` when absent. */
  byEmail(email: string): Promise<User | null>;
  /** Inserts a new user. Atomic: of concurrent adds with one email exactly one wins; the others throw `EmailTaken`. */
  add(user: User): Promise<void>;
  /** Replaces the stored user with the same id (role and password changes). */
  update(user: User): Promise<void>;
}
