import 'reflect-metadata';
import type Router from '@koa/router';
import type Koa from 'koa';
import type { Logger } from 'pino';
import { type DependencyContainer, type InjectionToken, container as rootContainer, instanceCachingFactory } from 'tsyringe';
import { EnsureAdmin } from '../application/accounts/ensure-admin.js';
import { GetProfile } from '../application/accounts/get-profile.js';
import { LogIn } from '../application/accounts/log-in.js';
import { CreateOrder } from '../application/orders/create-order.js';
import { GetOrder } from '../application/orders/get-order.js';
import { ListOrders } from '../application/orders/list-orders.js';
import { CompletePayment } from '../application/payments/complete-payment.js';
import { ConfirmCheckout } from '../application/payments/confirm-checkout.js';
import { ExpireAbandonedOrders } from '../application/upkeep/expire-abandoned-orders.js';
import { ExpireCheckout } from '../application/payments/expire-checkout.js';
import { FailPayment } from '../application/payments/fail-payment.js';
import { CancelOrder } from '../application/orders/cancel-order.js';
import { CompleteRefund } from '../application/payments/complete-refund.js';
import { FailRefund } from '../application/payments/fail-refund.js';
import { GetAnyOrder } from '../application/orders/get-any-order.js';
import { ListAllOrders } from '../application/orders/list-all-orders.js';
import { RefundOrder } from '../application/payments/refund-order.js';
import type { Clock, Ids, JobReports, PasswordHasher, PaymentGateway, Storage } from '../application/ports/index.js';
import { ReconcilePayments } from '../application/payments/reconcile-payments.js';
import { RunOncePerPeriod } from '../application/upkeep/run-once-per-period.js';
import { ArchiveProduct } from '../application/catalogue/archive-product.js';
import { ListProductsForAdmin } from '../application/catalogue/list-products-for-admin.js';
import { ReleaseStrandedStock } from '../application/upkeep/release-stranded-stock.js';
import { UpdateProduct } from '../application/catalogue/update-product.js';
import { Throttle } from '../application/shared/throttle.js';
import { HandlePaymentEvent } from '../application/payments/handle-payment-event.js';
import { CreateProduct } from '../application/catalogue/create-product.js';
import { GetProduct } from '../application/catalogue/get-product.js';
import { ListProducts } from '../application/catalogue/list-products.js';
import { RegisterUser } from '../application/accounts/register-user.js';
import { GetOrderHistory } from '../application/orders/get-order-history.js';
import { OrderMoves } from '../application/orders/order-moves.js';
import { DispatchOrderEvents } from '../application/upkeep/dispatch-order-events.js';
import { orderEventMetrics } from '../adapters/metrics/order-event-metrics.js';
import { createApp } from '../adapters/http/app.js';
import type { WebhookReceiver } from '../adapters/http/routes/webhook.js';
import { LocalPaymentGateway } from '../adapters/local-payments/gateway.js';
import { localCheckoutRouter } from '../adapters/local-payments/pages.js';
import { memoryStorage } from '../adapters/memory/storage.js';
import { Argon2Hasher } from '../adapters/security/argon2-hasher.js';
import { JoseTokens } from '../adapters/security/jose-tokens.js';
import { StripePaymentGateway } from '../adapters/stripe/gateway.js';
import { stripeWebhookReceiver } from '../adapters/stripe/webhook-receiver.js';
import { systemClock } from '../adapters/system/clock.js';
import { randomIds } from '../adapters/system/ids.js';
import type { Config } from './config.js';
import { token } from './tokens.js';
import { metricsEndpoint, observeRequests } from '../adapters/metrics/http-metrics.js';
import { instrumentHasher } from '../adapters/metrics/instrument-hasher.js';
import { instrumentReadiness } from '../adapters/metrics/instrument-readiness.js';
import { instrumentStorage } from '../adapters/metrics/instrument-storage.js';
import { createShopMetrics } from '../adapters/metrics/shop-metrics.js';
import { jobMetrics } from '../adapters/metrics/job-metrics.js';
import type { PeriodicJobs } from './jobs.js';
import { type CatalogueCache, catalogueCache } from '../adapters/http/catalogue-cache.js';

