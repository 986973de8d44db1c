import type { PasswordReset, PasswordResets } from '../../application/ports/password-resets.js';
import { copy } from './page.js';

export class MemoryPasswordResets implements PasswordResets {
  /** Each user's outstanding reset, found by its hash; an older one is dropped when a newer is issued. */
  private readonly byHash = new Map<string, PasswordReset>();
  private readonly hashOf = new Map<string, string>();
  /** Hashes used, until their reset would have expired. */
  private readonly used = new Map<string, number>();

  async issue(reset: PasswordReset): Promise<void> {
    const older = this.hashOf.get(reset.userId);
    if (older !== undefined) this.byHash.delete(older);
    this.byHash.set(reset.hash, copy(reset));
    this.hashOf.set(reset.userId, reset.hash);
  }

  async consume(hash: string, at: Date): Promise<string | null> {
    for (const [key, expires] of this.used) if (expires <= at.getTime()) this.used.delete(key);
    const reset = this.byHash.get(hash);
    if (!reset || reset.expiresAt.getTime() <= at.getTime() || this.used.has(hash)) return null;
    this.used.set(hash, reset.expiresAt.getTime());
    return reset.userId;
  }
}
