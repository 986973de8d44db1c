import type { EventActor } from '../../domain/order-events.js';
import { PaymentProviderUnavailable, StorageUnavailable } from '../../domain/errors.js';
import type { Order } from '../../domain/order.js';
import type { OwnerAlerts } from '../messages/owner-alerts.js';
import { type CompletePayment, confirmedBy, isRefusedPayment } from './complete-payment.js';
import type { ExpireCheckout } from './expire-checkout.js';
import type { FailPayment } from './fail-payment.js';
import type { Clock, Leases, Orders, PaymentGateway, ReconcileOutcome, ReconcileResult } from '../ports/index.js';

export type ReconcileOptions = Readonly<{
  /** Only orders placed longer ago than this: the webhook normally arrives within seconds. */
  olderThanMs: number;
  /** At most this many orders, so at most this many provider calls, per run. */
  limit: number;
}>;


/** Moves made because reconciliation asked the provider: the job is their cause. */
const BY_RECONCILIATION: EventActor = { kind: 'job', id: 'reconcile-payments' };

/** Outlives one provider call with its retries (about 21 s) and the storage writes after it. */
export const ORDER_LEASE_MS = 2 * 60_000;

/** Whether a run needed attention: something applied or flagged, or an error. */
export const appliedOrFlagged = (r: ReconcileResult) => r.counts.completed + r.counts.expired + r.counts.failed + r.counts.flagged > 0;

/**
 * Webhooks can be lost for good. This asks the payment provider about every order still pending
 * with a checkout, oldest first, and applies the answer through the same use cases as the
 * webhook, so amount checks and payment issues work exactly as there. Each order is leased for
 * the time it is handled, so two instances (or the CLI and an instance) never work on one order
 * at once. Orders with a payment issue are not asked about: they wait for a person.
 */
export class ReconcilePayments {
  constructor(
    private readonly orders: Orders,
    private readonly payments: PaymentGateway,
    private readonly leases: Leases,
    private readonly completePayment: CompletePayment,
    private readonly expireCheckout: ExpireCheckout,
    private readonly failPayment: FailPayment,
    private readonly clock: Clock,
    /** The owner hears of a checkout the provider does not know; `null`: nobody is told (unit tests). */
    private readonly alerts: OwnerAlerts | null = null,
  ) {}

  async execute(options: ReconcileOptions): Promise<ReconcileResult> {
    const cutoff = new Date(this.clock.now().getTime() - options.olderThanMs);
    const due = await this.orders.pendingWithCheckout(cutoff, options.limit);
    const counts: Record<ReconcileOutcome, number> = { completed: 0, expired: 0, failed: 0, flagged: 0, unchanged: 0, skipped: 0, error: 0 };
    const orders: { orderId: string; outcome: ReconcileOutcome; error?: unknown }[] = [];
    let asked = 0;
    for (const order of due) {
      const lease = await this.leases.acquire(`reconcile-order:${order.id}`, this.clock.now(), ORDER_LEASE_MS);
      let outcome: ReconcileOutcome = 'skipped';
      let error: unknown;
      if (lease) {
        try {
          outcome = await this.reconcile(order, () => { asked += 1; });
        } catch (caught) {
          outcome = 'error';
          error = caught;
        } finally {
          // The outcome matters, not this: a lease not given back just keeps the order out of runs until ORDER_LEASE_MS ends.
          await this.leases.release(lease).catch(() => undefined);
        }
      }
      counts[outcome] += 1;
      orders.push({ orderId: order.id, outcome, ...(error !== undefined && { error }) });
      // The provider or the storage is down: every further order would wait for its timeout too.
      if (error instanceof PaymentProviderUnavailable || error instanceof StorageUnavailable) break;
    }
    return { asked, counts, orders };
  }

  private async reconcile(listed: Order, asking: () => void): Promise<ReconcileOutcome> {
    // Another instance, a webhook or the return page may have settled it since it was listed.
    const order = await this.orders.byId(listed.id);
    if (!order || order.status !== 'pending' || !order.checkout || order.paymentIssue !== null) return 'unchanged';
    const ref = { orderId: order.id, sessionId: order.checkout.sessionId };
    asking();
    const report = await this.payments.retrieveCheckout(ref.sessionId);
    if (!report) {
      const issue = `Reconciliation: the payment provider does not know checkout ${ref.sessionId}; check the account and the order by hand.`;
      await this.alerts?.paymentIssue(order.id, issue);
      await this.orders.flagPaymentIssue(order.id, issue, this.clock.now());
      return 'flagged';
    }
    switch (report.outcome) {
      case 'paid':
        try {
          const done = await this.completePayment.execute({ ...ref, ...confirmedBy(report) }, BY_RECONCILIATION);
          return done.status === 'completed' ? 'completed' : 'unchanged';
        } catch (error) {
          // CompletePayment recorded the issue on the order, exactly as for a webhook.
          if (isRefusedPayment(error)) return 'flagged';
          throw error;
        }
      case 'expired':
        return (await this.expireCheckout.execute(ref, BY_RECONCILIATION)).status === 'expired' ? 'expired' : 'unchanged';
      case 'failed':
        return (await this.failPayment.execute(ref, BY_RECONCILIATION)).status === 'failed' ? 'failed' : 'unchanged';
      case 'unpaid':
      case 'awaiting-payment':
        return 'unchanged';
    }
  }
}
