import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Collection, type Db, ObjectId } from 'mongodb';
import { StorageUnavailable } from '../../domain/errors.js';
import { hasUnits } from '../../domain/product.js';
import type { MongoCatalogueChanges } from './catalogue-changes.js';
import { claim } from './claim.js';
import { expirySweeper } from './expiry.js';
import { storageCall } from './translate-errors.js';

/**
 * A product's stock, in a document of its own (`_id` = the product id) rather than in the product:
 * FerretDB (1.x) writes a whole document back on every update, so an admin renaming a product
 * could otherwise put back a stock count an order had just changed. No document = not tracked.
 * `revision` counts the changes; `nonce` is the guard of the change that wrote this revision.
 */
export type StockLevelDocument = { _id: string; stock: number | null; revision: number; nonce?: string };

/**
 * One per stock change, keyed `<productId>:<revision>`: whoever inserts it owns the change from
 * that revision, and it carries the result, so if the owner dies before writing the level another
 * caller can finish it (once it is `STALE_MS` old). Retired (`expiresAt` set) once applied.
 */
export type StockChangeDocument = {
  _id: string;
  nonce: string;
  stock: number | null;
  revision: number;
  createdAt: Date;
  expiresAt: Date | null;
  /** The reservation this change takes for or gives back for (`ChangeIntent.key`); absent for an admin's count. */
  intent?: string;
  op?: ChangeIntent['op'];
  /** Won by a caller too slow to use it (see `SLOW_CALLER_MS`): never applied. */
  void?: true;
};

/**
 * Tags a change with what it is for, so whoever repairs a reservation cut short can tell which of
 * its changes took effect: a guard with the tag exists exactly when its change did (or will: the
 * guard carries the result, and a stale one is finished by the next caller).
 */
export type ChangeIntent = Readonly<{ key: string; op: 'take' | 'give' }>;

/** What a change decides from the current count: the new one, or a refusal. */
export type StockDecision = { set: number | null } | { refuse: true };

export type ChangeOptions = Readonly<{
  track?: boolean;
  beforeWrite?: () => Promise<void>;
  intent?: ChangeIntent;
  /** With `intent`: when a change with the same intent exists for this product, make none and report `already`. */
  once?: boolean;
}>;

export type StockOutcome =
  | { applied: true; before: number | null; after: number | null; already?: true }
  | { applied: false; available: number | null };

const GUARD_KEPT_MS = 24 * 3600_000;
/** A guard this old whose level was never written belongs to a dead caller: anyone may finish it. */
const STALE_MS = 10_000;
/** A caller that took this long between reading a level and inserting its guard retries instead. */
const SLOW_CALLER_MS = 3600_000;
/** 100 callers on one product take turns: each round has one winner, so allow many rounds. */
const MAX_ATTEMPTS = 300;
/**
 * How long a caller keeps losing rounds before it answers "too busy" (StorageUnavailable, a 503 to
 * retry): a winner normally writes its level within milliseconds, so waiting longer means one
 * died between its guard and its level (a crash, a cut connection), and that guard blocks the
 * product until it is `STALE_MS` old, when the next caller finishes it. Without this bound the
 * caller would spin through every attempt (about 18 s) while the request waits.
 */
const CONTENDED_MAX_MS = 3_000;

/**
 * Serialises the changes to each product's stock through unique inserts, the only write FerretDB
 * makes atomic (its conditional updates are a read and an unconditional write). On MongoDB the
 * same protocol is correct and only the guard's insert decides.
 */
export class StockLevels {
  private readonly levels: Collection<StockLevelDocument>;
  private readonly changes: Collection<StockChangeDocument>;
  private readonly sweep: (now: Date) => void;
  private readonly queues = new Map<string, Promise<void>>();
  /** When a turn last failed for storage being unavailable, per product with callers queued. */
  private readonly unavailableAt = new Map<string, number>();

  /** `catalogue` hears of every change that flips a product's `inStock`. */
  constructor(db: Db, private readonly catalogue?: MongoCatalogueChanges) {
    this.levels = db.collection<StockLevelDocument>('stock_levels');
    this.changes = db.collection<StockChangeDocument>('stock_changes');
    this.sweep = expirySweeper(this.changes);
  }

