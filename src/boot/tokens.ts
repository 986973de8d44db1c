import type { InjectionToken } from 'tsyringe';
import type {
  AccountMessages, Clock, Ids, Leases, Notifications, OpaqueTokens, OrderEvents, Orders, Outbox, PasswordHasher, PasswordResets, PaymentGateway,
  ProcessedEvents, Products, Sessions, ShippingOptions, Stock, StockReservations, Tokens, Users,
} from '../application/ports/index.js';

/** A container key that carries the type of what it keys, so `resolve(key)` is typed without a `<T>`. */
const key = <T>(name: string): InjectionToken<T> => Symbol(name);

/** The container's keys for the ports; use cases are keyed by their own class. */
export const token = {
  users: key<Users>('Users'),
  products: key<Products>('Products'),
  shippingOptions: key<ShippingOptions>('ShippingOptions'),
  orders: key<Orders>('Orders'),
  orderEvents: key<OrderEvents>('OrderEvents'),
  stock: key<Stock>('Stock'),
  stockReservations: key<StockReservations>('StockReservations'),
  processedEvents: key<ProcessedEvents>('ProcessedEvents'),
  leases: key<Leases>('Leases'),
  outbox: key<Outbox>('Outbox'),
  /** Where use cases record messages to send (`Notify`, or nothing with MAIL_TRANSPORT=off). */
  notifications: key<Notifications>('Notifications'),
  paymentGateway: key<PaymentGateway>('PaymentGateway'),
  clock: key<Clock>('Clock'),
  ids: key<Ids>('Ids'),
  passwordHasher: key<PasswordHasher>('PasswordHasher'),
  /** The access tokens port (`Tokens`), not a container key. */
  accessTokens: key<Tokens>('Tokens'),
  sessions: key<Sessions>('Sessions'),
  passwordResets: key<PasswordResets>('PasswordResets'),
  opaqueTokens: key<OpaqueTokens>('OpaqueTokens'),
  accountMessages: key<AccountMessages>('AccountMessages'),
} as const;
