import { type Collection, type Db, type Filter, ObjectId } from 'mongodb';
import type { HeldReservation, StockReservations } from '../../application/ports/stock-reservations.js';
import type { ReserveLine, Stock, StockLine } from '../../application/ports/stock.js';
import { OutOfStock, StorageUnavailable } from '../../domain/errors.js';
import { mergeStockLines } from '../../domain/stock.js';
import { claim } from './claim.js';
import type { ChangeIntent, StockLevels } from './stock-levels.js';
import { storageCall } from './translate-errors.js';

/**
 * What one order holds, `_id` = the order id. The record is written before the first unit is
 * taken, and every stock change made for it carries its `intent`, so a reservation or a release
 * cut short at any step (a crash, a network error, a reply lost after the write applied) can be
 * finished or undone by whoever comes next: the changes that took effect are the guards with the
 * intent (see `StockLevels.changedFor`).
 *
 * `state`: `taking` while the units are being taken (what it holds is then what its `take` guards
 * say), `held` once they all are (`held` lists them), `released` once given back. Documents
 * written before there were states have none: `held` is what they hold, `releasedAt` set means
 * released.
 */
export type StockReservationDocument = {
  _id: string;
  lines: StockLine[];
  held: StockLine[];
  state?: 'taking' | 'held' | 'released';
  /** `<orderId>.<nonce>`: tags this reservation's stock changes. Absent on older documents. */
  intent?: string;
  /** `true` while the repair sweep must look at it (not settled, not released): the sweep reads only these. */
  open?: boolean;
  createdAt: Date;
  releasedAt: Date | null;
  /** Set when the order completed: the repair sweep skips it (it can still be released). */
  settled?: boolean;
};

/** `_id` = the order id; inserted once by whoever gives the reservation back: the insert decides. */
export type StockReleaseDocument = { _id: string; at: Date };

/**
 * A reservation stops taking units this long after it started, so that one the sweep repairs
 * (`STRANDED_STOCK_AFTER`, at least a minute later) can no longer take any: the sweep's reading of
 * which units were taken is then final.
 */
export const TAKING_DEADLINE_MS = 30_000;
/** A release whose winner has not finished after this long is finished by the next caller. */
const RELEASE_GRACE_MS = 30_000;

const isReleased = (r: StockReservationDocument) => r.state === 'released' || r.releasedAt !== null;

export class MongoStock implements Stock, StockReservations {
  private readonly reservations: Collection<StockReservationDocument>;
  private readonly releases: Collection<StockReleaseDocument>;

  constructor(
    db: Db,
    private readonly levels: StockLevels,
  ) {
    this.reservations = db.collection<StockReservationDocument>('stock_reservations');
    this.releases = db.collection<StockReleaseDocument>('stock_releases');
  }

  async reserve(orderId: string, lines: readonly ReserveLine[], at: Date): Promise<void> {
    const wanted = mergeStockLines(lines);
    // The caller's fresh read of every line spares reading the levels again; the guarded change below decides anyway.
    const tracked: ReadonlyMap<string, number | null> = lines.every((l) => l.available !== undefined)
      ? new Map(lines.map((l) => [l.productId, l.available!]))
      : await this.levels.readMany(wanted.map((l) => l.productId));
    const candidates = wanted.filter((l) => (tracked.get(l.productId) ?? null) !== null);
    if (candidates.length === 0) return;
    // Refusing on a read is sound (the units were not there when read), and spares a sold-out rush the guards.
    const short = candidates.find((l) => tracked.get(l.productId)! < l.quantity);
    if (short) throw new OutOfStock(short.productId, tracked.get(short.productId)!);

    const intent: ChangeIntent = { key: `${orderId}.${new ObjectId().toHexString()}`, op: 'take' };
    const started = performance.now();
    // The record (the intent) is written before the first unit is taken, so a crash leaves it for
    // the sweep; and only then: a caller refused at its first line writes nothing at all.
    let recorded = false;
    const beforeTaking = async () => {
      if (performance.now() - started > TAKING_DEADLINE_MS) {
        throw new StorageUnavailable(`Reserving stock for order ${orderId} took too long; try again later.`);
      }
      if (recorded) return;
      const reservation = await claim(this.reservations, {
        _id: orderId, lines: candidates, held: [], state: 'taking', intent: intent.key, open: true, createdAt: at, releasedAt: null,
      });
      if (!reservation.won) throw new Error(`Order ${orderId} holds a reservation already.`);
      recorded = true;
    };
    const taken: StockLine[] = [];
    for (const line of candidates) {
      const outcome = await this.levels.change(
        line.productId,
        (stock) => (stock === null ? { set: null } : stock >= line.quantity ? { set: stock - line.quantity } : { refuse: true }),
        at,
        { beforeWrite: beforeTaking, intent },
      );
      if (!outcome.applied) {
        if (recorded) {
          await this.giveBack(intent.key, taken, at);
          await storageCall(() => this.reservations.deleteOne({ _id: orderId }));
        }
        throw new OutOfStock(line.productId, outcome.available ?? 0);
      }
      if (outcome.before !== null) taken.push(line); // else no longer tracked: nothing to hold
    }
    if (recorded) await storageCall(() => this.reservations.updateOne({ _id: orderId }, { $set: { state: 'held', held: taken } }));
  }

