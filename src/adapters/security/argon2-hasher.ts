import { availableParallelism } from 'node:os';
import argon2 from 'argon2';
import type { PasswordHasher } from '../../application/ports/password-hasher.js';
import { ConcurrencyLimit } from './concurrency-limit.js';

/** OWASP Password Storage Cheat Sheet: argon2id, 19 MiB, 2 iterations, 1 lane. */
export const OWASP_ARGON2ID = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * How many hashes may run at once. Each one holds a libuv threadpool thread and a core for
 * ~20 ms; unbounded, a burst of logins takes every pool thread (queueing whatever else needs
 * the pool: DNS lookups, file reads, WebCrypto) and every core (starving the event loop).
 * So: one core fewer than this process may use, and always one pool thread left free.
 */
export function defaultHashConcurrency(
  cores: number = availableParallelism(),
  poolSize: number = Number(process.env['UV_THREADPOOL_SIZE']) || 4,
): number {
  return Math.max(1, Math.min(cores - 1, poolSize - 1));
}

/** Told how long each hash or verification took, queue wait excluded (for metrics). */
export type HashObserver = (operation: 'hash' | 'verify', seconds: number) => void;

export class Argon2Hasher implements PasswordHasher {
  private dummy: Promise<string> | undefined;
  private readonly limit: ConcurrencyLimit;
  private observer: HashObserver | undefined;

  constructor(
    private readonly options: typeof OWASP_ARGON2ID = OWASP_ARGON2ID,
    maxConcurrent: number = defaultHashConcurrency(),
  ) {
    this.limit = new ConcurrencyLimit(maxConcurrent);
  }

  /** Hashes running and waiting for a slot, right now. */
  get queue(): Readonly<{ running: number; waiting: number; max: number }> {
    return { running: this.limit.active, waiting: this.limit.queued, max: this.limit.max };
  }

  observe(observer: HashObserver): void {
    this.observer = observer;
  }

  hash(password: string): Promise<string> {
    return this.limit.run(() => this.timed('hash', () => argon2.hash(password, this.options)));
  }

  async verify(hash: string | null, password: string): Promise<boolean> {
    if (hash === null) {
      // Same work as a real check, so an unknown email cannot be told apart by timing.
      this.dummy ??= this.limit.run(() => argon2.hash('not-a-real-password', this.options));
      const dummy = await this.dummy;
      await this.limit.run(() => this.timed('verify', () => argon2.verify(dummy, password)));
      return false;
    }
    return this.limit.run(() => this.timed('verify', () => argon2.verify(hash, password))).catch(noMatchIfUnreadable);
  }

  private async timed<T>(operation: 'hash' | 'verify', work: () => Promise<T>): Promise<T> {
    const observer = this.observer;
    if (!observer) return work();
    const started = performance.now();
    try {
      return await work();
    } finally {
      observer(operation, (performance.now() - started) / 1000);
    }
  }
}

/**
 * A stored value that is no PHC hash string (argon2's parser throws a TypeError) matches no
 * password. Anything else (argon2 failing, or a hash string it reads but cannot check) is a fault,
 * not a wrong password: it propagates, so the request fails with a logged 500 instead of counting
 * as a failed login.
 */
function noMatchIfUnreadable(error: unknown): false {
  if (error instanceof TypeError) return false;
  throw error;
}
