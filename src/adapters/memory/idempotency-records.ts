import type { IdempotencyRecords, Reservation, StoredResponse } from '../../application/ports/idempotency-records.js';

type Row = { fingerprint: string; reservedAt: number; response: StoredResponse | null; expiresAt: number; resultId: string };

/** How long an unfinished reservation's record is kept; its lease, not this, decides when it is reservable. */
const RESERVATION_KEPT_MS = 24 * 3600_000;

/** As the response would be sent: through JSON, so the caller never shares an object with the store. */
const asSent = (response: StoredResponse): StoredResponse => ({
  status: response.status,
  headers: { ...response.headers },
  body: response.body === undefined ? null : JSON.parse(JSON.stringify(response.body)),
});

export class MemoryIdempotencyRecords implements IdempotencyRecords {
  private readonly rows = new Map<string, Row>();

  async reserve(scope: string, key: string, fingerprint: string, at: Date, leaseMs: number, resultId: string): Promise<Reservation> {
    const id = JSON.stringify([scope, key]);
    const row = this.rows.get(id);
    const now = at.getTime();
    const live = row && row.expiresAt > now ? row : null;
    if (live?.response) return { state: 'completed', fingerprint: live.fingerprint, response: asSent(live.response) };
    if (live && live.reservedAt > now - leaseMs) return { state: 'in-progress', fingerprint: live.fingerprint };
    const kept = live ? live.resultId : resultId; // a lease that ran out: its result may exist
    this.rows.set(id, { fingerprint, reservedAt: now, response: null, expiresAt: now + RESERVATION_KEPT_MS, resultId: kept });
    return { state: 'reserved', resultId: kept, inherited: live !== null };
  }

  async recordResult(scope: string, key: string, resultId: string): Promise<void> {
    const row = this.rows.get(JSON.stringify([scope, key]));
    if (row && !row.response) row.resultId = resultId;
  }

  async complete(scope: string, key: string, response: StoredResponse, expiresAt: Date): Promise<void> {
    const row = this.rows.get(JSON.stringify([scope, key]));
    if (row) Object.assign(row, { response: asSent(response), expiresAt: expiresAt.getTime() });
  }

  async release(scope: string, key: string): Promise<void> {
    const id = JSON.stringify([scope, key]);
    const row = this.rows.get(id);
    if (row && !row.response) this.rows.delete(id);
  }
}
