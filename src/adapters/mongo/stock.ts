import type { Collection, Db, Filter } from 'mongodb';
import type { HeldReservation, StockReservations } from '../../application/ports/stock-reservations.js';
import type { ReserveLine, Stock, StockLine } from '../../application/ports/stock.js';
import { OutOfStock } from '../../domain/errors.js';
import { mergeStockLines } from '../../domain/stock.js';
import { claim } from './claim.js';
import type { StockLevels } from './stock-levels.js';
import { storageCall } from './translate-errors.js';

/**
 * What one order holds, `_id` = the order id. `lines` is what it asked for; `held` what has been
 * taken from the levels so far, so a reservation cut short (a line refused, or a crash) gives back
 * exactly what it took. Only the reserving caller writes `held` before the release, and only the
 * releasing caller after.
 */
export type StockReservationDocument = {
  _id: string;
  lines: { productId: string; quantity: number }[];
  held: { productId: string; quantity: number }[];
  createdAt: Date;
  releasedAt: Date | null;
  /** Set when the order completed: the repair sweep skips it (it can still be released). */
  settled?: boolean;
};

/** `_id` = the order id; inserted once by whoever gives the reservation back: the insert decides. */
export type StockReleaseDocument = { _id: string; at: Date };

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
    // The record is written before the first unit is taken (so a crash leaves it for the sweep), and
    // only then: a caller refused at its first line writes nothing at all.
    let recorded = false;
    const record = async () => {
      if (recorded) return;
      const reservation = await claim(this.reservations, { _id: orderId, lines: candidates, held: [], createdAt: at, releasedAt: null });
      if (!reservation.won) throw new Error(`Order ${orderId} holds a reservation already.`);
      recorded = true;
    };
    const held: StockLine[] = [];
    for (const line of candidates) {
      const outcome = await this.levels.change(
        line.productId,
        (stock) => (stock === null ? { set: null } : stock >= line.quantity ? { set: stock - line.quantity } : { refuse: true }),
        at,
        { beforeWrite: record },
      );
      if (!outcome.applied) {
        if (recorded) {
          await this.giveBack(orderId, held, at);
          await storageCall(() => this.reservations.deleteOne({ _id: orderId }));
        }
        throw new OutOfStock(line.productId, outcome.available ?? 0);
      }
      if (outcome.before === null) continue; // no longer tracked: nothing to hold
      held.push(line);
      await storageCall(() => this.reservations.updateOne({ _id: orderId }, { $set: { held: [...held] } }));
    }
  }

  async release(orderId: string, at: Date): Promise<boolean> {
    const reservation = await storageCall(() => this.reservations.findOne({ _id: orderId }));
    if (!reservation || reservation.releasedAt !== null || reservation.held.length === 0) return false;
    if (!(await claim(this.releases, { _id: orderId, at })).won) return false;
    await this.giveBack(orderId, reservation.held, at);
    await storageCall(() => this.reservations.updateOne({ _id: orderId }, { $set: { releasedAt: at } }));
    return true;
  }

  async unsettled(cutoff: Date, limit: number, after?: HeldReservation): Promise<HeldReservation[]> {
    if (limit < 1) return [];
    const filter: Filter<StockReservationDocument> = {
      releasedAt: null,
      settled: { $ne: true },
      createdAt: { $lt: cutoff },
      ...(after && {
        $or: [{ createdAt: { $gt: after.createdAt } }, { createdAt: after.createdAt, _id: { $gt: after.orderId } }],
      }),
    };
    const docs = await storageCall(() =>
      this.reservations.find(filter).sort({ createdAt: 1, _id: 1 }).limit(limit).toArray(),
    );
    return docs.map((d) => ({ orderId: d._id, createdAt: d.createdAt }));
  }

  async settle(orderId: string): Promise<void> {
    await storageCall(() => this.reservations.updateOne({ _id: orderId }, { $set: { settled: true } }));
  }

  /** Line by line, recording each as given back, so a crash midway neither loses nor doubles much. */
  private async giveBack(orderId: string, held: readonly StockLine[], at: Date): Promise<void> {
    const remaining = [...held];
    while (remaining.length > 0) {
      const line = remaining[0]!;
      await this.levels.change(line.productId, (stock) => ({ set: stock === null ? null : stock + line.quantity }), at);
      remaining.shift();
      await storageCall(() => this.reservations.updateOne({ _id: orderId }, { $set: { held: [...remaining] } }));
    }
  }
}
