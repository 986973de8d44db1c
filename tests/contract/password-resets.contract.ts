import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { PasswordReset, PasswordResets } from '../../src/application/ports/password-resets.js';
import { nextId } from '../support/records.js';

const MINUTE = 60_000;
// A day ahead of the wall clock, so a real MongoDB's TTL monitor cannot delete a reset mid-test.
const T0 = Date.now() + 24 * 60 * MINUTE;
const at = (minutes: number) => new Date(T0 + minutes * MINUTE);
const hash = () => randomBytes(32).toString('base64url');

const aReset = (userId = nextId(), requestedAt = at(0)): PasswordReset =>
  ({ userId, hash: hash(), requestedAt, expiresAt: new Date(requestedAt.getTime() + 30 * MINUTE) });

/** What every `PasswordResets` adapter must do. `make` returns an empty store. */
export function passwordResetsContract(make: () => Promise<PasswordResets>): void {
  describe('PasswordResets contract', () => {
    it("is used up once: the first consume gets the user's id, every later one null", async () => {
      const resets = await make();
      const reset = aReset();
      await resets.issue(reset);
      expect(await resets.consume(reset.hash, at(1))).toBe(reset.userId);
      expect(await resets.consume(reset.hash, at(2))).toBeNull();
    });

    it('knows no unknown hash, and no reset once it expired', async () => {
      const resets = await make();
      const reset = aReset();
      await resets.issue(reset);
      expect(await resets.consume(hash(), at(1))).toBeNull();
      expect(await resets.consume(reset.hash, at(30))).toBeNull();
      const fresh = aReset();
      await resets.issue(fresh);
      expect(await resets.consume(fresh.hash, at(29.9))).toBe(fresh.userId);
    });

    it("voids a user's earlier reset when a newer one is issued, and leaves other users' alone", async () => {
      const resets = await make();
      const userId = nextId();
      const older = aReset(userId);
      const someoneElse = aReset();
      await resets.issue(older);
      await resets.issue(someoneElse);
      const newer = aReset(userId, at(1));
      await resets.issue(newer);
      expect(await resets.consume(older.hash, at(2))).toBeNull();
      expect(await resets.consume(newer.hash, at(2))).toBe(userId);
      expect(await resets.consume(someoneElse.hash, at(2))).toBe(someoneElse.userId);
    });

    it('of 20 concurrent consumes of one reset exactly one gets the id', async () => {
      const resets = await make();
      const reset = aReset();
      await resets.issue(reset);
      const results = await Promise.all(Array.from({ length: 20 }, () => resets.consume(reset.hash, at(1))));
      expect(results.filter((r) => r !== null)).toEqual([reset.userId]);
    });

    it("of 10 concurrent first requests for one user exactly one reset stays usable", async () => {
      const resets = await make();
      const userId = nextId();
      const issued = Array.from({ length: 10 }, () => aReset(userId));
      await Promise.all(issued.map((r) => resets.issue(r)));
      const results = await Promise.all(issued.map((r) => resets.consume(r.hash, at(1))));
      expect(results.filter((r) => r !== null)).toEqual([userId]);
    });
  });
}
