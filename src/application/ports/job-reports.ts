/**
 * What became of one order in a reconciliation run: `completed`, `expired`, `failed` (applied);
 * `flagged` (a payment issue was recorded for a person: wrong amount, or a checkout the provider
 * does not know); `unchanged` (the provider says not paid yet); `skipped` (another run holds the
 * order); `error` (the order is left for the next run).
 */
export type ReconcileOutcome = 'completed' | 'expired' | 'failed' | 'flagged' | 'unchanged' | 'skipped' | 'error';

export type ReconcileResult = Readonly<{
  /** How many times the provider was asked. */
  asked: number;
  counts: Readonly<Record<ReconcileOutcome, number>>;
  orders: readonly Readonly<{ orderId: string; outcome: ReconcileOutcome; error?: unknown }>[];
}>;

/**
 * What this instance's periodic jobs did, told after each run this instance made (never for the
 * periods another instance had), e.g. to count it in metrics. Implementations never throw.
 */
export interface JobReports {
  /** The abandoned-order sweep ran and expired `expired` orders (0 included). */
  swept(expired: number): void;
  /** A reconciliation run finished with this result. */
  reconciled(result: ReconcileResult): void;
}
