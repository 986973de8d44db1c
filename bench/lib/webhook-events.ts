import Stripe from 'stripe';

export type PendingOrder = Readonly<{ id: string; totalAmount: number; currency: string }>;

/**
 * A fresh, signed `checkout.session.completed` for each request, so no event id repeats (a
 * repeated id is answered 'duplicate' without reaching the use case) and no signature ages past
 * its 300 s tolerance. Events cycle over `orders`: the first completes an order, later ones take
 * the already-completed (idempotent) path. Signing happens in the load generator.
 */
export function signedEvents(secret: string, orders: readonly PendingOrder[]) {
  const stripe = new Stripe('sk_test_bench');
  let n = 0;
  return () => {
    n += 1;
    const order = orders[n % orders.length]!;
    const payload = JSON.stringify({
      id: `evt_bench_${process.pid}_${n}`,
      object: 'event',
      api_version: '2026-10-28.endive',
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type: 'checkout.session.completed',
      data: {
        object: {
          id: `cs_test_${order.id}`,
          object: 'checkout.session',
          amount_subtotal: order.totalAmount,
          amount_total: order.totalAmount,
          client_reference_id: order.id,
          currency: order.currency,
          customer_email: 'bench@example.com',
          livemode: false,
          metadata: { orderId: order.id },
          mode: 'payment',
          payment_intent: `pi_bench_${n}`,
          payment_status: 'paid',
          status: 'complete',
          success_url: 'https://shop.example.test/checkout/success?session_id={CHECKOUT_SESSION_ID}',
          cancel_url: 'https://shop.example.test/checkout/cancel',
        },
      },
    });
    return { payload, signature: stripe.webhooks.generateTestHeaderString({ payload, secret }) };
  };
}
