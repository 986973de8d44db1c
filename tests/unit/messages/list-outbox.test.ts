import { describe, expect, it } from 'vitest';
import { MemoryOutbox } from '../../../src/adapters/memory/outbox.js';
import { ListOutbox } from '../../../src/application/messages/list-outbox.js';
import { anEntry } from '../../contract/outbox.contract.js';
import { aUser } from '../../support/builders.js';
import { actorOf, harness } from '../../support/harness.js';

describe('ListOutbox', () => {
  it('pages through the messages of one status for an administrator only', async () => {
    const t = harness();
    const outbox = new MemoryOutbox();
    const admin = await t.stored(aUser().admin().withEmail('admin@shop.test').build());
    const customer = await t.stored(aUser().build());
    const { record: dead } = await outbox.enqueue(anEntry(), t.ids.next(), t.clock.now());
    const [held] = await outbox.take(t.clock.now(), 60_000, 1);
    await outbox.markFailed(held!, 'refused', null, t.clock.now());
    for (let i = 0; i < 3; i++) {
      t.clock.advance(1000);
      await outbox.enqueue(anEntry(), t.ids.next(), t.clock.now());
    }
    const list = new ListOutbox(t.users, outbox);
    const first = await list.execute(actorOf(admin), 'pending', { limit: 2 });
    expect(first.items).toHaveLength(2);
    const rest = await list.execute(actorOf(admin), 'pending', { limit: 2, cursor: first.nextCursor! });
    expect(rest).toMatchObject({ nextCursor: null });
    expect(rest.items).toHaveLength(1);
    expect((await list.execute(actorOf(admin), 'dead', { limit: 10 })).items.map((r) => r.id)).toEqual([dead.id]);
    await expect(list.execute(actorOf(customer), null, { limit: 10 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