  async read(productId: string): Promise<number | null> {
    const doc = await storageCall(() => this.levels.findOne({ _id: productId }));
    return doc?.stock ?? null;
  }

  async readMany(productIds: readonly string[]): Promise<Map<string, number | null>> {
    if (productIds.length === 0) return new Map();
    const [only] = productIds;
    const filter = productIds.length === 1 ? { _id: only! } : { _id: { $in: [...productIds] } };
    const docs = await storageCall(() => this.levels.find(filter).toArray());
    return new Map(docs.map((d) => [d._id, d.stock]));
  }

  /** For a product just added: its first level. */
  async create(productId: string, stock: number | null): Promise<void> {
    if (stock === null) return;
    await storageCall(() => this.levels.insertOne({ _id: productId, stock, revision: 0 }));
  }

  /**
   * The products whose stock a change tagged `intent` and `op` moved (or will: a guard outlives its
   * winner). Guards are kept a day after they are applied, so ask within that.
   */
  async changedFor(intent: string, op: ChangeIntent['op']): Promise<Set<string>> {
    return new Set((await this.guardsFor(intent, op)).keys());
  }

  /** The ids of the guards tagged `intent` and `op`, by product. */
  private async guardsFor(intent: string, op: ChangeIntent['op']): Promise<Map<string, string[]>> {
    const guards = await storageCall(() => this.changes.find({ intent, op }, { projection: { _id: 1, void: 1 } }).toArray());
    const byProduct = new Map<string, string[]>();
    for (const { _id, void: unused } of guards) {
      if (unused) continue;
      const productId = _id.slice(0, _id.lastIndexOf(':'));
      byProduct.set(productId, [...(byProduct.get(productId) ?? []), _id]);
    }
    return byProduct;
  }

  /**
   * Applies `decide(current)` as one change, at most once, racing any number of callers in any
   * number of processes. `track` creates an untracked product's level first (an admin setting a
   * count); without it an untracked product is left as it is and reported unchanged. `beforeWrite`
   * runs before any write of the change (possibly more than once), after `decide` accepted it.
   *
   * With `once`, the change is made at most once per `intent` across callers: each round looks for
   * a guard of the intent after reading the level, and a guard is inserted before its level moves,
   * so one made by another caller at an earlier revision is always seen; one at the same revision
   * loses the unique insert. No clock is involved.
   */
  async change(
    productId: string,
    decide: (stock: number | null) => StockDecision,
    at: Date,
    options: ChangeOptions = {},
  ): Promise<StockOutcome> {
    // Callers in this process take turns per product, so only one of them at a time races the
    // other processes: a rush costs the store a few writes per unit, not a few per caller and round.
    // When a turn finds the storage unavailable, the callers queued behind it fail at once rather
    // than each waiting out its own failure in turn (50 queued callers × a 5 s server selection).
    const previous = this.queues.get(productId) ?? Promise.resolve();
    const queuedAt = performance.now();
    const turn = previous.then(() => {
      const failedAt = this.unavailableAt.get(productId);
      if (failedAt !== undefined && failedAt >= queuedAt) {
        throw new StorageUnavailable(`Stock of product ${productId} cannot be changed now: storage is unavailable; try again later.`);
      }
      return this.changeNow(productId, decide, at, options).catch((error: unknown) => {
        if (error instanceof StorageUnavailable) this.unavailableAt.set(productId, performance.now());
        throw error;
      });
    });
    // The next caller only waits for this turn to end; its result or failure goes to its own caller (`return turn`).
    const settled = turn.then(() => undefined, () => undefined);
    this.queues.set(productId, settled);
    void settled.then(() => {
      if (this.queues.get(productId) !== settled) return;
      this.queues.delete(productId);
      this.unavailableAt.delete(productId);
    });
    return turn;
  }

