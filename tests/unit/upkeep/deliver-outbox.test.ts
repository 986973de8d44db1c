import { describe, expect, it } from 'vitest';
import { MemoryOutbox } from '../../../src/adapters/memory/outbox.js';
import type { DeliveryReports, Mailer, OutgoingMessage } from '../../../src/application/ports/index.js';
import { type DeliveryFailure, type DeliveryPolicy, DeliverOutbox } from '../../../src/application/upkeep/deliver-outbox.js';
import { anEntry } from '../../contract/outbox.contract.js';
import { fixedClock, sequentialIds } from '../../support/builders.js';

const POLICY: DeliveryPolicy = { leaseMs: 60_000, batch: 20, maxAttempts: 4, retryBaseMs: 30_000, retryMaxMs: 100_000 };

/** A mailer that records what it was given and fails while `down` says so. */
function recordingMailer(down: () => unknown = () => null) {
  const sent: OutgoingMessage[] = [];
  const mailer: Mailer & { sent: OutgoingMessage[] } = {
    description: 'recording',
    sent,
    async send(outgoing) {
      const failure = down();
      if (failure) throw failure;
      sent.push(outgoing);
    },
  };
  return mailer;
}

function countingReports() {
  const counts: Record<string, string[]> = { sent: [], failed: [], dead: [] };
  const reports: DeliveryReports = { sent: (k) => counts.sent!.push(k), failed: (k) => counts.failed!.push(k), dead: (k) => counts.dead!.push(k) };
  return { counts, reports };
}

function setup(mailer: Mailer, { policy = POLICY, random = (): number => 1, outbox = new MemoryOutbox(), clock = fixedClock() } = {}) {
  const failures: DeliveryFailure[] = [];
  const passFailures: unknown[] = [];
  const { counts, reports } = countingReports();
  const worker = new DeliverOutbox(outbox, mailer, clock, reports, policy, (f) => failures.push(f), (e) => passFailures.push(e), random);
  const ids = sequentialIds();
  const enqueue = (entry = anEntry()) => outbox.enqueue(entry, ids.next(), clock.now()).then((r) => r.record);
  const run = async () => { worker.nudge(); await worker.idle(); };
  return { outbox, clock, worker, failures, passFailures, counts, enqueue, run };
}

