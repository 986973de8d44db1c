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
import type { Clock, Ids, Leases, Orders, PasswordHasher, PaymentGateway, ProcessedEvents, Products, Stock, StockReservations, Storage, Tokens, Users } from '../application/ports/index.js';
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
import { metricsEndpoint, observeRequests } from '../adapters/metrics/http-metrics.js';
import { instrumentHasher } from '../adapters/metrics/instrument-hasher.js';
import { instrumentReadiness } from '../adapters/metrics/instrument-readiness.js';
import { instrumentStorage } from '../adapters/metrics/instrument-storage.js';
import { createShopMetrics } from '../adapters/metrics/shop-metrics.js';
import { jobMetrics } from '../adapters/metrics/job-hooks.js';
import type { JobHooks } from './jobs.js';
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
  /** What the periodic jobs report to (metrics, when enabled). */
  jobHooks: JobHooks;
  /** The public catalogue's in-memory cache. */
  catalogue: CatalogueCache;
  /** Set to false while shutting down, so readiness fails before connections close. */
  setAccepting(accepting: boolean): void;
}>;

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

  c.register<Users>('Users', { useValue: storage.users });
  c.register<Products>('Products', { useValue: storage.products });
  c.register<Orders>('Orders', { useValue: storage.orders });
  c.register<Stock>('Stock', { useValue: storage.stock });
  c.register<StockReservations>('StockReservations', { useValue: storage.stockReservations });
  c.register<ProcessedEvents>('ProcessedEvents', { useValue: storage.processedEvents });
  c.register<Leases>('Leases', { useValue: storage.leases });
  c.register<PaymentGateway>('PaymentGateway', { useValue: payments });
  c.register<Clock>('Clock', { useValue: overrides.clock ?? systemClock });
  c.register<Ids>('Ids', { useValue: overrides.ids ?? randomIds });
  c.register<PasswordHasher>('PasswordHasher', { useValue: hasher });
  c.register<Tokens>('Tokens', {
    useValue: new JoseTokens({
      secret: config.jwt.secret,
      expiresInSeconds: config.jwt.expiresInSeconds,
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
    }),
  });

  const r = <T>(token: string) => c.resolve<T>(token);
  const useCase = <T>(token: InjectionToken<T>, factory: () => T) =>
    c.register<T>(token, { useFactory: instanceCachingFactory(factory) });

  useCase(RegisterUser, () => new RegisterUser(r('Users'), r('PasswordHasher'), r('Tokens'), r('Ids'), r('Clock')));
  useCase(LogIn, () => new LogIn(r('Users'), r('PasswordHasher'), r('Tokens')));
  useCase(GetProfile, () => new GetProfile(r('Users')));
  useCase(EnsureAdmin, () => new EnsureAdmin(r('Users'), r('PasswordHasher'), r('Ids'), r('Clock')));
  useCase(ListProducts, () => new ListProducts(r('Products')));
  useCase(GetProduct, () => new GetProduct(r('Products')));
  useCase(CreateProduct, () => new CreateProduct(r('Users'), r('Products'), r('Ids'), r('Clock')));
  useCase(CreateOrder, () => new CreateOrder(r('Users'), r('Products'), r('Orders'), r('PaymentGateway'), r('Ids'), r('Clock'), r('Stock')));
  useCase(ListOrders, () => new ListOrders(r('Orders')));
  useCase(GetOrder, () => new GetOrder(r('Orders')));
  useCase(CompletePayment, () => new CompletePayment(r('Orders'), r('Clock')));
  useCase(FailPayment, () => new FailPayment(r('Orders'), r('Clock'), r('Stock')));
  useCase(ExpireCheckout, () => new ExpireCheckout(r('Orders'), r('Clock'), r('Stock')));
  useCase(ExpireAbandonedOrders, () => new ExpireAbandonedOrders(r('Orders'), r('Clock'), r('Stock')));
  useCase(ReleaseStrandedStock, () => new ReleaseStrandedStock(r('Orders'), r('Stock'), r('StockReservations'), r('Clock')));
  useCase(UpdateProduct, () => new UpdateProduct(r('Users'), r('Products'), r('Clock')));
  useCase(ArchiveProduct, () => new ArchiveProduct(r('Users'), r('Products')));
  useCase(ListProductsForAdmin, () => new ListProductsForAdmin(r('Users'), r('Products')));
  useCase(CompleteRefund, () => new CompleteRefund(r('Orders'), r('Stock'), r('Clock')));
  useCase(FailRefund, () => new FailRefund(r('Orders'), r('Clock')));
  useCase(HandlePaymentEvent, () => new HandlePaymentEvent(r('ProcessedEvents'), c.resolve(CompletePayment), c.resolve(FailPayment), c.resolve(ExpireCheckout), c.resolve(CompleteRefund), c.resolve(FailRefund), r('Clock')));
  useCase(CancelOrder, () => new CancelOrder(r('Orders'), r('PaymentGateway'), r('Stock'), c.resolve(CompletePayment), r('Clock')));
  useCase(RefundOrder, () => new RefundOrder(r('Users'), r('Orders'), r('PaymentGateway'), c.resolve(CompleteRefund), c.resolve(FailRefund), r('Clock')));
  useCase(ListAllOrders, () => new ListAllOrders(r('Users'), r('Orders')));
  useCase(GetAnyOrder, () => new GetAnyOrder(r('Users'), r('Orders')));
  useCase(ReconcilePayments, () => new ReconcilePayments(r('Orders'), r('PaymentGateway'), r('Leases'), c.resolve(CompletePayment), c.resolve(ExpireCheckout), c.resolve(FailPayment), r('Clock')));
  useCase(RunOncePerPeriod, () => new RunOncePerPeriod(r('Leases'), r('Clock')));
  useCase(ConfirmCheckout, () => new ConfirmCheckout(r('Orders'), r('PaymentGateway'), c.resolve(CompletePayment), c.resolve(ExpireCheckout)));

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
      refundOrder: c.resolve(RefundOrder),
      confirmCheckout: c.resolve(ConfirmCheckout),
    },
    tokens: r('Tokens'),
    clock: r('Clock'),
    ...(config.rateLimits && { throttle: new Throttle(storage.rateLimits, r('Clock')) }),
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

  return { app, container: c, storage: given, payments, catalogue, jobHooks: metrics ? jobMetrics(metrics) : {}, setAccepting: (value) => { accepting = value; } };
}