export type Overrides = Partial<Readonly<{
  storage: Storage;
  payments: PaymentGateway;
  webhook: WebhookReceiver;
  clock: Clock;
  ids: Ids;
  hasher: PasswordHasher;
}>>;

export type Composition = Readonly<{
  app: Koa;
  container: DependencyContainer;
  storage: Storage;
  payments: PaymentGateway;
  /** What the periodic jobs run, and what they report to (metrics, when enabled). */
  jobs: PeriodicJobs;
  /** The public catalogue's in-memory cache. */
  catalogue: CatalogueCache;
  /** Set to false while shutting down, so readiness fails before connections close. */
  setAccepting(accepting: boolean): void;
}>;

const unreported: JobReports = { swept: () => undefined, reconciled: () => undefined };

/** Stripe Checkout when configured; otherwise the local checkout pages of the embedded mode. */
function paymentGateway(config: Config): PaymentGateway {
  if (!config.stripe) return new LocalPaymentGateway(config.appUrl, config.env);
  return new StripePaymentGateway({
    secretKey: config.stripe.secretKey,
    ...(config.stripe.apiUrl && { apiUrl: config.stripe.apiUrl }),
    successUrl: `${config.appUrl}/checkout/success?session_id={CHECKOUT_SESSION_ID}`,
    cancelUrl: `${config.appUrl}/checkout/cancel`,
  });
}

/**
 * The composition root: the one place that knows every adapter. Use cases are plain classes,
 * so they are registered with factories (tsyringe cannot build undecorated constructors).
 */
