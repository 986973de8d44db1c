import { Gauge } from 'prom-client';
import type { Argon2Hasher } from '../security/argon2-hasher.js';
import type { ShopMetrics } from './shop-metrics.js';

/** Reports the hasher's queue (read at each scrape, nothing is updated per hash) and the time each hash took. */
export function instrumentHasher(hasher: Argon2Hasher, metrics: ShopMetrics): void {
  const registers = [metrics.registry];
  new Gauge({
    name: 'password_hashes_running', help: 'Password hashes and verifications running now.', registers,
    collect() { this.set(hasher.queue.running); },
  });
  new Gauge({
    name: 'password_hashes_waiting', help: 'Password hashes and verifications waiting for a slot (logins and registrations queue here).', registers,
    collect() { this.set(hasher.queue.waiting); },
  });
  new Gauge({
    name: 'password_hash_slots', help: 'How many password hashes may run at once.', registers,
    collect() { this.set(hasher.queue.max); },
  });
  hasher.observe((operation, seconds) => metrics.hashes.duration.observe({ operation }, seconds));
}
