import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SessionEndings, SessionEndingsSignal } from '../../src/application/ports/session-endings.js';
import type { RefreshToken, Session, Sessions } from '../../src/application/ports/sessions.js';
import { nextId } from '../support/records.js';

export type SessionStore = Readonly<{ sessions: Sessions; sessionEndings: SessionEndings }>;

const DAY = 24 * 3600_000;
// Real time: endings are watched in a window that ends now. Far from any TTL: `until` is a month ahead.
const now = () => new Date();
const hash = () => randomBytes(32).toString('base64url');

function aSession(userId = nextId(), overrides: Partial<Session> = {}): { session: Session; first: RefreshToken } {
  const startedAt = now();
  const session: Session = { id: nextId(), userId, startedAt, until: new Date(startedAt.getTime() + 30 * DAY), endedAt: null, ...overrides };
  return { session, first: { sessionId: session.id, generation: 0, hash: hash(), nonce: '', issuedAt: startedAt, until: session.until } };
}

const successor = (token: RefreshToken, nonce = hash()): RefreshToken =>
  ({ ...token, generation: token.generation + 1, hash: hash(), nonce, issuedAt: now() });

/** Listens to the endings; `until` waits (without sleeping blindly) for a condition on what was heard, for at most `ms`. */
function listen(endings: SessionEndings, options: { pollMs: number; withinMs: number }) {
  const signals: SessionEndingsSignal[] = [];
  const stop = endings.watch((signal) => signals.push(signal), options);
  const ended = () => new Set(signals.flatMap((s) => (s.kind === 'ended' ? s.sessions.map((e) => e.id) : [])));
  const until = async (what: string, test: () => boolean, ms = 10_000) => {
    const deadline = Date.now() + ms;
    while (!test()) {
      if (Date.now() > deadline) throw new Error(`no ${what} within ${ms} ms: ${JSON.stringify(signals)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  return { signals, stop, ended, until, sure: () => signals.at(-1)?.kind === 'sure' || signals.some((s) => s.kind === 'sure') };
}

/**
 * What every `Sessions` adapter (with its `SessionEndings`) must do. `make` returns an empty
 * store; `another`, when the store can be shared, a second connection to it (another process).
 */
export function sessionsContract(make: () => Promise<SessionStore>, another?: () => Promise<SessionStore>): void {
  describe('Sessions contract', () => {
    it('stores a session with its first refresh token, found by id, by hash and by generation', async () => {
      const { sessions } = await make();
      const { session, first } = aSession();
      await sessions.start(session, first);
      expect(await sessions.byId(session.id)).toEqual(session);
      expect(await sessions.refreshToken(first.hash)).toEqual(first);
      expect(await sessions.generation(session.id, 0)).toEqual(first);
      expect(await sessions.generation(session.id, 1)).toBeNull();
      expect(await sessions.byId(nextId())).toBeNull();
      expect(await sessions.refreshToken(hash())).toBeNull();
    });

    it('rotates a generation once: a later rotation of it gets the winner, which is then found by its hash', async () => {
      const { sessions } = await make();
      const { session, first } = aSession();
      await sessions.start(session, first);
      const next = successor(first);
      expect(await sessions.rotate(next)).toEqual({ won: true });
      expect(await sessions.rotate(successor(first))).toEqual({ won: false, winner: next });
      expect(await sessions.refreshToken(next.hash)).toEqual(next);
      expect(await sessions.generation(session.id, 1)).toEqual(next);
      const third = successor(next);
      expect(await sessions.rotate(third)).toEqual({ won: true });
      expect(await sessions.generation(session.id, 2)).toEqual(third);
    });

    it('of 20 concurrent rotations of one generation exactly one wins, and every other caller gets that winner', async () => {
      const { sessions } = await make();
      const { session, first } = aSession();
      await sessions.start(session, first);
      const tries = Array.from({ length: 20 }, () => successor(first));
      const results = await Promise.all(tries.map((t) => sessions.rotate(t)));
      const winners = tries.filter((_, i) => results[i]!.won);
      expect(winners).toHaveLength(1);
      for (const r of results) if (!r.won) expect(r.winner).toEqual(winners[0]);
      expect(await sessions.generation(session.id, 1)).toEqual(winners[0]);
    });

    it("lists a user's open sessions: not ended, not past `until`, not another user's", async () => {
      const { sessions } = await make();
      const userId = nextId();
      const a = aSession(userId);
      const b = aSession(userId);
      const old = aSession(userId, { until: new Date(Date.now() + 1000) });
      const other = aSession();
      for (const s of [a, b, old, other]) await sessions.start(s.session, s.first);
      await sessions.end([b.session.id], now());
      const open = await sessions.open(userId, new Date(Date.now() + 2000));
      expect(open.map((s) => s.id)).toEqual([a.session.id]);
      expect(await sessions.open(nextId(), now())).toEqual([]);
    });

    it('ends sessions for good; ending again, ending none and ending unknown ids change nothing', async () => {
      const { sessions } = await make();
      const a = aSession();
      const b = aSession();
      for (const s of [a, b]) await sessions.start(s.session, s.first);
      const endedAt = now();
      await sessions.end([a.session.id, nextId()], endedAt);
      await sessions.end([], endedAt);
      expect(await sessions.byId(a.session.id)).toEqual({ ...a.session, endedAt });
      expect(await sessions.byId(b.session.id)).toEqual(b.session);
      await sessions.end([a.session.id], new Date(endedAt.getTime() + 5000));
      expect((await sessions.byId(a.session.id))?.endedAt).not.toBeNull();
    });

    it("tells a watcher the endings within its window, then 'sure', then each ending before `end` returns", async () => {
      const store = await make();
      const { sessions } = store;
      const before = aSession();
      await sessions.start(before.session, before.first);
      await sessions.end([before.session.id], now());
      const heard = listen(store.sessionEndings, { pollMs: 600_000, withinMs: 60_000 });
      try {
        await heard.until("'sure'", heard.sure);
        expect(heard.ended().has(before.session.id)).toBe(true);
        const later = aSession();
        await sessions.start(later.session, later.first);
        await sessions.end([later.session.id], now());
        expect(heard.ended().has(later.session.id)).toBe(true);
      } finally {
        heard.stop();
      }
    });

    it('leaves out endings older than the window', async () => {
      const store = await make();
      const old = aSession();
      await store.sessions.start(old.session, old.first);
      await store.sessions.end([old.session.id], new Date(Date.now() - 120_000));
      const heard = listen(store.sessionEndings, { pollMs: 600_000, withinMs: 60_000 });
      try {
        await heard.until("'sure'", heard.sure);
        expect(heard.ended().has(old.session.id)).toBe(false);
      } finally {
        heard.stop();
      }
    });

    if (another) it("tells a watcher on another connection of each ending within its poll interval and a round trip", async () => {
      const store = await make();
      const other = await another!();
      const heard = listen(other.sessionEndings, { pollMs: 100, withinMs: 60_000 });
      try {
        await heard.until("'sure'", heard.sure);
        for (let i = 0; i < 3; i++) {
          const s = aSession();
          await store.sessions.start(s.session, s.first);
          const started = Date.now();
          await store.sessions.end([s.session.id], now());
          await heard.until(`the ending of ${s.session.id}`, () => heard.ended().has(s.session.id), 5_000);
          // 100 ms of poll interval, two reads; a second is what the service promises.
          expect(Date.now() - started).toBeLessThan(1_000);
        }
      } finally {
        heard.stop();
      }
    });
  });
}