  async release(orderId: string, at: Date): Promise<boolean> {
    const reservation = await storageCall(() => this.reservations.findOne({ _id: orderId }));
    if (!reservation || isReleased(reservation)) return false;
    if (reservation.state !== 'taking' && reservation.held.length === 0) return false;
    // A settled reservation comes back into the sweep's sight until it is given back.
    if (reservation.open === false) await storageCall(() => this.reservations.updateOne({ _id: orderId }, { $set: { open: true } }));
    const released = await claim(this.releases, { _id: orderId, at });
    if (released.won) return (await this.finishRelease(reservation, at)) > 0;
    // Its winner gives it back; one that stopped midway is finished here (each line at most once).
    if (reservation.intent && at.getTime() - released.winner.at.getTime() >= RELEASE_GRACE_MS) await this.finishRelease(reservation, at);
    return false;
  }

  async unsettled(cutoff: Date, limit: number, after?: HeldReservation): Promise<HeldReservation[]> {
    if (limit < 1) return [];
    const filter: Filter<StockReservationDocument> = {
      open: true,
      createdAt: { $lt: cutoff },
      ...(after && {
        $or: [{ createdAt: { $gt: after.createdAt } }, { createdAt: after.createdAt, _id: { $gt: after.orderId } }],
      }),
    };
    const docs = await storageCall(() =>
      this.reservations.find(filter, { projection: { _id: 1, createdAt: 1 } }).sort({ open: 1, createdAt: 1, _id: 1 }).limit(limit).toArray(),
    );
    return docs.map((d) => ({ orderId: d._id, createdAt: d.createdAt }));
  }

  async settle(orderId: string, at: Date): Promise<void> {
    const reservation = await storageCall(() => this.reservations.findOne({ _id: orderId }));
    if (!reservation || reservation.open === false) return;
    if (!isReleased(reservation) && reservation.intent) {
      // A release that began is finished, never left half done; units still being taken are counted from their guards.
      const begun = await storageCall(() => this.releases.findOne({ _id: orderId }));
      if (begun) {
        await this.finishRelease(reservation, at);
        return;
      }
      if (reservation.state === 'taking') {
        const held = await this.taken(reservation);
        await storageCall(() => this.reservations.updateOne({ _id: orderId }, { $set: { state: 'held', held } }));
      }
    }
    await storageCall(() => this.reservations.updateOne({ _id: orderId }, { $set: { open: false, settled: true } }));
  }

  /**
   * Gives back what the reservation holds, each line at most once whoever else is doing it, then
   * marks it released. Returns how many lines it held.
   */
  private async finishRelease(reservation: StockReservationDocument, at: Date): Promise<number> {
    const holding = reservation.state === 'taking' ? await this.taken(reservation) : reservation.held;
    await this.giveBack(reservation.intent ?? `${reservation._id}.before-intents`, holding, at);
    await storageCall(() =>
      this.reservations.updateOne({ _id: reservation._id }, { $set: { state: 'released', open: false, releasedAt: at } }),
    );
    return holding.length;
  }

  /** The lines of a reservation cut short while taking whose units were taken. */
  private async taken(reservation: StockReservationDocument): Promise<StockLine[]> {
    const moved = await this.levels.changedFor(reservation.intent!, 'take');
    return reservation.lines.filter((l) => moved.has(l.productId));
  }

  private async giveBack(intent: string, lines: readonly StockLine[], at: Date): Promise<void> {
    for (const line of lines) {
      await this.levels.change(
        line.productId,
        (stock) => ({ set: stock === null ? null : stock + line.quantity }),
        at,
        { intent: { key: intent, op: 'give' }, once: true },
      );
    }
  }
}

/**
 * Reservations written before `open` existed get it once (at start-up), so the sweep, which reads
 * only `open: true`, still sees the ones that may need repair; the others get `open: false`, so
 * the next start-up's check finds nothing to do. (On FerretDB, run it with the older version's
 * instances stopped: its updates are a read and a write of the whole document.)
 */
export async function openEarlierReservations(db: Db): Promise<void> {
  const reservations = db.collection<StockReservationDocument>('stock_reservations');
  const unmarked = { open: { $exists: false } };
  if (!(await storageCall(() => reservations.findOne(unmarked, { projection: { _id: 1 } })))) return;
  await storageCall(() => reservations.updateMany({ ...unmarked, releasedAt: null, settled: { $ne: true } }, { $set: { open: true } }));
  await storageCall(() => reservations.updateMany(unmarked, { $set: { open: false } }));
}
