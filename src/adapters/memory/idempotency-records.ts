import type { IdempotencyRecords, Reservation, StoredResponse } from '../../application/ports/idempotency-records.js';
import { copy } from './page.js';

type Row = { fingerprint: string; reservedAt: number; response: StoredResponse | null; expiresAt: number };

export class MemoryIdempotencyRecords implements IdempotencyRecords {
  private readonly rows = new Map<string, Row>();

  async reserve(scope: string, key: string, fingerprint: string, at: Date, leaseMs: number): Promise<Reservation> {
    const id = `${scope}:${key}`;
    const row = this.rows.get(id);
    const now = at.getTime();
    if (row && row.expiresAt > now) {
      if (row.response) return { state: 'completed', fingerprint: row.fingerprint, response: copy(row.response) };
      if (row.reservedAt > now - leaseMs) return { state: 'in-progress', fingerprint: row.fingerprint };
    }
    this.rows.set(id, { fingerprint, reservedAt: now, response: null, expiresAt: now + 24 * 3600_000 });
    return { state: 'reserved' };
  }

  async complete(scope: string, key: string, response: StoredResponse, expiresAt: Date): Promise<void> {
    const row = this.rows.get(`${scope}:${key}`);
    if (row) Object.assign(row, { response: copy(response), expiresAt: expiresAt.getTime() });
  }

  async release(scope: string, key: string): Promise<void> {
    const row = this.rows.get(`${scope}:${key}`);
    if (row && !row.response) this.rows.delete(`${scope}:${key}`);
  }
}
