import { type Db, MongoNetworkError } from 'mongodb';
import { StorageUnavailable } from '../../src/domain/errors.js';
import type { Faults } from '../contract/stock-faults.contract.js';

type Plan = { nth: number; mode: 'before' | 'after'; seen: number; fired: boolean } | null;

/** A fault plan shared by the wrappers below: the n-th write after `arm` fails, once. */
export function faultPlan(): Faults & { around<T>(write: () => Promise<T>, fail: () => Error): Promise<T> } {
  let plan: Plan = null;
  return {
    arm(nth, mode) {
      plan = { nth, mode, seen: 0, fired: false };
    },
    disarm() {
      plan = null;
    },
    fired: () => plan?.fired ?? false,
    async around(write, fail) {
      const current = plan;
      if (!current || current.fired || current.seen++ !== current.nth) return write();
      current.fired = true;
      if (current.mode === 'before') throw fail();
      try {
        await write();
      } catch (error) {
        // It failed by itself (a unique insert that lost, a refusal): nothing applied, so the next write gets the fault.
        current.fired = false;
        current.nth += 1;
        throw error;
      }
      throw fail(); // applied, but the caller never hears so
    },
  };
}

const WRITES = new Set(['insertOne', 'insertMany', 'updateOne', 'updateMany', 'replaceOne', 'deleteOne', 'findOneAndUpdate', 'findOneAndReplace', 'findOneAndDelete', 'bulkWrite']);

/**
 * `db` whose collections' write commands go through `plan` (a network error, as the driver reports
 * a connection cut). `deleteMany` is left alone: it is the background expiry sweep, never a step.
 */
export function faultyDb(db: Db, plan: ReturnType<typeof faultPlan>): Db {
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property !== 'collection') return Reflect.get(target, property, receiver);
      return (name: string) => {
        const collection = target.collection(name);
        return new Proxy(collection, {
          get(c, p, r) {
            const value = Reflect.get(c, p, r);
            if (typeof p !== 'string' || !WRITES.has(p) || typeof value !== 'function') return value;
            return (...args: unknown[]) =>
              plan.around(() => value.apply(c, args), () => new MongoNetworkError(`injected: connection cut around ${name}.${p}`));
          },
        });
      };
    },
  });
}

/** An in-memory adapter whose listed methods are its writes: each call is one step, through `plan`. */
export function faultyCalls<T extends object>(target: T, writes: readonly (keyof T & string)[], plan: ReturnType<typeof faultPlan>): T {
  return new Proxy(target, {
    get(t, p, r) {
      const value = Reflect.get(t, p, r);
      if (typeof p !== 'string' || !writes.includes(p as keyof T & string) || typeof value !== 'function') return value;
      return (...args: unknown[]) =>
        plan.around(() => (value as (...a: unknown[]) => Promise<unknown>).apply(t, args), () => new StorageUnavailable('injected: storage failed'));
    },
  });
}
