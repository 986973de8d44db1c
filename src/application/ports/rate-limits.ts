export type WindowCount = Readonly<{ count: number; resetAt: Date }>;

export interface RateLimits {
  /**
   * Counts one hit for `key` in the fixed window of `windowMs` that contains `at`, and returns
   * the hits so far in that window (this one included) and when the window ends. Atomic across
   * processes sharing the store; windows are forgotten once they end.
   */
  hit(key: string, windowMs: number, at: Date): Promise<WindowCount>;
}