export function compose(config: Config, logger: Logger, overrides: Overrides = {}): Composition {
  const c = rootContainer.createChildContainer();
  const given = overrides.storage ?? memoryStorage();
  const payments = overrides.payments ?? paymentGateway(config);
  // Metrics are decorators around the ports, so with no token nothing is wrapped or counted.
  // Everything below uses `storage`; callers get `given` back, whose lifecycle they own.
  const metrics = config.metricsToken ? createShopMetrics() : null;
  const storage = metrics ? instrumentStorage(given, metrics) : given;
  const hasher = overrides.hasher ?? new Argon2Hasher();
  if (metrics && hasher instanceof Argon2Hasher) instrumentHasher(hasher, metrics);

  c.register(token.users, { useValue: storage.users });
  c.register(token.products, { useValue: storage.products });
  c.register(token.orders, { useValue: storage.orders });
  c.register(token.orderEvents, { useValue: storage.orderEvents });
  c.register(token.stock, { useValue: storage.stock });
  c.register(token.stockReservations, { useValue: storage.stockReservations });
  c.register(token.processedEvents, { useValue: storage.processedEvents });
  c.register(token.leases, { useValue: storage.leases });
  c.register(token.paymentGateway, { useValue: payments });
  c.register(token.clock, { useValue: overrides.clock ?? systemClock });
  c.register(token.ids, { useValue: overrides.ids ?? randomIds });
  c.register(token.passwordHasher, { useValue: hasher });
  c.register(token.accessTokens, {
    useValue: new JoseTokens({
      secret: config.jwt.secret,
      expiresInSeconds: config.jwt.expiresInSeconds,
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
    }),
  });

  const r = <T>(key: InjectionToken<T>) => c.resolve(key);
  const useCase = <T>(key: InjectionToken<T>, factory: () => T) =>
    c.register(key, { useFactory: instanceCachingFactory(factory) });

  // The handlers of order events; metrics first (the customer messages of a later issue go here too).
  const handlers = metrics ? [orderEventMetrics(metrics)] : [];
  useCase(DispatchOrderEvents, () => new DispatchOrderEvents(
    r(token.orderEvents), handlers, r(token.clock),
    ({ event, handler, error }) => logger.error({ err: error, orderId: event.orderId, event: event.id, handler }, 'an order event handler failed; it is retried'),
    (error) => logger.error({ err: error }, 'delivering order events failed; the periodic pass retries'),
  ));
  useCase(OrderMoves, () => new OrderMoves(r(token.orders), c.resolve(DispatchOrderEvents)));
  const moves = () => c.resolve(OrderMoves);
  useCase(RegisterUser, () => new RegisterUser(r(token.users), r(token.passwordHasher), r(token.accessTokens), r(token.ids), r(token.clock)));
  useCase(LogIn, () => new LogIn(r(token.users), r(token.passwordHasher), r(token.accessTokens)));
  useCase(GetProfile, () => new GetProfile(r(token.users)));
  useCase(EnsureAdmin, () => new EnsureAdmin(r(token.users), r(token.passwordHasher), r(token.ids), r(token.clock)));
  useCase(ListProducts, () => new ListProducts(r(token.products)));
  useCase(GetProduct, () => new GetProduct(r(token.products)));
  useCase(CreateProduct, () => new CreateProduct(r(token.users), r(token.products), r(token.ids), r(token.clock)));
  useCase(CreateOrder, () => new CreateOrder(r(token.users), r(token.products), r(token.orders), moves(), r(token.paymentGateway), r(token.ids), r(token.clock), r(token.stock)));
  useCase(ListOrders, () => new ListOrders(r(token.orders)));
  useCase(GetOrder, () => new GetOrder(r(token.orders)));
  useCase(CompletePayment, () => new CompletePayment(r(token.orders), moves(), r(token.clock)));
  useCase(FailPayment, () => new FailPayment(r(token.orders), moves(), r(token.clock), r(token.stock)));
  useCase(ExpireCheckout, () => new ExpireCheckout(r(token.orders), moves(), r(token.clock), r(token.stock)));
  useCase(ExpireAbandonedOrders, () => new ExpireAbandonedOrders(r(token.orders), moves(), r(token.clock), r(token.stock)));
  useCase(ReleaseStrandedStock, () => new ReleaseStrandedStock(r(token.orders), r(token.stock), r(token.stockReservations), r(token.clock)));
  useCase(UpdateProduct, () => new UpdateProduct(r(token.users), r(token.products), r(token.clock)));
  useCase(ArchiveProduct, () => new ArchiveProduct(r(token.users), r(token.products)));
  useCase(ListProductsForAdmin, () => new ListProductsForAdmin(r(token.users), r(token.products)));
  useCase(CompleteRefund, () => new CompleteRefund(r(token.orders), moves(), r(token.stock), r(token.clock)));
  useCase(FailRefund, () => new FailRefund(r(token.orders), r(token.clock)));
  useCase(HandlePaymentEvent, () => new HandlePaymentEvent(r(token.processedEvents), c.resolve(CompletePayment), c.resolve(FailPayment), c.resolve(ExpireCheckout), c.resolve(CompleteRefund), c.resolve(FailRefund), r(token.clock)));
  useCase(CancelOrder, () => new CancelOrder(r(token.orders), moves(), r(token.paymentGateway), r(token.stock), c.resolve(CompletePayment), r(token.clock)));
  useCase(RefundOrder, () => new RefundOrder(r(token.users), r(token.orders), r(token.paymentGateway), c.resolve(CompleteRefund), c.resolve(FailRefund), r(token.clock)));
  useCase(ListAllOrders, () => new ListAllOrders(r(token.users), r(token.orders)));
  useCase(GetOrderHistory, () => new GetOrderHistory(r(token.users), r(token.orders), r(token.orderEvents)));
  useCase(GetAnyOrder, () => new GetAnyOrder(r(token.users), r(token.orders)));
  useCase(ReconcilePayments, () => new ReconcilePayments(r(token.orders), r(token.paymentGateway), r(token.leases), c.resolve(CompletePayment), c.resolve(ExpireCheckout), c.resolve(FailPayment), r(token.clock)));
  useCase(RunOncePerPeriod, () => new RunOncePerPeriod(r(token.leases), r(token.clock)));
  useCase(ConfirmCheckout, () => new ConfirmCheckout(r(token.orders), r(token.paymentGateway), c.resolve(CompletePayment), c.resolve(ExpireCheckout)));

  const pages: Router[] = payments.servesCheckoutPages
    ? [localCheckoutRouter({ orders: storage.orders, completePayment: c.resolve(CompletePayment), cancelOrder: c.resolve(CancelOrder) })]
    : [];

  const webhook = overrides.webhook ?? (config.stripe
    ? stripeWebhookReceiver({
      secret: config.stripe.webhookSecret, handle: c.resolve(HandlePaymentEvent), logger,
      ...(metrics && { observe: (type: string, outcome: string) => metrics.paymentEvents.inc({ type, outcome }) }),
    })
    : undefined);

  // Dropped on every catalogue change: at once for this process's writes, within the poll
  // interval for other instances' (the poll stops when the storage closes).
  const catalogue = catalogueCache({ enabled: config.catalogueCache.enabled });
  storage.catalogueChanges.watch(catalogue.signal, { pollMs: config.catalogueCache.pollMs });

  let accepting = true;
  const ready = async () => accepting && (await storage.ping());
  if (metrics) instrumentReadiness(metrics, ready);
  const app = createApp({
    useCases: {
      registerUser: c.resolve(RegisterUser),
      logIn: c.resolve(LogIn),
      getProfile: c.resolve(GetProfile),
      listProducts: c.resolve(ListProducts),
      getProduct: c.resolve(GetProduct),
      createProduct: c.resolve(CreateProduct),
      updateProduct: c.resolve(UpdateProduct),
      archiveProduct: c.resolve(ArchiveProduct),
      listProductsForAdmin: c.resolve(ListProductsForAdmin),
      createOrder: c.resolve(CreateOrder),
      listOrders: c.resolve(ListOrders),
      getOrder: c.resolve(GetOrder),
      cancelOrder: c.resolve(CancelOrder),
      listAllOrders: c.resolve(ListAllOrders),
      getAnyOrder: c.resolve(GetAnyOrder),
      getOrderHistory: c.resolve(GetOrderHistory),
      refundOrder: c.resolve(RefundOrder),
      confirmCheckout: c.resolve(ConfirmCheckout),
    },
    tokens: r(token.accessTokens),
    clock: r(token.clock),
    ids: r(token.ids),
    ...(config.rateLimits && { throttle: new Throttle(storage.rateLimits, r(token.clock)) }),
    idempotencyRecords: storage.idempotencyRecords,
    logger,
    appUrl: config.appUrl,
    corsOrigins: config.corsOrigins,
    trustProxyHops: config.trustProxyHops,
    pages,
    ready,
    ...(webhook && { webhook }),
    catalogueCache: catalogue.middleware,
    ...(metrics && config.metricsToken && {
      metrics: { observe: observeRequests(metrics), endpoint: metricsEndpoint(metrics, config.metricsToken) },
    }),
  });

  const jobs: PeriodicJobs = {
    once: c.resolve(RunOncePerPeriod),
    expireAbandoned: c.resolve(ExpireAbandonedOrders),
    releaseStranded: c.resolve(ReleaseStrandedStock),
    dispatchEvents: c.resolve(DispatchOrderEvents),
    reconcile: payments.reconcilable ? c.resolve(ReconcilePayments) : null,
    reports: metrics ? jobMetrics(metrics) : unreported,
    logger,
  };

  return { app, container: c, storage: given, payments, catalogue, jobs, setAccepting: (value) => { accepting = value; } };
}
