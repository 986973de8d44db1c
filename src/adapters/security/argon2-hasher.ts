import argon2 from 'argon2';
import type { PasswordHasher } from '../../application/ports/password-hasher.js';

/** OWASP Password Storage Cheat Sheet: argon2id, 19 MiB, 2 iterations, 1 lane. */
export const OWASP_ARGON2ID = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export class Argon2Hasher implements PasswordHasher {
  private dummy: Promise<string> | undefined;

  constructor(private readonly options: typeof OWASP_ARGON2ID = OWASP_ARGON2ID) {}

  hash(password: string): Promise<string> {
    return argon2.hash(password, this.options);
  }

  async verify(hash: string | null, password: string): Promise<boolean> {
    if (hash === null) {
      // Same work as a real check, so an unknown email cannot be told apart by timing.
      this.dummy ??= argon2.hash('not-a-real-password', this.options);
      await argon2.verify(await this.dummy, password).catch(() => false);
      return false;
    }
    return argon2.verify(hash, password).catch(() => false);
  }
}
