/** A reservation still held, as the repair sweep sees it. */
export type HeldReservation = Readonly<{ orderId: string; createdAt: Date }>;

/**
 * Bookkeeping over `Stock`'s reservations, for the sweep that repairs what a failure left behind.
 * A reservation or a release cut short at any step (before or after any write, a reply lost) is
 * in one of these states, and `Stock.release` or `settle` finishes it: the stock is then exactly
 * accounted (what the shop set, minus the units of orders holding stock). What the sweep reads is
 * bounded by the open reservations, never by the history.
 */
export interface StockReservations {
  /**
   * Reservations made before `cutoff` that are neither given back nor settled (including ones cut
   * short), oldest first (by `createdAt`, then order id), strictly after `after` when given; at
   * most `limit`.
   */
  unsettled(cutoff: Date, limit: number, after?: HeldReservation): Promise<HeldReservation[]>;
  /**
   * The order keeps its stock (it completed): the sweep need not look at it again, and it can
   * still be given back (`Stock.release`). A release of it that began and stopped midway is
   * finished instead, never left half done. Unknown or already settled: nothing happens.
   */
  settle(orderId: string, at: Date): Promise<void>;
}
