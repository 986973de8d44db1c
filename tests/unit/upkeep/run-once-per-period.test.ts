import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../../src/adapters/memory/storage.js';
import { RunOncePerPeriod } from '../../../src/application/upkeep/run-once-per-period.js';
import { fixedClock } from '../../support/builders.js';
import { MINUTE } from '../../support/harness.js';

describe('RunOncePerPeriod', () => {
  it('lets one of two instances run a job per period; the other takes over once the period is over', async () => {
    const storage = memoryStorage();
    const clock = fixedClock();
    const [a, b] = [new RunOncePerPeriod(storage.leases, clock), new RunOncePerPeriod(storage.leases, clock)];
    const ran: string[] = [];
    const job = (who: string) => async () => { ran.push(who); return who; };
    expect(await a.execute('sweep', MINUTE, job('a'))).toBe('a');
    expect(await b.execute('sweep', MINUTE, job('b'))).toBeNull();
    expect(await b.execute('other', MINUTE, job('b'))).toBe('b');
    clock.advance(MINUTE);
    expect(await b.execute('sweep', MINUTE, job('b'))).toBe('b');
    expect(await a.execute('sweep', MINUTE, job('a'))).toBeNull();
    expect(ran).toEqual(['a', 'b', 'b']);
  });
});