  private async changeNow(
    productId: string,
    decide: (stock: number | null) => StockDecision,
    at: Date,
    { track = false, beforeWrite, intent, once = false }: ChangeOptions,
  ): Promise<StockOutcome> {
    this.sweep(at);
    let lostAt = -1;
    const started = performance.now();
    for (let attempt = 0; attempt < MAX_ATTEMPTS && (attempt === 0 || performance.now() - started < CONTENDED_MAX_MS); attempt++) {
      const readAt = performance.now();
      let level = await storageCall(() => this.levels.findOne({ _id: productId }));
      if (!level) {
        const decision = decide(null);
        if ('refuse' in decision) return { applied: false, available: null };
        if (!track || decision.set === null) return { applied: true, before: null, after: null };
        await beforeWrite?.();
        const created = await claim(this.levels, { _id: productId, stock: null, revision: 0 });
        level = created.won ? created.doc : created.winner;
      }
      const decision = decide(level.stock);
      if ('refuse' in decision) return { applied: false, available: level.stock };
      if (level.revision === lostAt && attempt % 4 !== 3) {
        // The winner of this revision is still writing: inserting again would only fail again.
        await sleep(backoff(attempt));
        continue;
      }
      if (decision.set === level.stock) return { applied: true, before: level.stock, after: level.stock };
      if (once && intent) {
        const made = (await this.guardsFor(intent.key, intent.op)).get(productId) ?? [];
        // A guard of this very revision is not applied yet: inserting ours loses to it, and finishes it once stale.
        if (made.length > 0 && !made.includes(`${productId}:${level.revision}`)) {
          return { applied: true, before: level.stock, after: level.stock, already: true };
        }
      }
      await beforeWrite?.();
      const guard: StockChangeDocument = {
        _id: `${productId}:${level.revision}`,
        nonce: new ObjectId().toHexString(),
        stock: decision.set,
        revision: level.revision + 1,
        createdAt: at,
        expiresAt: null,
        ...(intent && { intent: intent.key, op: intent.op }),
      };
      const claimed = await claim(this.changes, guard);
      if (claimed.won && performance.now() - readAt < SLOW_CALLER_MS) {
        // Matching nothing means a caller finished this change from the guard already.
        await storageCall(() => this.levels.updateOne({ _id: productId, revision: level.revision }, this.write(guard)));
        await this.retire(guard._id, at);
        if (hasUnits(level.stock) !== hasUnits(decision.set)) await this.catalogue?.changed([productId]);
        return { applied: true, before: level.stock, after: decision.set };
      }
      if (claimed.won) await this.retire(guard._id, at, true); // a guard deleted long after its level moved on: not ours to use
      else {
        lostAt = level.revision;
        await this.finishIfStale(productId, claimed.winner, level.revision, at);
      }
      await sleep(backoff(attempt));
    }
    throw new StorageUnavailable(`Stock of product ${productId} is too busy to change; try again later.`);
  }

  private write(guard: StockChangeDocument) {
    return { $set: { stock: guard.stock, revision: guard.revision, nonce: guard.nonce } };
  }

  private async finishIfStale(productId: string, guard: StockChangeDocument, revision: number, at: Date): Promise<void> {
    if (guard.expiresAt !== null || at.getTime() - guard.createdAt.getTime() < STALE_MS) return;
    await storageCall(() => this.levels.updateOne({ _id: productId, revision }, this.write(guard)));
    await this.retire(guard._id, at);
    await this.catalogue?.changed([productId]); // what it was before is not known here: say it changed
  }

  /** Only once the level is past the guard's revision: before that, deleting it could let a second caller win. */
  private async retire(guardId: string, at: Date, unused = false): Promise<void> {
    const expiresAt = new Date(at.getTime() + GUARD_KEPT_MS);
    await storageCall(() => this.changes.updateOne({ _id: guardId }, { $set: unused ? { expiresAt, void: true } : { expiresAt } }));
  }
}

/** Small and jittered, so that losers do not come back in lockstep. */
function backoff(attempt: number): number {
  return randomInt(1, 2 + Math.min(5 * 2 ** Math.min(attempt, 5), 100));
}
