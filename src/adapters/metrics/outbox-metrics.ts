import { Counter, Gauge } from 'prom-client';
import type { Clock, DeliveryReports, Outbox } from '../../application/ports/index.js';
import type { ShopMetrics } from './shop-metrics.js';

/**
 * Messages this instance sent, failed to send and gave up on, by kind; and, read from storage at
 * each scrape, how long the oldest pending message has waited (0 when none does): the series to
 * alert on when mail stops going out, whichever instance should be sending it.
 */
export function outboxMetrics(metrics: ShopMetrics, outbox: Outbox, clock: Clock): DeliveryReports {
  const registers = [metrics.registry];
  const sent = new Counter({ name: 'shop_messages_sent_total', help: 'Messages this instance handed to the mail server (or the local mailbox), by kind.', labelNames: ['kind'] as const, registers });
  const failed = new Counter({ name: 'shop_messages_failed_total', help: 'Attempts to send a message that failed, by kind; each is retried later unless the message is dead.', labelNames: ['kind'] as const, registers });
  const dead = new Counter({ name: 'shop_messages_dead_total', help: 'Messages given up on (attempts used up, or the recipient refused), by kind: POST /api/admin/outbox/:id/retry sends one again.', labelNames: ['kind'] as const, registers });
  new Gauge({
    name: 'shop_outbox_oldest_pending_age_seconds',
    help: 'How long the oldest message still waiting to be sent has waited, in seconds; 0 when none is waiting.',
    registers,
    async collect() {
      // Unreadable storage: keep the last value; storage_errors_total and readiness report the outage.
      const oldest = await outbox.oldestPending().catch(() => undefined);
      if (oldest !== undefined) this.set(oldest ? Math.max(0, (clock.now().getTime() - oldest.getTime()) / 1000) : 0);
    },
  });
  return {
    sent: (kind) => sent.inc({ kind }),
    failed: (kind) => failed.inc({ kind }),
    dead: (kind) => dead.inc({ kind }),
  };
}
