import { describe, expect, it } from 'vitest';
import type { ReconcileResult } from '../../../src/application/ports/job-reports.js';
import { describeRun, exitCodeOf } from '../../../src/boot/reconcile-report.js';
import { PaymentProviderUnavailable } from '../../../src/domain/errors.js';

describe('exitCodeOf', () => {
  const run = (counts: Partial<ReconcileResult['counts']>): ReconcileResult => ({
    asked: 0, orders: [], counts: { completed: 0, expired: 0, failed: 0, flagged: 0, unchanged: 0, skipped: 0, error: 0, ...counts },
  });
  it.each([
    [{}, 0], [{ unchanged: 5, skipped: 2 }, 0], [{ completed: 1 }, 1], [{ expired: 1 }, 1], [{ failed: 1 }, 1],
    [{ flagged: 1 }, 1], [{ error: 1 }, 2], [{ completed: 3, error: 1 }, 2],
  ])('%o → %i', (counts, code) => expect(exitCodeOf(run(counts))).toBe(code));
});

describe('describeRun', () => {
  it('lists the orders that changed or failed, with the error as text, and every count', () => {
    const failure = new PaymentProviderUnavailable('The payment provider is unavailable.', { cause: new Error('ECONNREFUSED') });
    const line = describeRun({
      asked: 3,
      counts: { completed: 1, expired: 0, failed: 0, flagged: 0, unchanged: 1, skipped: 1, error: 1 },
      orders: [
        { orderId: 'o1', outcome: 'completed' }, { orderId: 'o2', outcome: 'unchanged' },
        { orderId: 'o3', outcome: 'skipped' }, { orderId: 'o4', outcome: 'error', error: failure },
      ],
    });
    expect(line).toEqual({
      asked: 3, completed: 1, expired: 0, failed: 0, flagged: 0, unchanged: 1, skipped: 1, error: 1,
      orders: [{ orderId: 'o1', outcome: 'completed' }, { orderId: 'o4', outcome: 'error', error: 'The payment provider is unavailable. (ECONNREFUSED)' }],
    });
    expect(JSON.parse(JSON.stringify(line))).toEqual(line);
  });
});
