import { randomUUID } from 'node:crypto';
import type { Lease, Leases } from '../../application/ports/leases.js';

export class MemoryLeases implements Leases {
  private readonly held = new Map<string, { token: string; until: number }>();

  async acquire(name: string, at: Date, ttlMs: number): Promise<Lease | null> {
    const now = at.getTime();
    for (const [key, lease] of this.held) if (lease.until <= now) this.held.delete(key);
    if (this.held.has(name)) return null;
    const token = randomUUID();
    this.held.set(name, { token, until: now + ttlMs });
    return { name, token };
  }

  async release({ name, token }: Lease): Promise<void> {
    if (this.held.get(name)?.token === token) this.held.delete(name);
  }
}