describe('DeliverOutbox', () => {
  it('sends each due message once, with its record id as its id, and marks it sent', async () => {
    const mailer = recordingMailer();
    const t = setup(mailer);
    const a = await t.enqueue();
    const b = await t.enqueue();
    await t.run();
    await t.run();
    expect(mailer.sent.map((m) => m.id)).toEqual([a.id, b.id]);
    expect(mailer.sent[0]).toMatchObject({ to: a.to, message: { kind: 'order-confirmation', data: a.data } });
    expect((await t.outbox.byId(a.id))!.status).toBe('sent');
    expect(t.counts.sent).toEqual(['order-confirmation', 'order-confirmation']);
  });

  it('keeps taking batches while they come back full', async () => {
    const mailer = recordingMailer();
    const t = setup(mailer, { policy: { ...POLICY, batch: 2 } });
    for (let i = 0; i < 5; i++) await t.enqueue();
    await t.run();
    expect(mailer.sent).toHaveLength(5);
  });

  it('retries a failed send after an exponential, jittered delay, then gives up: dead', async () => {
    let down = true;
    const mailer = recordingMailer(() => down && new Error('ECONNREFUSED'));
    const t = setup(mailer, { random: () => 0.5 });
    const record = await t.enqueue();

    const delays: number[] = [];
    for (let attempt = 1; attempt <= 4; attempt++) {
      const before = t.clock.now().getTime();
      await t.run();
      const stored = (await t.outbox.byId(record.id))!;
      expect(stored).toMatchObject({ attempts: attempt, lastError: 'ECONNREFUSED' });
      if (attempt < 4) {
        delays.push(stored.nextAttemptAt!.getTime() - before);
        t.clock.advance(delays.at(-1)! - 1);
        await t.run();
        expect((await t.outbox.byId(record.id))!.attempts).toBe(attempt); // not due yet
        t.clock.advance(1);
      } else {
        expect(stored).toMatchObject({ status: 'dead', nextAttemptAt: null });
      }
    }
    // Base 30 s doubling, capped at 100 s, each at 3/4 of its full value with random() = 0.5.
    expect(delays).toEqual([22_500, 45_000, 75_000]);
    expect(t.failures.map((f) => [f.attempts, f.willRetry])).toEqual([[1, true], [2, true], [3, true], [4, false]]);
    expect(t.counts.failed).toHaveLength(4);
    expect(t.counts.dead).toEqual(['order-confirmation']);
    down = false;
    t.clock.advance(3600_000);
    await t.run();
    expect(mailer.sent).toEqual([]);
  });

  it('jitters each delay within the upper half of its full value', () => {
    const low = setup(recordingMailer(), { random: () => 0 }).worker;
    const high = setup(recordingMailer(), { random: () => 0.999999 }).worker;
    expect([1, 2, 3, 4, 10].map((n) => low.retryDelayMs(n))).toEqual([15_000, 30_000, 50_000, 50_000, 50_000]);
    expect([1, 2, 3, 4, 10].map((n) => high.retryDelayMs(n))).toEqual([30_000, 60_000, 100_000, 100_000, 100_000]);
  });

  it('gives up at once on a message the server refuses for good', async () => {
    const mailer = recordingMailer(() => Object.assign(new Error('550 no such user'), { permanent: true }));
    const t = setup(mailer);
    const record = await t.enqueue();
    await t.run();
    expect(await t.outbox.byId(record.id)).toMatchObject({ status: 'dead', attempts: 1, lastError: '550 no such user' });
  });

  it('two workers on one outbox send every message once', async () => {
    const outbox = new MemoryOutbox();
    const clock = fixedClock();
    const mailer = recordingMailer();
    const slow: Mailer = { description: 'slow', send: async (m) => { await new Promise((r) => setTimeout(r, 1)); await mailer.send(m); } };
    const one = setup(slow, { outbox, clock, policy: { ...POLICY, batch: 3 } });
    const two = setup(slow, { outbox, clock, policy: { ...POLICY, batch: 3 } });
    for (let i = 0; i < 10; i++) await one.enqueue();
    await Promise.all([one.run(), two.run(), one.run(), two.run()]);
    expect(mailer.sent).toHaveLength(10);
    expect(new Set(mailer.sent.map((m) => m.id)).size).toBe(10);
  });

  it('a worker that died holding a message: another sends it once the lease has run out, under the same id', async () => {
    const outbox = new MemoryOutbox();
    const clock = fixedClock();
    let sending!: () => void;
    const taken = new Promise<void>((resolve) => { sending = resolve; });
    const hanging: Mailer = { description: 'hangs', send: () => { sending(); return new Promise(() => {}); } };
    const dead = setup(hanging, { outbox, clock });
    const record = await dead.enqueue();
    dead.worker.nudge(); // takes the record and never comes back
    await taken;

    const mailer = recordingMailer();
    const survivor = setup(mailer, { outbox, clock });
    await survivor.run();
    expect(mailer.sent).toEqual([]);
    clock.advance(POLICY.leaseMs);
    await survivor.run();
    expect(mailer.sent.map((m) => m.id)).toEqual([record.id]);
  });

  it('stop finishes the send in progress and gives back the messages taken but not tried', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const sent: string[] = [];
    let started!: () => void;
    const inProgress = new Promise<void>((resolve) => { started = resolve; });
    const mailer: Mailer = { description: 'gated', async send(m) { started(); await gate; sent.push(m.id); } };
    const t = setup(mailer);
    const records = [await t.enqueue(), await t.enqueue(), await t.enqueue()];
    t.worker.nudge();
    await inProgress;
    const stopped = t.worker.stop();
    release();
    await stopped;

    expect(sent).toEqual([records[0]!.id]);
    expect((await t.outbox.byId(records[0]!.id))!.status).toBe('sent');
    for (const r of records.slice(1)) expect(await t.outbox.byId(r.id)).toMatchObject({ status: 'pending', nextAttemptAt: t.clock.now() });
    t.worker.nudge();
    await t.worker.idle();
    expect(sent).toHaveLength(1);
  });

  it('reports a pass that failed as a whole and is ready for the next', async () => {
    const outbox = new MemoryOutbox();
    let broken = true;
    const take = outbox.take.bind(outbox);
    outbox.take = async (...args) => { if (broken) throw new Error('storage down'); return take(...args); };
    const mailer = recordingMailer();
    const t = setup(mailer, { outbox });
    await t.enqueue();
    await t.run();
    expect(t.passFailures).toHaveLength(1);
    broken = false;
    await t.run();
    expect(mailer.sent).toHaveLength(1);
  });
});
