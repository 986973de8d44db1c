import { describe, expect, it } from 'vitest';
import { endedSessions } from '../../../../src/adapters/security/ended-sessions.js';
import { sessionCheckedTokens } from '../../../../src/adapters/security/session-checked-tokens.js';
import type { Session } from '../../../../src/application/ports/sessions.js';
import type { Tokens } from '../../../../src/application/ports/tokens.js';
import { Unauthenticated } from '../../../../src/domain/errors.js';

const T0 = Date.parse('2026-11-27T10:00:00Z');
const KEEP = 15 * 60_000;
const stored = (id: string, endedAt: Date | null): Session => ({ id, userId: 'u1', startedAt: new Date(T0), until: new Date(T0 + 86_400_000), endedAt });

function cache(rows: Record<string, Session> = {}) {
  let now = T0;
  const reads: string[] = [];
  const ended = endedSessions({
    keepMs: KEEP,
    now: () => now,
    sessions: { byId: async (id) => { reads.push(id); return rows[id] ?? null; } },
  });
  return { ended, reads, advance: (ms: number) => { now += ms; } };
}

describe('endedSessions', () => {
  it('answers from memory while endings are followed, without reading storage', async () => {
    const { ended, reads } = cache();
    ended.signal({ kind: 'ended', sessions: [{ id: 'old', endedAt: new Date(T0 - 1000) }] });
    ended.signal({ kind: 'sure' });
    expect(ended.isEnded('old')).toBe(true);
    expect(ended.isEnded('live')).toBe(false);
    ended.signal({ kind: 'ended', sessions: [{ id: 'live', endedAt: new Date(T0) }] });
    expect(ended.isEnded('live')).toBe(true);
    expect(reads).toEqual([]);
  });

  it('reads storage before it follows endings and while it cannot; a session that is gone counts as ended', async () => {
    const { ended, reads } = cache({ live: stored('live', null), over: stored('over', new Date(T0)) });
    expect(await ended.isEnded('live')).toBe(false);
    expect(await ended.isEnded('over')).toBe(true);
    expect(await ended.isEnded('gone')).toBe(true);
    ended.signal({ kind: 'sure' });
    ended.signal({ kind: 'unsure' });
    expect(await ended.isEnded('live')).toBe(false);
    expect(reads).toEqual(['live', 'over', 'gone', 'live']);
    expect(ended.following()).toBe(false);
  });

  it('forgets an ending once no access token of its session can still be valid', async () => {
    const { ended, advance } = cache();
    ended.signal({ kind: 'sure' });
    ended.signal({ kind: 'ended', sessions: [{ id: 's', endedAt: new Date(T0) }] });
    advance(KEEP - 1);
    expect(ended.isEnded('s')).toBe(true);
    advance(10_001);
    expect(ended.isEnded('s')).toBe(false);
    expect(ended.size()).toBe(0);
  });
});

describe('sessionCheckedTokens', () => {
  const inner = (claims: Awaited<ReturnType<Tokens['verify']>>): Tokens => ({
    issue: async () => ({ token: 't', expiresInSeconds: 900 }),
    verify: async () => claims,
  });

  it('refuses a token of an ended session and passes one of a live session, or of none (issued before sessions)', async () => {
    const check = { isEnded: (id: string) => id === 'ended' };
    await expect(sessionCheckedTokens(inner({ userId: 'u', role: 'customer', sessionId: 'ended' }), check).verify('x')).rejects.toThrow(Unauthenticated);
    expect(await sessionCheckedTokens(inner({ userId: 'u', role: 'customer', sessionId: 'live' }), check).verify('x')).toEqual({ userId: 'u', role: 'customer', sessionId: 'live' });
    expect(await sessionCheckedTokens(inner({ userId: 'u', role: 'customer' }), check).verify('x')).toEqual({ userId: 'u', role: 'customer' });
  });
});
