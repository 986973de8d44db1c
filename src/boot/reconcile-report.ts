import { appliedOrFlagged } from '../application/payments/reconcile-payments.js';
import type { ReconcileResult } from '../application/ports/job-reports.js';

/** A reconciliation run as one log line: the counts, and the ids of orders that changed or failed. */
export function describeRun(result: ReconcileResult) {
  const changed = result.orders.filter((o) => o.outcome !== 'unchanged' && o.outcome !== 'skipped');
  return {
    asked: result.asked,
    ...result.counts,
    // Messages, not Error objects: pino serialises only a top-level `err`.
    orders: changed.map((o) => ({ orderId: o.orderId, outcome: o.outcome, ...(o.error !== undefined && { error: messageOf(o.error) }) })),
  };
}

/** `npm run reconcile`'s exit code: 0 nothing needed attention, 1 something applied or flagged, 2 an error. */
export function exitCodeOf(result: ReconcileResult): 0 | 1 | 2 {
  if (result.counts.error > 0) return 2;
  return appliedOrFlagged(result) ? 1 : 0;
}


function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message;
}
