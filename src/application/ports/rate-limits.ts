export type WindowCount = Readonly<{ count: number; resetAt: Date }>;

export interface RateLimits {
  /**
   * Counts one hit for `key` in the fixed window of `windowMs` that contains `at` (windows start
   * at multiples of `windowMs` since the epoch), and returns the hits so far in that window, this
   * one included, and when the window ends. One counter per `key` and `windowMs`.
   * Atomic across processes sharing the store: N concurrent hits in one window get the counts
   * 1..N, each exactly once. Windows are forgotten once they end.
   *
   * With a `limit`, a hit once the window holds `limit` is refused, not counted: it returns
   * `limit + 1` and stores nothing (an attack on one key costs the store at most `limit` hits per
   * window, and a refused hit at most one read; an instance that saw the window full refuses
   * without asking the store until the window ends).
   */
  hit(key: string, windowMs: number, at: Date, limit?: number): Promise<WindowCount>;
  /** The hits so far in the window of `windowMs` that contains `at`, without counting one. */
  count(key: string, windowMs: number, at: Date): Promise<WindowCount>;
}
