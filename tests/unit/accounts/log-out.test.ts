import { beforeEach, describe, expect, it } from 'vitest';
import { LogOut } from '../../../src/application/accounts/log-out.js';
import { LogOutEverywhere } from '../../../src/application/accounts/log-out-everywhere.js';
import type { User } from '../../../src/domain/user.js';
import { aUser } from '../../support/builders.js';
import { type Harness, harness } from '../../support/harness.js';

let t: Harness;
let ada: User;
let bob: User;
beforeEach(async () => {
  t = harness();
  ada = await t.stored(aUser().build());
  bob = await t.stored(aUser().withEmail('bob@example.com').build());
});

const actor = (user: User, sessionId?: string) => ({ userId: user.id, role: user.role, ...(sessionId && { sessionId }) });
const openIds = async (user: User) => (await t.sessions.open(user.id, t.clock.now())).map((s) => s.id).sort();

describe('LogOut', () => {
  it("ends the caller's session only", async () => {
    const mine = await t.accountSessions.start(ada);
    const other = await t.accountSessions.start(ada);
    await new LogOut(t.accountSessions).execute(actor(ada, mine.sessionId));
    expect(await openIds(ada)).toEqual([other.sessionId]);
  });

  it('ends nothing for a token from before sessions', async () => {
    const mine = await t.accountSessions.start(ada);
    await new LogOut(t.accountSessions).execute(actor(ada));
    expect(await openIds(ada)).toEqual([mine.sessionId]);
  });
});

describe('LogOutEverywhere', () => {
  it("ends every session of the caller's account, and nobody else's", async () => {
    const mine = await t.accountSessions.start(ada);
    await t.accountSessions.start(ada);
    const bobs = await t.accountSessions.start(bob);
    await new LogOutEverywhere(t.accountSessions).execute(actor(ada, mine.sessionId));
    expect(await openIds(ada)).toEqual([]);
    expect(await openIds(bob)).toEqual([bobs.sessionId]);
  });
});
