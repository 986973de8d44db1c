import type { RefreshToken, Rotation, Session, Sessions } from '../../application/ports/sessions.js';
import type { EndedSession, SessionEndings, SessionEndingsSignal } from '../../application/ports/session-endings.js';
import { copy } from './page.js';

const SWEEP_EVERY_MS = 60_000;

/** One process holds every session: endings are heard at once, nothing is polled. */
export class MemorySessionEndings implements SessionEndings {
  private readonly listeners = new Set<(signal: SessionEndingsSignal) => void>();

  constructor(private readonly endedSince: (since: Date) => EndedSession[]) {}

  watch(listener: (signal: SessionEndingsSignal) => void, { withinMs }: Readonly<{ pollMs: number; withinMs: number }>): () => void {
    this.listeners.add(listener);
    listener({ kind: 'ended', sessions: this.endedSince(new Date(Date.now() - withinMs)) });
    listener({ kind: 'sure' });
    return () => this.listeners.delete(listener);
  }

  /** For the sessions adapter, after each ending. */
  ended(sessions: readonly EndedSession[]): void {
    for (const listener of this.listeners) listener({ kind: 'ended', sessions });
  }
}

export class MemorySessions implements Sessions {
  private readonly rows = new Map<string, Session>();
  /** `<sessionId>#<generation>` → token. */
  private readonly generations = new Map<string, RefreshToken>();
  private readonly byHash = new Map<string, RefreshToken>();
  private readonly ofUser = new Map<string, Set<string>>();
  private swept = Number.NEGATIVE_INFINITY;
  readonly endings = new MemorySessionEndings((since) => this.endedSince(since));

  async start(session: Session, first: RefreshToken): Promise<void> {
    this.sweep(session.startedAt);
    this.rows.set(session.id, copy(session));
    const mine = this.ofUser.get(session.userId) ?? new Set();
    this.ofUser.set(session.userId, mine.add(session.id));
    this.keep(first);
  }

  async byId(id: string): Promise<Session | null> {
    const session = this.rows.get(id);
    return session ? copy(session) : null;
  }

  async refreshToken(hash: string): Promise<RefreshToken | null> {
    const token = this.byHash.get(hash);
    return token ? copy(token) : null;
  }

  async generation(sessionId: string, generation: number): Promise<RefreshToken | null> {
    const token = this.generations.get(`${sessionId}#${generation}`);
    return token ? copy(token) : null;
  }

  async rotate(next: RefreshToken): Promise<Rotation> {
    const winner = this.generations.get(`${next.sessionId}#${next.generation}`);
    if (winner) return { won: false, winner: copy(winner) };
    this.keep(next);
    return { won: true };
  }

  async open(userId: string, at: Date): Promise<Session[]> {
    return [...(this.ofUser.get(userId) ?? [])].flatMap((id) => {
      const session = this.rows.get(id);
      return session && session.endedAt === null && session.until.getTime() > at.getTime() ? [copy(session)] : [];
    });
  }

  async end(ids: readonly string[], at: Date): Promise<void> {
    const ended: EndedSession[] = [];
    for (const id of ids) {
      const session = this.rows.get(id);
      if (!session || session.endedAt !== null) continue;
      this.rows.set(id, { ...session, endedAt: new Date(at.getTime()) });
      ended.push({ id, endedAt: new Date(at.getTime()) });
    }
    if (ended.length > 0) this.endings.ended(ended);
  }

  private keep(token: RefreshToken): void {
    const stored = copy(token);
    this.generations.set(`${token.sessionId}#${token.generation}`, stored);
    this.byHash.set(token.hash, stored);
  }

  private endedSince(since: Date): EndedSession[] {
    return [...this.rows.values()].flatMap((s) => (s.endedAt && s.endedAt >= since ? [{ id: s.id, endedAt: new Date(s.endedAt.getTime()) }] : []));
  }

  /** Forgets sessions a day past `until` (with their tokens), at most once a minute, so the embedded mode does not grow for good. */
  private sweep(now: Date): void {
    if (now.getTime() - this.swept < SWEEP_EVERY_MS) return;
    this.swept = now.getTime();
    const forget = now.getTime() - 24 * 3600_000;
    for (const [id, session] of this.rows) {
      if (session.until.getTime() > forget) continue;
      this.rows.delete(id);
      this.ofUser.get(session.userId)?.delete(id);
      for (let g = 0; this.generations.has(`${id}#${g}`); g++) {
        this.byHash.delete(this.generations.get(`${id}#${g}`)!.hash);
        this.generations.delete(`${id}#${g}`);
      }
    }
  }
}
