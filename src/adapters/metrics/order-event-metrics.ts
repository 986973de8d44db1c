import type { OrderEventHandler } from '../../application/ports/order-events.js';
import type { ShopMetrics } from './shop-metrics.js';

/** How many event ids to remember, so an event delivered again to this process is counted once. */
const REMEMBERED = 10_000;

/**
 * Counts orders placed and moves by from/to, from the stored events. Delivery is at least once:
 * this process remembers the ids it counted recently, so a redelivery is not counted twice here
 * (an event another instance already counted is that instance's to report).
 */
export function orderEventMetrics(metrics: ShopMetrics): OrderEventHandler {
  const counted = new Set<string>();
  return {
    name: 'metrics',
    async handle(event) {
      if (counted.has(event.id)) return;
      counted.add(event.id);
      if (counted.size > REMEMBERED) counted.delete(counted.values().next().value!);
      if (event.from === null) metrics.orders.placed.inc();
      // A fulfilment move leaves the payment status as it was: it is no transition between statuses.
      else if (!event.fulfillment) metrics.orders.transitions.inc({ from: event.from, to: event.to });
    },
  };
}
