import type { Sessions } from '../../application/ports/sessions.js';
import type { SessionEndingsSignal } from '../../application/ports/session-endings.js';

export type EndedSessionsOptions = Readonly<{
  /** How long an ending matters: the longest an access token of the session can still be valid. */
  keepMs: number;
  /** Read when endings can't be followed (before the first poll, while the store is unreachable). */
  sessions: Pick<Sessions, 'byId'>;
  now?: () => number;
}>;

export type EndedSessions = Readonly<{
  /** Feed it `SessionEndings.watch`. */
  signal(signal: SessionEndingsSignal): void;
  /**
   * Whether the session has ended. From memory while endings are followed (no I/O, so it costs an
   * authenticated request nothing measurable); from storage otherwise, where a session that is
   * gone counts as ended.
   */
  isEnded(sessionId: string): boolean | Promise<boolean>;
  /** Endings kept now, and whether endings are followed: for tests. */
  size(): number;
  following(): boolean;
}>;

const PRUNE_EVERY_MS = 10_000;

/** The per-process memory of recently ended sessions that the access-token check reads. */
export function endedSessions(options: EndedSessionsOptions): EndedSessions {
  const now = options.now ?? Date.now;
  /** Session id → when its ending stops mattering (epoch ms). */
  const ended = new Map<string, number>();
  let sure = false;
  let pruned = now();

  const prune = (at: number) => {
    pruned = at;
    for (const [id, until] of ended) if (until <= at) ended.delete(id);
  };

  return {
    signal(signal) {
      if (signal.kind === 'ended') {
        for (const { id, endedAt } of signal.sessions) ended.set(id, endedAt.getTime() + options.keepMs);
      } else {
        sure = signal.kind === 'sure';
      }
    },
    isEnded(sessionId) {
      if (!sure) return options.sessions.byId(sessionId).then((session) => session === null || session.endedAt !== null);
      const at = now();
      if (at - pruned >= PRUNE_EVERY_MS) prune(at);
      return ended.has(sessionId);
    },
    size: () => ended.size,
    following: () => sure,
  };
}
