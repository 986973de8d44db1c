import type { RateLimits, WindowCount } from '../../application/ports/rate-limits.js';

export class MemoryRateLimits implements RateLimits {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  async hit(key: string, windowMs: number, at: Date, limit = Number.POSITIVE_INFINITY): Promise<WindowCount> {
    const start = Math.floor(at.getTime() / windowMs) * windowMs;
    const id = `${key}@${windowMs}:${start}`;
    const window = this.windows.get(id) ?? { count: 0, resetAt: start + windowMs };
    if (window.count >= limit) return { count: limit + 1, resetAt: new Date(window.resetAt) };
    window.count += 1;
    this.windows.set(id, window);
    this.forgetEnded(at.getTime());
    return { count: window.count, resetAt: new Date(window.resetAt) };
  }

  async count(key: string, windowMs: number, at: Date): Promise<WindowCount> {
    const start = Math.floor(at.getTime() / windowMs) * windowMs;
    return { count: this.windows.get(`${key}@${windowMs}:${start}`)?.count ?? 0, resetAt: new Date(start + windowMs) };
  }

  private forgetEnded(now: number): void {
    if (this.windows.size < 10_000) return;
    for (const [id, w] of this.windows) if (w.resetAt <= now) this.windows.delete(id);
  }
}
