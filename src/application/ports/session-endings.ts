/** A session that ended, and when. */
export type EndedSession = Readonly<{ id: string; endedAt: Date }>;

/**
 * `ended`: these sessions have ended (repeats are harmless); `sure`: every session that ended in
 * the watched window is known from now on, until `unsure`: endings elsewhere can't be followed
 * (the store stopped answering).
 */
export type SessionEndingsSignal =
  | Readonly<{ kind: 'ended'; sessions: readonly EndedSession[] }>
  | Readonly<{ kind: 'sure' }>
  | Readonly<{ kind: 'unsure' }>;

export interface SessionEndings {
  /**
   * Tells `listener` which sessions ended within the last `withinMs`: first those already ended,
   * then `sure`; afterwards each ending made through this storage object synchronously, before
   * `Sessions.end` returns, and each ending made by another process sharing the store within
   * `pollMs` plus a round trip. `unsure` when the store stops answering, then the endings and
   * `sure` again once it answers. Never throws. Stopped by the returned function or `Storage.close()`.
   */
  watch(listener: (signal: SessionEndingsSignal) => void, options: Readonly<{ pollMs: number; withinMs: number }>): () => void;
}
