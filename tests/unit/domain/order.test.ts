import { describe, expect, it } from 'vitest';
import {
  InvalidInput,
  InvalidMoney,
  MixedCurrencies,
  OrderNotCancellable,
  OrderNotPayable,
  OrderNotRefundable,
  PaymentAmountMismatch,
  ProductUnavailable,
  ShippingAddressRefused,
} from '../../../src/domain/errors.js';
import { money } from '../../../src/domain/money.js';
import {
  MAX_LINE_ITEMS,
  MAX_QUANTITY,
  MOVES,
  type Order,
  type OrderStatus,
  assertRefundable,
  canMove,
  cancel,
  refund,
  refundFailed,
  refundRequested,
  type OrderLine,
  type ConfirmedPayment,
  complete,
  expire,
  fail,
  flagPaymentIssue,
  placeOrder,
} from '../../../src/domain/order.js';
import { NOT_REQUIRED } from '../../../src/domain/fulfillment.js';
import type { Product } from '../../../src/domain/product.js';
import { T0, aProduct, aShippingOption, anAddress, anOrder } from '../../support/builders.js';
import type { Money } from '../../../src/domain/money.js';

/** A payment reported only as its total, as the local checkout and older reports do. */
const byTotal = (paid: Money, paymentId: string | null = null): ConfirmedPayment => ({ paid, breakdown: null, paymentId });

const ORDER_ID = '000000000000000000000001';
const USER_ID = '000000000000000000000002';
const LATER = new Date(T0.getTime() + 60_000);

const line = (product: Product, quantity = 1): OrderLine => ({ product, productId: product.id, quantity });
const missing = (productId: string, quantity = 1): OrderLine => ({ product: null, productId, quantity });
const place = (lines: readonly OrderLine[]) => placeOrder(ORDER_ID, USER_ID, lines, T0);

