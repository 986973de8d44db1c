/** A reservation still held, as the repair sweep sees it. */
export type HeldReservation = Readonly<{ orderId: string; createdAt: Date }>;

/** Bookkeeping over `Stock`'s reservations, for the sweep that repairs what a crash left behind. */
export interface StockReservations {
  /**
   * Reservations made before `cutoff` that are neither given back nor settled, oldest first
   * (by `createdAt`, then order id), strictly after `after` when given; at most `limit`.
   */
  unsettled(cutoff: Date, limit: number, after?: HeldReservation): Promise<HeldReservation[]>;
  /** The order completed: the sweep need not look at it again. It can still be given back (`Stock.release`). */
  settle(orderId: string): Promise<void>;
}
