import type { Clock, DeliveryReports, HeldRecord, Mailer, MessageDelivery, Outbox, OutboxRecord } from '../ports/index.js';

export type DeliveryPolicy = Readonly<{
  /** How long a worker holds a record it took; well above the longest send (the mailer's timeouts). */
  leaseMs: number;
  /** Records taken per pass. */
  batch: number;
  /** Failed attempts before a record is `dead`. */
  maxAttempts: number;
  /** The first retry's delay; each later one doubles, up to `retryMaxMs`; each is jittered. */
  retryBaseMs: number;
  retryMaxMs: number;
}>;

/** An attempt that failed: `willRetry` false means the record is now `dead`. */
export type DeliveryFailure = Readonly<{ record: OutboxRecord; attempts: number; willRetry: boolean; error: unknown }>;

export type DeliveryResult = Readonly<{ taken: number; sent: number; failed: number; dead: number; released: number }>;

const NOTHING: DeliveryResult = { taken: 0, sent: 0, failed: 0, dead: 0, released: 0 };

/** Longest reason kept on a record: enough for an SMTP reply, not a whole transcript. */
const MAX_ERROR_LENGTH = 500;

const isPermanent = (error: unknown) => typeof error === 'object' && error !== null && (error as { permanent?: unknown }).permanent === true;

function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, ' ').trim().slice(0, MAX_ERROR_LENGTH) || 'unknown error';
}

/**
 * Sends what the outbox holds: nudged after a message is recorded, and run periodically for
 * retries and for what another instance left behind. Each record it takes is leased to it (see
 * `Outbox.take`), so instances sharing a database send each message once; a failed attempt is
 * retried after an exponential, jittered delay, and after `maxAttempts` the record is `dead`
 * until an administrator retries it. `stop` finishes the send in progress and gives back the
 * records taken but not tried yet.
 */
export class DeliverOutbox implements MessageDelivery {
  private wanted = false;
  private draining: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly outbox: Outbox,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
    private readonly reports: DeliveryReports,
    private readonly policy: DeliveryPolicy,
    private readonly onFailure: (failure: DeliveryFailure) => void,
    /** A pass that failed as a whole (storage unavailable): the next nudge or period retries it. */
    private readonly onPassFailed: (error: unknown) => void,
    private readonly random: () => number = Math.random,
  ) {}

  /** Passes until nothing is due; nudges that arrive meanwhile are folded into them. */
  nudge(): void {
    if (this.stopped) return;
    this.wanted = true;
    this.draining ??= this.drain().finally(() => { this.draining = null; });
  }

  /** Resolves once the passes asked for so far are done. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /** Takes nothing more; resolves once the send in progress is finished and the rest given back. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.idle();
  }

  /** The delay before retry number `attempts` (1 for the first failure), jittered in its upper half. */
  retryDelayMs(attempts: number): number {
    const { retryBaseMs, retryMaxMs } = this.policy;
    const full = Math.min(retryMaxMs, retryBaseMs * 2 ** Math.min(attempts - 1, 30));
    return Math.round(full / 2 + (this.random() * full) / 2);
  }

  private async drain(): Promise<void> {
    while (this.wanted && !this.stopped) {
      this.wanted = false;
      const result = await this.pass().catch((error: unknown) => { this.onPassFailed(error); return NOTHING; });
      // A full batch: more may be due.
      if (result.taken >= this.policy.batch) this.wanted = true;
    }
  }

  private async pass(): Promise<DeliveryResult> {
    const held = await this.outbox.take(this.clock.now(), this.policy.leaseMs, this.policy.batch);
    const counts = { taken: held.length, sent: 0, failed: 0, dead: 0, released: 0 };
    for (const [i, record] of held.entries()) {
      if (this.stopped) {
        for (const rest of held.slice(i)) await this.outbox.release(rest, this.clock.now());
        counts.released = held.length - i;
        break;
      }
      counts[await this.deliver(record)] += 1;
    }
    return counts;
  }

  private async deliver(held: HeldRecord): Promise<'sent' | 'failed' | 'dead'> {
    const { record } = held;
    try {
      await this.mailer.send({ id: record.id, to: record.to, message: record, createdAt: record.createdAt });
    } catch (error) {
      const attempts = record.attempts + 1;
      const willRetry = attempts < this.policy.maxAttempts && !isPermanent(error);
      const now = this.clock.now();
      const retryAt = willRetry ? new Date(now.getTime() + this.retryDelayMs(attempts)) : null;
      await this.outbox.markFailed(held, reasonOf(error), retryAt, now);
      this.onFailure({ record, attempts, willRetry, error });
      this.reports.failed(record.kind);
      if (willRetry) return 'failed';
      this.reports.dead(record.kind);
      return 'dead';
    }
    await this.outbox.markSent(held, this.clock.now());
    this.reports.sent(record.kind);
    return 'sent';
  }
}
