/** One line of an order, as far as stock is concerned. */
export type StockLine = Readonly<{ productId: string; quantity: number }>;

/**
 * A line to reserve. `available`: the product's stock as the caller has just read it
 * (`Product.stock`), so the reservation need not read it again; it may refuse on it (`OutOfStock`
 * with that figure), but never takes more units than there are now, however old the figure.
 */
export type ReserveLine = StockLine & Readonly<{ available?: number }>;

export interface Stock {
  /**
   * Reserves every line for `orderId`, all lines or none. Lines of products whose stock is not
   * tracked (`stock: null`) always succeed and hold nothing. When any tracked line can't be
   * covered it throws `OutOfStock` (naming the product and the units available) and nothing stays
   * reserved for any line. Atomic across processes sharing the store: concurrent reservations
   * never hand out more units than were available.
   */
  reserve(orderId: string, lines: readonly ReserveLine[], at: Date): Promise<void>;
  /**
   * Gives back what `orderId` holds, exactly once across callers and processes: `true` for the
   * one caller that gave it back, `false` when nothing is held (never reserved, nothing tracked,
   * or already given back). A reservation kept by a completed order can still be given back
   * (a refund with restock).
   */
  release(orderId: string, at: Date): Promise<boolean>;
}
