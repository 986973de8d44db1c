import { expect, it } from 'vitest';
import { orderEventMetrics } from '../../../../src/adapters/metrics/order-event-metrics.js';
import { createShopMetrics } from '../../../../src/adapters/metrics/shop-metrics.js';
import { deliver, ship } from '../../../../src/domain/order-fulfillment.js';
import { fulfillmentMoved, orderMoved } from '../../../../src/domain/order-events.js';
import { T0, anOrder } from '../../../support/builders.js';

it('counts placements and status transitions; fulfilment moves, which keep the status, are no transition', async () => {
  const metrics = createShopMetrics();
  const handler = orderEventMetrics(metrics);
  const admin = { kind: 'admin', id: 'a'.repeat(24) } as const;
  const pending = anOrder().toBeShipped().build();
  const paid = anOrder().withId(pending.id).toBeShipped().paid().build();
  const shipped = ship(paid, { carrier: 'DHL' }, T0);
  await handler.handle(orderMoved(null, pending, admin));
  await handler.handle(orderMoved(pending, paid, admin));
  await handler.handle(fulfillmentMoved(paid, shipped, admin, true));
  await handler.handle(fulfillmentMoved(shipped, deliver(shipped, T0), admin, true));
  const transitions = (await metrics.orders.transitions.get()).values.map((v) => [v.labels, v.value]);
  expect(transitions).toEqual([[{ from: 'pending', to: 'completed' }, 1]]);
  expect((await metrics.orders.placed.get()).values[0]?.value).toBe(1);
});
