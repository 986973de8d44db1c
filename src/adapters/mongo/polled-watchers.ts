/**
 * The watchers of a stamp document that other instances move, each polled on its own unref'd
 * timer (a poll never keeps the process alive). `stop()` ends every timer, and pollers check
 * `stopped` and `has` so a poll in flight when its watcher left delivers nothing.
 */
export class PolledWatchers<W> implements Iterable<W> {
  private readonly timers = new Map<W, NodeJS.Timeout>();
  stopped = false;

  /** Polls `watcher` now and every `pollMs`; returns its unsubscribe. */
  add(watcher: W, pollMs: number, poll: (watcher: W) => Promise<void>): () => void {
    const tick = () => void poll(watcher);
    this.timers.set(watcher, setInterval(tick, pollMs).unref());
    tick();
    return () => {
      clearInterval(this.timers.get(watcher));
      this.timers.delete(watcher);
    };
  }

  has(watcher: W): boolean {
    return this.timers.has(watcher);
  }

  [Symbol.iterator](): Iterator<W> {
    return this.timers.keys();
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers.values()) clearInterval(timer);
    this.timers.clear();
  }
}
