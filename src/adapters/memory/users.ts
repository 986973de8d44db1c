import type { Users } from '../../application/ports/users.js';
import { EmailTaken, UserNotFound } from '../../domain/errors.js';
import type { User } from '../../domain/user.js';
import { copy } from './page.js';

export class MemoryUsers implements Users {
  private readonly rows = new Map<string, User>();

  async byId(id: string): Promise<User | null> {
    const user = this.rows.get(id);
    return user ? copy(user) : null;
  }

  async byIds(ids: readonly string[]): Promise<User[]> {
    return [...new Set(ids)].flatMap((id) => {
      const user = this.rows.get(id);
      return user ? [copy(user)] : [];
    });
  }

  async byEmail(email: string): Promise<User | null> {
    for (const user of this.rows.values()) if (user.email === email) return copy(user);
    return null;
  }

  async add(user: User): Promise<void> {
    for (const existing of this.rows.values()) if (existing.email === user.email) throw new EmailTaken();
    this.rows.set(user.id, copy(user));
  }

  async update(user: User): Promise<void> {
    if (!this.rows.has(user.id)) throw new UserNotFound();
    for (const other of this.rows.values()) {
      if (other.email === user.email && other.id !== user.id) throw new EmailTaken();
    }
    this.rows.set(user.id, copy(user));
  }
}
