import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryOutbox } from '../../../src/adapters/memory/outbox.js';
import { RetryMessage } from '../../../src/application/messages/retry-message.js';
import { anEntry } from '../../contract/outbox.contract.js';
import { aUser } from '../../support/builders.js';
import { type Harness, actorOf, harness } from '../../support/harness.js';

let t: Harness;
let outbox: MemoryOutbox;
let nudges: number;
const retry = () => new RetryMessage(t.users, outbox, { nudge: () => { nudges += 1; } }, t.clock);

beforeEach(() => {
  t = harness();
  outbox = new MemoryOutbox();
  nudges = 0;
});

async function deadMessage() {
  const { record } = await outbox.enqueue(anEntry(), t.ids.next(), t.clock.now());
  const [held] = await outbox.take(t.clock.now(), 60_000, 1);
  await outbox.markFailed(held!, 'refused', null, t.clock.now());
  return record;
}

describe('RetryMessage', () => {
  it('makes a dead message pending again, due now, and nudges delivery', async () => {
    const admin = await t.stored(aUser().admin().withEmail('admin@shop.test').build());
    const record = await deadMessage();
    t.clock.advance(5000);
    const retried = await retry().execute(actorOf(admin), record.id);
    expect(retried).toMatchObject({ id: record.id, status: 'pending', attempts: 0, nextAttemptAt: t.clock.now() });
    expect(nudges).toBe(1);
  });

  it('refuses a sent message, an unknown one, and anyone but an administrator', async () => {
    const admin = await t.stored(aUser().admin().withEmail('admin@shop.test').build());
    const customer = await t.stored(aUser().build());
    const { record } = await outbox.enqueue(anEntry(), t.ids.next(), t.clock.now());
    const [held] = await outbox.take(t.clock.now(), 60_000, 1);
    await outbox.markSent(held!, t.clock.now());
    await expect(retry().execute(actorOf(admin), record.id)).rejects.toMatchObject({ code: 'MESSAGE_ALREADY_SENT' });
    await expect(retry().execute(actorOf(admin), t.ids.next())).rejects.toMatchObject({ code: 'MESSAGE_NOT_FOUND' });
    await expect(retry().execute(actorOf(customer), record.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(nudges).toBe(0);
  });
});
