import type { JobReports } from '../../application/ports/job-reports.js';
import type { ShopMetrics } from './shop-metrics.js';

/** Counts what this instance's periodic jobs did (the periods another instance ran are not counted here). */
export function jobMetrics(metrics: ShopMetrics): JobReports {
  return {
    swept: (expired) => metrics.jobs.swept.inc(expired),
    reconciled: (result) => {
      for (const [outcome, n] of Object.entries(result.counts)) if (n > 0) metrics.jobs.reconciled.inc({ result: outcome }, n);
    },
  };
}
