import { OrderMoves } from '../../src/application/orders/order-moves.js';
import type { Orders } from '../../src/application/ports/orders.js';

/** Moves for a use case under test: the events are stored with each move, no delivery is nudged. */
export const movesOf = (orders: Orders): OrderMoves => new OrderMoves(orders, { nudge: () => {} });