describe('placeOrder', () => {
  const mug = aProduct().named('Mug').priced(1250, 'eur').build();
  const tea = aProduct().named('Tea').priced(499, 'eur').build();

  it('places a pending order without a checkout, priced from the catalogue', () => {
    const order = place([line(mug, 2), line(tea, 1)]);
    expect(order).toEqual({
      id: ORDER_ID,
      userId: USER_ID,
      items: [
        { productId: mug.id, name: 'Mug', unitAmount: 1250, quantity: 2 },
        { productId: tea.id, name: 'Tea', unitAmount: 499, quantity: 1 },
      ],
      total: { amount: 2999, currency: 'eur' },
      breakdown: { subtotal: 2999, shipping: 0, discount: 0, tax: 0 },
      shipping: null,
      status: 'pending',
      fulfillment: NOT_REQUIRED,
      checkout: null,
      paymentId: null,
      refund: null,
      paymentIssue: null,
      createdAt: T0,
      updatedAt: T0,
      completedAt: null,
    });
  });

  it('merges repeated products into one line', () => {
    const order = place([line(mug, 2), line(tea, 1), line(mug, 3)]);
    expect(order.items).toEqual([
      { productId: mug.id, name: 'Mug', unitAmount: 1250, quantity: 5 },
      { productId: tea.id, name: 'Tea', unitAmount: 499, quantity: 1 },
    ]);
    expect(order.total.amount).toBe(5 * 1250 + 499);
  });

  it('rejects an order for an inactive product', () => {
    const retired = aProduct().inactive().build();
    expect(() => place([line(mug), line(retired)])).toThrow(ProductUnavailable);
  });

  it('rejects an order for a missing product and names it', () => {
    const error = (() => {
      try {
        place([line(mug), missing('0000000000000000000000ff')]);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ProductUnavailable);
    expect((error as ProductUnavailable).productId).toBe('0000000000000000000000ff');
    expect((error as ProductUnavailable).code).toBe('PRODUCT_UNAVAILABLE');
  });

  it('rejects products priced in different currencies', () => {
    const dollars = aProduct().priced(1099, 'usd').build();
    expect(() => place([line(mug), line(dollars)])).toThrow(MixedCurrencies);
  });

  it(`accepts quantities from 1 to ${MAX_QUANTITY}`, () => {
    expect(place([line(mug, 1)]).items[0]?.quantity).toBe(1);
    expect(place([line(mug, MAX_QUANTITY)]).items[0]?.quantity).toBe(MAX_QUANTITY);
  });

  it(`rejects quantities outside 1..${MAX_QUANTITY} and fractional quantities`, () => {
    for (const quantity of [0, -1, MAX_QUANTITY + 1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => place([line(mug, quantity)]), String(quantity)).toThrow(InvalidInput);
    }
  });

  it(`rejects merged lines whose total quantity exceeds ${MAX_QUANTITY}`, () => {
    const half = Math.ceil(MAX_QUANTITY / 2);
    expect(place([line(mug, half), line(mug, MAX_QUANTITY - half)]).items[0]?.quantity).toBe(MAX_QUANTITY);
    expect(() => place([line(mug, half), line(mug, MAX_QUANTITY - half + 1)])).toThrow(InvalidInput);
  });

  it('rejects a zero quantity even when merged with a valid line', () => {
    expect(() => place([line(mug, 5), line(mug, 0)])).toThrow(InvalidInput);
  });

  it('rejects an order without lines', () => {
    expect(() => place([])).toThrow(InvalidInput);
  });

  it(`accepts ${MAX_LINE_ITEMS} lines and rejects ${MAX_LINE_ITEMS + 1}`, () => {
    const products = Array.from({ length: MAX_LINE_ITEMS + 1 }, () => aProduct().priced(100, 'eur').build());
    expect(place(products.slice(0, MAX_LINE_ITEMS).map((p) => line(p))).items).toHaveLength(MAX_LINE_ITEMS);
    expect(() => place(products.map((p) => line(p)))).toThrow(InvalidInput);
  });

  it('rejects a total above what one payment can carry', () => {
    const dear = aProduct().priced(99_999_999, 'eur').build();
    expect(() => place([line(dear, 2)])).toThrow(InvalidMoney);
  });
});

describe('order state machine', () => {
  const pending = (): Order => anOrder().withCheckout().build();
  const paidInFull = (order: Order) => money(order.total.amount, order.total.currency);

  describe('complete', () => {
    it('completes a pending order paid in full', () => {
      const order = pending();
      const completed = complete(order, byTotal(paidInFull(order)), LATER);
      expect(completed).toMatchObject({ status: 'completed', completedAt: LATER, updatedAt: LATER });
      expect(order.status).toBe('pending');
    });

    it('clears an earlier payment issue on completion', () => {
      const order = flagPaymentIssue(pending(), 'paid too little', T0);
      expect(complete(order, byTotal(paidInFull(order)), LATER).paymentIssue).toBeNull();
    });

    it('is idempotent: completing a completed order returns the same object', () => {
      const order = anOrder().paid(T0).build();
      expect(complete(order, byTotal(paidInFull(order)), LATER)).toBe(order);
    });

    it('rejects a payment of the wrong amount', () => {
      const order = pending();
      expect(() => complete(order, byTotal(money(order.total.amount - 1, 'eur')), LATER)).toThrow(PaymentAmountMismatch);
      expect(() => complete(order, byTotal(money(order.total.amount + 1, 'eur')), LATER)).toThrow(PaymentAmountMismatch);
    });

    it('rejects a payment in the wrong currency', () => {
      const order = pending();
      expect(() => complete(order, byTotal(money(order.total.amount, 'usd')), LATER)).toThrow(PaymentAmountMismatch);
    });

    describe('with the figures the provider itemised', () => {
      const itemised = (order: Order, parts: Partial<{ subtotal: number; shipping: number; discount: number; tax: number; total: number }>) => {
        const subtotal = parts.subtotal ?? order.breakdown.subtotal;
        const [shipping, discount, tax] = [parts.shipping ?? 0, parts.discount ?? 0, parts.tax ?? 0];
        const total = parts.total ?? subtotal + shipping + tax - discount;
        return { paid: money(total, order.total.currency), breakdown: { subtotal, shipping, discount, tax }, paymentId: 'pi_9' };
      };

      it('stores the confirmed figures: a discount and tax the provider applied are accepted', () => {
        const order = pending();
        const done = complete(order, itemised(order, { discount: 500, tax: 190 }), LATER);
        expect(done.total).toEqual(money(order.total.amount - 500 + 190, 'eur'));
        expect(done.breakdown).toEqual({ subtotal: order.total.amount, shipping: 0, discount: 500, tax: 190 });
        expect(done.paymentId).toBe('pi_9');
      });

      it('refuses a subtotal other than the stored one, however the total adds up', () => {
        const order = pending();
        expect(() => complete(order, itemised(order, { subtotal: order.breakdown.subtotal - 1 }), LATER)).toThrow(/subtotal/);
        expect(() => complete(order, itemised(order, { subtotal: 1, discount: 0 }), LATER)).toThrow(PaymentAmountMismatch);
      });

      it('refuses shipping other than what was offered', () => {
        expect(() => complete(pending(), itemised(pending(), { shipping: 1 }), LATER)).toThrow(/shipping/);
      });

      it('refuses figures that do not add up to what was paid, and negative parts', () => {
        const order = pending();
        expect(() => complete(order, itemised(order, { total: order.total.amount + 1 }), LATER)).toThrow(/add up/);
        expect(() => complete(order, itemised(order, { tax: -100, discount: -100 }), LATER)).toThrow(/add up/);
      });
    });

    it('refuses to complete a failed or expired order', () => {
      for (const order of [anOrder().failed().build(), anOrder().expired().build()]) {
        expect(() => complete(order, byTotal(paidInFull(order)), LATER), order.status).toThrow(OrderNotPayable);
      }
    });
  });

  describe('fail and expire', () => {
    it('fail ends a pending order', () => {
      expect(fail(pending(), LATER)).toMatchObject({ status: 'failed', updatedAt: LATER, completedAt: null });
    });

    it('expire ends a pending order', () => {
      expect(expire(pending(), LATER)).toMatchObject({ status: 'expired', updatedAt: LATER, completedAt: null });
    });

    it('leave every order that is not pending untouched', () => {
      const ended = [anOrder().paid().build(), anOrder().failed().build(), anOrder().expired().build()];
      for (const order of ended) {
        expect(fail(order, LATER), `fail ${order.status}`).toBe(order);
        expect(expire(order, LATER), `expire ${order.status}`).toBe(order);
      }
    });
  });

  it('never moves a completed order back', () => {
    const completed = complete(pending(), byTotal(money(2500, 'eur')), LATER);
    const afterwards = expire(fail(completed, LATER), LATER);
    expect(afterwards.status).toBe('completed');
    expect(complete(afterwards, byTotal(money(1, 'eur')), LATER)).toBe(completed);
  });

  it('flags a payment issue without changing the status', () => {
    const flagged = flagPaymentIssue(pending(), 'amount mismatch', LATER);
    expect(flagged).toMatchObject({ status: 'pending', paymentIssue: 'amount mismatch', updatedAt: LATER });
  });
});

describe('the state machine', () => {
  const ALL: OrderStatus[] = ['pending', 'completed', 'failed', 'expired', 'cancelled', 'refunded'];
  const byStatus = (): Record<OrderStatus, Order> => ({
    pending: anOrder().withCheckout().build(),
    completed: anOrder().paid().build(),
    failed: anOrder().failed().build(),
    expired: anOrder().expired().build(),
    cancelled: anOrder().cancelled().build(),
    refunded: anOrder().refunded().build(),
  });

  it('allows exactly pending → completed | failed | expired | cancelled and completed → refunded', () => {
    const allowed = ALL.flatMap((from) => ALL.filter((to) => canMove(from, to)).map((to) => `${from}→${to}`));
    expect(allowed).toEqual(['pending→completed', 'pending→failed', 'pending→expired', 'pending→cancelled', 'completed→refunded']);
    expect(Object.keys(MOVES).sort()).toEqual([...ALL].sort());
  });

  it('every domain move agrees with the table: it moves where allowed, and leaves or refuses every other status', () => {
    const moves: [OrderStatus, (o: Order) => Order][] = [
      ['completed', (o) => complete(o, byTotal(o.total, 'pi_1'), LATER)],
      ['failed', (o) => fail(o, LATER)],
      ['expired', (o) => expire(o, LATER)],
      ['cancelled', (o) => cancel(o, LATER)],
      ['refunded', (o) => refund(o, 're_1', LATER)],
    ];
    for (const [to, move] of moves) {
      for (const [from, order] of Object.entries(byStatus()) as [OrderStatus, Order][]) {
        let result: Order | Error;
        try {
          result = move(order);
        } catch (error) {
          result = error as Error;
        }
        const label = `${from} → ${to}`;
        if (canMove(from, to)) expect(result, label).toMatchObject({ status: to, updatedAt: LATER });
        else if (result instanceof Error) expect(result, label).toBeInstanceOf(Error);
        else expect(result, label).toBe(order); // idempotent or a no-op: the same object
      }
    }
  });
});

describe('cancel', () => {
  it('cancels a pending order, with or without a checkout', () => {
    for (const order of [anOrder().build(), anOrder().withCheckout().build()]) {
      expect(cancel(order, LATER)).toEqual({ ...order, status: 'cancelled', updatedAt: LATER });
    }
  });

  it('is idempotent on a cancelled order', () => {
    const cancelled = anOrder().cancelled().build();
    expect(cancel(cancelled, LATER)).toBe(cancelled);
  });

  it.each([
    ['completed', anOrder().paid().build()],
    ['failed', anOrder().failed().build()],
    ['expired', anOrder().expired().build()],
    ['refunded', anOrder().refunded().build()],
  ])('refuses a %s order with OrderNotCancellable', (status, order) => {
    expect(() => cancel(order, LATER)).toThrow(OrderNotCancellable);
    expect(() => cancel(order, LATER)).toThrow(`it is ${status}`);
  });
});

describe('refunds', () => {
  it('a completed order with a recorded payment is refundable; anything else is not', () => {
    expect(() => assertRefundable(anOrder().paid().build())).not.toThrow();
    for (const order of [
      anOrder().build(), anOrder().failed().build(), anOrder().expired().build(), anOrder().cancelled().build(), anOrder().refunded().build(),
      anOrder().paid(T0, null).build(),
      anOrder().paid().withRefund({ id: 're_1', status: 'pending', restock: false }).build(),
    ]) {
      expect(() => assertRefundable(order), `${order.status} ${JSON.stringify(order.refund)}`).toThrow(OrderNotRefundable);
    }
  });

  it('a failed refund may be asked for again', () => {
    expect(() => assertRefundable(anOrder().paid().withRefund({ id: 're_1', status: 'failed', restock: true }).build())).not.toThrow();
  });

  it('records a pending refund without moving the order', () => {
    const order = anOrder().paid().build();
    expect(refundRequested(order, 're_1', true, LATER)).toEqual({
      ...order, refund: { id: 're_1', status: 'pending', restock: true }, updatedAt: LATER,
    });
  });

  it('refunds a completed order, keeping the restock asked when the refund was requested', () => {
    const order = refundRequested(anOrder().paid().build(), 're_1', true, T0);
    expect(refund(order, 're_1', LATER)).toMatchObject({
      status: 'refunded', refund: { id: 're_1', status: 'succeeded', restock: true }, updatedAt: LATER,
    });
    expect(refund(anOrder().paid().build(), 're_2', LATER).refund).toEqual({ id: 're_2', status: 'succeeded', restock: false });
    expect(refund(anOrder().paid().build(), 're_3', LATER, true).refund?.restock).toBe(true);
  });

  it('is idempotent on a refunded order and refuses any other', () => {
    const refunded = anOrder().refunded().build();
    expect(refund(refunded, 're_other', LATER)).toBe(refunded);
    expect(() => refund(anOrder().build(), 're_1', LATER)).toThrow(OrderNotRefundable);
  });

  it('a failed refund keeps the order completed and says why', () => {
    const order = refundRequested(anOrder().paid().build(), 're_1', true, T0);
    expect(refundFailed(order, 're_1', 'expired_or_canceled_card', LATER)).toMatchObject({
      status: 'completed',
      refund: { id: 're_1', status: 'failed', restock: true },
      paymentIssue: 'Refund re_1 failed: expired_or_canceled_card',
      updatedAt: LATER,
    });
  });
});

describe('an order with a shipping step', () => {
  const mug = aProduct().named('Mug').priced(2000, 'eur').build();
  const ebook = { ...aProduct().named('E-book').priced(900, 'eur').build(), shippable: false };
  const standard = aShippingOption().named('Standard').priced(495).to('DE', 'FR').build();
  const express = aShippingOption().named('Express').priced(1500).to('DE', 'FR').build();
  const sameAsStandard = aShippingOption().named('Pickup point').priced(495).to('FR').build();
  const options = [standard, express, sameAsStandard];
  const placed = (request: { optionId?: string; country?: string } = {}, lines = [line(mug, 2)]) =>
    placeOrder(ORDER_ID, USER_ID, lines, T0, { options, request });
  const itemised = (order: Order, shipping: number, extra: { tax?: number; discount?: number } = {}) => {
    const [tax, discount] = [extra.tax ?? 0, extra.discount ?? 0];
    return { paid: money(order.breakdown.subtotal + shipping + tax - discount, 'eur'), breakdown: { subtotal: order.breakdown.subtotal, shipping, tax, discount }, paymentId: 'pi_1' };
  };

  it('until an option is chosen: shipping null, the total is the subtotal', () => {
    const order = placed();
    expect(order.breakdown).toEqual({ subtotal: 4000, shipping: null, discount: 0, tax: 0 });
    expect(order.total).toEqual(money(4000, 'eur'));
    // Cheapest first, name breaking ties; each one shares a country with those before it.
    expect(order.shipping!.offered.map((r) => r.name)).toEqual(['Pickup point', 'Standard', 'Express']);
    expect(order.shipping!.countries).toEqual(['FR']);
  });

  it("with an option chosen when placing it, the option's price is in the total at once", () => {
    const order = placed({ optionId: express.id });
    expect(order.breakdown.shipping).toBe(1500);
    expect(order.total).toEqual(money(5500, 'eur'));
  });

  it('none when no line is shippable: as before shipping existed', () => {
    const order = placed({ country: 'DE' }, [line(ebook, 1)]);
    expect(order.shipping).toBeNull();
    expect(order.breakdown.shipping).toBe(0);
  });

  it('completes with the option the provider names, storing it and the address; the confirmed figures replace the offered ones', () => {
    const order = placed();
    const done = complete(order, { ...itemised(order, 1500, { tax: 300 }), shipping: { optionId: express.id, address: anAddress('FR') } }, LATER);
    expect(done.status).toBe('completed');
    expect(done.breakdown).toEqual({ subtotal: 4000, shipping: 1500, discount: 0, tax: 300 });
    expect(done.total).toEqual(money(5800, 'eur'));
    expect(done.shipping).toMatchObject({ chosen: { optionId: express.id, amount: 1500 }, address: anAddress('FR') });
  });

  it('refuses shipping that is not the price of the option picked, or an option not offered', () => {
    const order = placed();
    expect(() => complete(order, { ...itemised(order, 495), shipping: { optionId: express.id, address: anAddress() } }, LATER)).toThrow(/not the 15.00 EUR of Express/);
    expect(() => complete(order, { ...itemised(order, 0), shipping: { optionId: 'f'.repeat(24), address: anAddress() } }, LATER)).toThrow(PaymentAmountMismatch);
  });

  it('with an option chosen when placing it, the payment must be for that one', () => {
    const order = placed({ optionId: standard.id });
    expect(complete(order, { ...itemised(order, 495), shipping: { optionId: null, address: anAddress() } }, LATER).shipping!.chosen!.optionId).toBe(standard.id);
    expect(() => complete(order, { ...itemised(order, 1500), shipping: { optionId: express.id, address: anAddress() } }, LATER)).toThrow(PaymentAmountMismatch);
    expect(() => complete(order, { ...itemised(order, 1500), shipping: { optionId: null, address: anAddress() } }, LATER)).toThrow(PaymentAmountMismatch);
  });

  it('when the provider names no option, takes the first offered at the confirmed price serving the address', () => {
    const order = placed({ country: 'FR' });
    expect(order.shipping!.offered.map((r) => r.name)).toEqual(['Pickup point', 'Standard', 'Express']);
    const done = complete(order, { ...itemised(order, 495), shipping: { optionId: null, address: anAddress('FR') } }, LATER);
    expect(done.shipping!.chosen!.name).toBe('Pickup point');
    expect(() => complete(order, { ...itemised(order, 700), shipping: { optionId: null, address: anAddress('FR') } }, LATER)).toThrow(PaymentAmountMismatch);
  });

  it('a total-only payment must be the subtotal plus the price of the option named', () => {
    const order = placed();
    const done = complete(order, { paid: money(5500, 'eur'), breakdown: null, paymentId: null, shipping: { optionId: express.id, address: anAddress('FR') } }, LATER);
    expect(done.breakdown).toEqual({ subtotal: 4000, shipping: 1500, discount: 0, tax: 0 });
    expect(() => complete(order, { paid: money(4000, 'eur'), breakdown: null, paymentId: null, shipping: { optionId: express.id, address: anAddress() } }, LATER)).toThrow(PaymentAmountMismatch);
  });

  it('refuses an address outside the countries allowed, or none at all: nothing is shipped silently', () => {
    const order = placed({ country: 'DE' });
    expect(() => complete(order, { ...itemised(order, 495), shipping: { optionId: standard.id, address: anAddress('FR') } }, LATER)).toThrow(ShippingAddressRefused);
    expect(() => complete(order, { ...itemised(order, 495), shipping: { optionId: standard.id, address: null } }, LATER)).toThrow(ShippingAddressRefused);
    expect(() => complete(order, itemised(order, 495), LATER)).toThrow(ShippingAddressRefused);
  });
});
