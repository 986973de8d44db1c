import type { InjectionToken } from 'tsyringe';
import type {
  Clock, Ids, Leases, OrderEvents, Orders, PasswordHasher, PaymentGateway, ProcessedEvents, Products, ShippingOptions, Stock, StockReservations, Tokens,
  Users,
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
  paymentGateway: key<PaymentGateway>('PaymentGateway'),
  clock: key<Clock>('Clock'),
  ids: key<Ids>('Ids'),
  passwordHasher: key<PasswordHasher>('PasswordHasher'),
  /** The access tokens port (`Tokens`), not a container key. */
  accessTokens: key<Tokens>('Tokens'),
} as const;
