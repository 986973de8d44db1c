import type { CatalogueChanges } from './catalogue-changes.js';
import type { IdempotencyRecords } from './idempotency-records.js';
import type { Leases } from './leases.js';
import type { OrderEvents } from './order-events.js';
import type { Orders } from './orders.js';
import type { Outbox } from './outbox.js';
import type { ProcessedEvents } from './processed-events.js';
import type { Products } from './products.js';
import type { RateLimits } from './rate-limits.js';
import type { ShippingOptions } from './shipping-options.js';
import type { Stock } from './stock.js';
import type { StockReservations } from './stock-reservations.js';
import type { Users } from './users.js';
import type { Sessions } from './sessions.js';
import type { SessionEndings } from './session-endings.js';
import type { PasswordResets } from './password-resets.js';

/** Every repository of one store, with its lifecycle. */
export type Storage = Readonly<{
  /** Which store, in a few words, for the startup banner. */
  description: string;
  /** `false` when the data is lost when the process stops (so it starts empty every time). */
  durable: boolean;
  users: Users;
  products: Products;
  shippingOptions: ShippingOptions;
  orders: Orders;
  /** The events `orders` stored with its moves. */
  orderEvents: OrderEvents;
  stock: Stock;
  stockReservations: StockReservations;
  processedEvents: ProcessedEvents;
  rateLimits: RateLimits;
  idempotencyRecords: IdempotencyRecords;
  leases: Leases;
  /** Messages waiting to be sent, and what became of them. */
  outbox: Outbox;
  /** What the catalogue cache listens to; fed by the products and stock adapters themselves. */
  catalogueChanges: CatalogueChanges;
  sessions: Sessions;
  /** What the check of access tokens listens to; fed by `sessions` itself. */
  sessionEndings: SessionEndings;
  passwordResets: PasswordResets;
  /** `true` when the storage answers in time; for the readiness probe. Never throws. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}>;
