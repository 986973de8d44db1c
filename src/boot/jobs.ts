import type { Logger } from 'pino';
import type { ReconcilePayments } from '../application/payments/reconcile-payments.js';
import type { JobReports } from '../application/ports/job-reports.js';
import type { DeliverOutbox } from '../application/upkeep/deliver-outbox.js';
import type { DispatchOrderEvents } from '../application/upkeep/dispatch-order-events.js';
import type { ExpireAbandonedOrders } from '../application/upkeep/expire-abandoned-orders.js';
import type { ReleaseStrandedStock } from '../application/upkeep/release-stranded-stock.js';
import type { RunOncePerPeriod } from '../application/upkeep/run-once-per-period.js';
import type { Config } from './config.js';
import { describeRun } from './reconcile-report.js';

/** How often the periodic pass looks for undelivered order events, and how old they must be. */
export const EVENTS_PASS_MS = 30_000;

/** How often each instance looks for messages due (retries, and what a dead instance held). */
export const OUTBOX_PASS_MS = 5_000;

/** The use cases the periodic jobs run, resolved by the composition root, and where they report. */
export type PeriodicJobs = Readonly<{
  once: RunOncePerPeriod;
  expireAbandoned: ExpireAbandonedOrders;
  releaseStranded: ReleaseStrandedStock;
  dispatchEvents: DispatchOrderEvents;
  /** `null` when messages have nowhere to go (no SMTP_URL outside the embedded mode, or MAIL_TRANSPORT=off). */
  deliverOutbox: DeliverOutbox | null;
  /** `null` when there is no payment provider to ask (the local checkout). */
  reconcile: ReconcilePayments | null;
  reports: JobReports;
  logger: Logger;
}>;

/**
 * Starts the abandoned-order sweep, the stranded-stock sweep, the pass that delivers order events a nudge left
 * undelivered (a crash, a failing handler), the outbox's delivery pass (retries, and messages a dead instance
 * held) and, with a payment provider to ask, reconciliation. Every
 * instance runs the timers; `RunOncePerPeriod` lets one of them act per period. Returns a stop.
 */
export function startPeriodicJobs(schedule: Config['jobs'], jobs: PeriodicJobs): () => void {
  const { once, expireAbandoned, releaseStranded, dispatchEvents, reconcile, reports, logger } = jobs;
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

  const { abandonedSweepMs, abandonedAfterMs, strandedAfterMs, reconcileIntervalMs, reconcileAfterMs, reconcileLimit } = schedule;
  every(abandonedSweepMs, () =>
    once.execute('expire-abandoned-orders', abandonedSweepMs, () => expireAbandoned.execute(abandonedAfterMs))
      .then((n) => {
        if (n === null) return;
        reports.swept(n);
        if (n) logger.warn({ expired: n }, 'expired pending orders that never got a checkout');
      })
      .catch((err: unknown) => logger.error({ err }, 'abandoned-order sweep failed')),
  );

  // Well past any gap between a reservation and its order being saved or ended (STRANDED_STOCK_AFTER).
  every(abandonedSweepMs, () =>
    once.execute('release-stranded-stock', abandonedSweepMs, () => releaseStranded.execute(strandedAfterMs))
      .then((n) => {
        if (n) logger.warn({ released: n }, 'gave back stock held by orders that ended or were never saved');
      })
      .catch((err: unknown) => logger.error({ err }, 'stranded-stock sweep failed')),
  );

  // Moves are delivered right after they are made; this pass is for what that left behind, so it
  // leaves alone the moves younger than a period, which their own instance is still delivering.
  every(EVENTS_PASS_MS, () =>
    once.execute('deliver-order-events', EVENTS_PASS_MS, () => dispatchEvents.execute(EVENTS_PASS_MS))
      .then((result) => {
        if (result?.settled) logger.warn({ settled: result.settled }, 'delivered order events that were left undelivered');
        if (result?.failed) logger.error({ failed: result.failed }, 'some order events could not be delivered; retried next period');
      })
      .catch((err: unknown) => logger.error({ err }, 'order-event delivery pass failed')),
  );

  // Every instance: each message is leased to the one that takes it, so they share the work.
  const { deliverOutbox } = jobs;
  if (deliverOutbox) {
    every(OUTBOX_PASS_MS, () => {
      deliverOutbox.nudge();
      return deliverOutbox.idle();
    });
  }

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
