import type { Logger } from 'pino';
import type { ReconcilePayments } from '../application/payments/reconcile-payments.js';
import type { JobReports } from '../application/ports/job-reports.js';
import type { ExpireAbandonedOrders } from '../application/upkeep/expire-abandoned-orders.js';
import type { ReleaseStrandedStock } from '../application/upkeep/release-stranded-stock.js';
import type { RunOncePerPeriod } from '../application/upkeep/run-once-per-period.js';
import type { Config } from './config.js';
import { describeRun } from './reconcile-report.js';

/** The use cases the periodic jobs run, resolved by the composition root, and where they report. */
export type PeriodicJobs = Readonly<{
  once: RunOncePerPeriod;
  expireAbandoned: ExpireAbandonedOrders;
  releaseStranded: ReleaseStrandedStock;
  /** `null` when there is no payment provider to ask (the local checkout). */
  reconcile: ReconcilePayments | null;
  reports: JobReports;
  logger: Logger;
}>;

/**
 * Starts the abandoned-order sweep, the stranded-stock sweep and, with a payment provider to ask, reconciliation. Every
 * instance runs the timers; `RunOncePerPeriod` lets one of them act per period. Returns a stop.
 */
export function startPeriodicJobs(schedule: Config['jobs'], jobs: PeriodicJobs): () => void {
  const { once, expireAbandoned, releaseStranded, reconcile, reports, logger } = jobs;
  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, job: () => Promise<void>) => {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      job().finally(() => { running = false; });
    }, ms);
    timer.unref();
    timers.push(timer);
  };

  const { abandonedSweepMs, abandonedAfterMs, reconcileIntervalMs, reconcileAfterMs, reconcileLimit } = schedule;
  every(abandonedSweepMs, () =>
    once.execute('expire-abandoned-orders', abandonedSweepMs, () => expireAbandoned.execute(abandonedAfterMs))
      .then((n) => {
        if (n === null) return;
        reports.swept(n);
        if (n) logger.warn({ expired: n }, 'expired pending orders that never got a checkout');
      })
      .catch((err: unknown) => logger.error({ err }, 'abandoned-order sweep failed')),
  );

  // Well past any gap between a reservation and its order being saved or ended.
  const strandedAfterMs = 10 * 60_000;
  every(abandonedSweepMs, () =>
    once.execute('release-stranded-stock', abandonedSweepMs, () => releaseStranded.execute(strandedAfterMs))
      .then((n) => {
        if (n) logger.warn({ released: n }, 'gave back stock held by orders that ended or were never saved');
      })
      .catch((err: unknown) => logger.error({ err }, 'stranded-stock sweep failed')),
  );

  if (reconcileIntervalMs !== null && reconcile) {
    every(reconcileIntervalMs, () =>
      once.execute('reconcile-payments', reconcileIntervalMs, () => reconcile.execute({ olderThanMs: reconcileAfterMs, limit: reconcileLimit }))
        .then((result) => {
          if (!result) return;
          reports.reconciled(result);
          const line = describeRun(result);
          if (result.counts.error > 0) logger.error(line, 'reconciliation: some orders could not be reconciled');
          else if (line.orders.length > 0) logger.warn(line, 'reconciliation applied what the payment provider reported');
          else logger.info(line, 'reconciliation: nothing to apply');
        })
        .catch((err: unknown) => logger.error({ err }, 'reconciliation failed')),
    );
  }
  return () => timers.forEach(clearInterval);
}
