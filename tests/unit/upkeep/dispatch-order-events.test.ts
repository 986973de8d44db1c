import { describe, expect, it } from 'vitest';
import { MemoryOrders } from '../../../src/adapters/memory/orders.js';
import type { OrderEventHandler } from '../../../src/application/ports/order-events.js';
import { OrderMoves } from '../../../src/application/orders/order-moves.js';
import { type HandlerFailure, DispatchOrderEvents } from '../../../src/application/upkeep/dispatch-order-events.js';
import type { OrderEvent } from '../../../src/domain/order-events.js';
import { complete, expire } from '../../../src/domain/order.js';
import { money } from '../../../src/domain/money.js';
import { orderRecord, at } from '../../support/records.js';

const customer = { kind: 'customer', id: 'u1' } as const;
const webhook = { kind: 'provider', id: 'webhook' } as const;

function recorder(name: string, failing = () => false): OrderEventHandler & { seen: string[] } {
  const seen: string[] = [];
  return { name, seen, async handle(e: OrderEvent) { if (failing()) throw new Error(`${name} is down`); seen.push(e.id); } };
}

function setup(handlers: OrderEventHandler[], now = at(100)) {
  const orders = new MemoryOrders();
  const failures: HandlerFailure[] = [];
  const passFailures: unknown[] = [];
  const dispatch = new DispatchOrderEvents(orders.events, handlers, { now: () => now }, (f) => failures.push(f), (e) => passFailures.push(e));
  const nudged: string[][] = [];
  // Moves that only record the nudge, so each test decides when delivery happens.
  const moves = new OrderMoves(orders, { nudge: (ids) => nudged.push([...ids]) });
  return { orders, dispatch, moves, failures, passFailures, nudged };
}

const paid = (order: ReturnType<typeof orderRecord>) => complete(order, { paid: money(order.total.amount, order.total.currency), breakdown: null, paymentId: null }, at(10));

describe('DispatchOrderEvents', () => {
  it('delivers each event of a move to every handler once, then settles the move', async () => {
    const a = recorder('a');
    const b = recorder('b');
    const { orders, dispatch, moves } = setup([a, b]);
    const order = orderRecord({ createdAt: at(1), updatedAt: at(1) });
    await moves.place(order, customer);
    await moves.move(order, paid(order), webhook);

    expect(await dispatch.execute(0)).toEqual({ settled: 2, failed: 0 });
    expect(await dispatch.execute(0)).toEqual({ settled: 0, failed: 0 });
    expect(a.seen).toEqual([`${order.id}.placed`, `${order.id}.paid`]);
    expect(b.seen).toEqual(a.seen);
    expect(await orders.events.pending({ limit: 10 })).toEqual([]);
  });

  it('retries only the handler that failed, reports it with the order, and leaves the move pending meanwhile', async () => {
    let down = true;
    const ok = recorder('ok');
    const flaky = recorder('flaky', () => down);
    const { orders, dispatch, moves, failures } = setup([ok, flaky]);
    const order = orderRecord({ createdAt: at(1), updatedAt: at(1) });
    await moves.place(order, customer);

    expect(await dispatch.execute(0)).toEqual({ settled: 0, failed: 1 });
    expect(failures.map((f) => [f.handler, f.event.orderId])).toEqual([['flaky', order.id]]);
    expect(await orders.events.pending({ limit: 10 })).toHaveLength(1);

    down = false;
    expect(await dispatch.execute(0)).toEqual({ settled: 1, failed: 0 });
    expect(ok.seen).toEqual([`${order.id}.placed`]);
    expect(flaky.seen).toEqual([`${order.id}.placed`]);
  });

  it('loses nothing when the process dies between the move and the delivery: the periodic pass delivers it', async () => {
    const h = recorder('h');
    const { orders, moves } = setup([h]);
    const order = orderRecord({ createdAt: at(1), updatedAt: at(1) });
    await moves.place(order, customer); // nudged, never delivered: the process "died"
    const restarted = new DispatchOrderEvents(orders.events, [h], { now: () => at(200) }, () => {}, () => {});
    await restarted.execute(60_000);
    expect(h.seen).toEqual([`${order.id}.placed`]);
  });

  it('leaves moves fresher than `olderThanMs` to the nudge of the instance that made them', async () => {
    const h = recorder('h');
    const { dispatch, moves } = setup([h], at(30));
    const order = orderRecord({ createdAt: at(1), updatedAt: at(1) });
    await moves.place(order, customer);
    await moves.move(order, expire(order, at(25)), { kind: 'job', id: 'test' });
    await dispatch.execute(10_000);
    expect(h.seen).toEqual([`${order.id}.placed`]);
  });

  it('delivers on a nudge only the nudged orders, and coalesces nudges that arrive during a pass', async () => {
    const h = recorder('h');
    const { dispatch, moves } = setup([h]);
    const [x, y, z] = [orderRecord(), orderRecord(), orderRecord()];
    for (const o of [x, y, z]) await moves.place(o!, customer);
    dispatch.nudge([x!.id]);
    dispatch.nudge([z!.id]);
    await dispatch.idle();
    expect(h.seen.sort()).toEqual([`${x!.id}.placed`, `${z!.id}.placed`].sort());
  });

  it('reports a pass that failed as a whole (storage down) instead of throwing from a nudge', async () => {
    const { orders, dispatch, passFailures } = setup([recorder('h')]);
    orders.events.pending = async () => { throw new Error('storage down'); };
    dispatch.nudge(['x']);
    await dispatch.idle();
    expect(passFailures).toHaveLength(1);
  });
});

describe('OrderMoves', () => {
  it('stores the events of the move that won and nudges for it; a move that lost stores nothing and nudges nothing', async () => {
    const { orders, moves, nudged } = setup([]);
    const order = orderRecord({ createdAt: at(1), updatedAt: at(1) });
    await moves.place(order, customer);
    const [first, second] = await Promise.all([
      moves.move(order, paid(order), webhook),
      moves.move(order, expire(order, at(11)), { kind: 'job', id: 'test' }),
    ]);
    expect(first.status).toBe('completed');
    expect(second.status).toBe('completed'); // the loser gets the order as stored
    expect((await orders.events.history(order.id)).map((e) => e.type)).toEqual(['placed', 'paid']);
    expect(nudged).toEqual([[order.id], [order.id]]);
  });

  it('stores nothing for a move that changes nothing (the domain returned the same order)', async () => {
    const { orders, moves } = setup([]);
    const order = paid(orderRecord());
    await orders.add(order, []);
    await moves.move(order, complete(order, { paid: order.total, breakdown: null, paymentId: null }, at(12)), webhook);
    expect(await orders.events.history(order.id)).toEqual([]);
  });
});
