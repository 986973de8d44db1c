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
import { ListOrdersToShip } from '../application/orders/list-orders-to-ship.js';
import { MarkDelivered } from '../application/orders/mark-delivered.js';
import { ShipOrder } from '../application/orders/ship-order.js';
import { RefundOrder } from '../application/payments/refund-order.js';
import type { AccountMessages, Clock, DeliveryReports, Ids, JobReports, Mailer, MessageDelivery, PasswordHasher, PaymentGateway, Storage } from '../application/ports/index.js';
import { ReconcilePayments } from '../application/payments/reconcile-payments.js';
import { RunOncePerPeriod } from '../application/upkeep/run-once-per-period.js';
import { ArchiveProduct } from '../application/catalogue/archive-product.js';
import { ListProductsForAdmin } from '../application/catalogue/list-products-for-admin.js';
import { ReleaseStrandedStock } from '../application/upkeep/release-stranded-stock.js';
import { UpdateProduct } from '../application/catalogue/update-product.js';
import { ArchiveShippingOption } from '../application/shipping/archive-shipping-option.js';
import { CreateShippingOption } from '../application/shipping/create-shipping-option.js';
import { ListShippingOptions } from '../application/shipping/list-shipping-options.js';
import { ListShippingOptionsForAdmin } from '../application/shipping/list-shipping-options-for-admin.js';
import { UpdateShippingOption } from '../application/shipping/update-shipping-option.js';
import { Throttle } from '../application/shared/throttle.js';
import { HandlePaymentEvent } from '../application/payments/handle-payment-event.js';
import { CreateProduct } from '../application/catalogue/create-product.js';
import { GetProduct } from '../application/catalogue/get-product.js';
import { ListProducts } from '../application/catalogue/list-products.js';
import { RegisterUser } from '../application/accounts/register-user.js';
import { AccountSessions } from '../application/accounts/account-sessions.js';
import { RefreshSession } from '../application/accounts/refresh-session.js';
import { LogOut } from '../application/accounts/log-out.js';
import { LogOutEverywhere } from '../application/accounts/log-out-everywhere.js';
import { RequestPasswordReset } from '../application/accounts/request-password-reset.js';
import { ConfirmPasswordReset } from '../application/accounts/confirm-password-reset.js';
import { ChangePassword } from '../application/accounts/change-password.js';
import { UpdateProfile } from '../application/accounts/update-profile.js';
import { CloseAccount } from '../application/accounts/close-account.js';
import { unsentAccountMessages } from '../adapters/memory/account-messages.js';
import { opaqueTokens } from '../adapters/security/opaque-tokens.js';
import { endedSessions } from '../adapters/security/ended-sessions.js';
import { sessionCheckedTokens } from '../adapters/security/session-checked-tokens.js';
import { RESET_PAGE_PATH } from '../adapters/http/pages/reset-page.js';
import { GetOrderHistory } from '../application/orders/get-order-history.js';
import { OrderMoves } from '../application/orders/order-moves.js';
import { DispatchOrderEvents } from '../application/upkeep/dispatch-order-events.js';
import { DeliverOutbox } from '../application/upkeep/deliver-outbox.js';
import { ListOutbox } from '../application/messages/list-outbox.js';
import { Notify, dropNotifications } from '../application/messages/notify.js';
import { AccountNotices } from '../application/messages/account-notices.js';
import { OrderMessages } from '../application/messages/order-messages.js';
import { OwnerAlerts } from '../application/messages/owner-alerts.js';
import { RetryMessage } from '../application/messages/retry-message.js';
import { mailboxRouter } from '../adapters/email/mailbox-pages.js';
import { outboxMetrics } from '../adapters/metrics/outbox-metrics.js';
import { DEMO_ADMIN_EMAIL } from './demo-data.js';
import { type MailSetup, selectMailer } from './select-mailer.js';
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
  /** Where messages go instead of what the configuration selects (SMTP, the local mailbox). */
  mailer: Mailer;
  /** Where password reset links and "password changed" notices go; nowhere unless given (until email exists). */
  accountMessages: AccountMessages;
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
  /** How messages leave (for the banner), and a warning when they cannot yet. */
  mail: Pick<MailSetup, 'description' | 'warning'>;
  /** Set to false while shutting down, so readiness fails before connections close. */
  setAccepting(accepting: boolean): void;
}>;

const unreported: JobReports = { swept: () => undefined, reconciled: () => undefined };
const uncounted: DeliveryReports = { sent: () => undefined, failed: () => undefined, dead: () => undefined };
const nowhere: MessageDelivery = { nudge: () => undefined };

/** What a failed send is logged with: the server's codes, never its message (it may quote the address). */
const sendFailureCodes = (error: unknown) => {
  const e = error as { code?: unknown; responseCode?: unknown };
  return { code: typeof e.code === 'string' ? e.code : null, responseCode: typeof e.responseCode === 'number' ? e.responseCode : null };
};

/** Stripe Checkout when configured; otherwise the local checkout pages of the embedded mode. */
function paymentGateway(config: Config): PaymentGateway {
  if (!config.stripe) return new LocalPaymentGateway(config.appUrl, config.env);
  return new StripePaymentGateway({
    secretKey: config.stripe.secretKey,
    ...(config.stripe.apiUrl && { apiUrl: config.stripe.apiUrl }),
    allowPromotionCodes: config.stripe.allowPromotionCodes,
    automaticTax: config.stripe.automaticTax,
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
  c.register(token.shippingOptions, { useValue: storage.shippingOptions });
  c.register(token.orders, { useValue: storage.orders });
  c.register(token.orderEvents, { useValue: storage.orderEvents });
  c.register(token.stock, { useValue: storage.stock });
  c.register(token.stockReservations, { useValue: storage.stockReservations });
  c.register(token.processedEvents, { useValue: storage.processedEvents });
  c.register(token.leases, { useValue: storage.leases });
  c.register(token.outbox, { useValue: storage.outbox });
  c.register(token.paymentGateway, { useValue: payments });
  const clock = overrides.clock ?? systemClock;
  c.register(token.clock, { useValue: clock });
  c.register(token.ids, { useValue: overrides.ids ?? randomIds });
  c.register(token.passwordHasher, { useValue: hasher });
  // An access token of an ended session is refused: this process hears of endings at once, other
  // instances' within the poll interval; the check reads memory, not storage, while it can.
  const jose = new JoseTokens({
    secret: config.jwt.secret,
    expiresInSeconds: config.jwt.expiresInSeconds,
    issuer: config.jwt.issuer,
    audience: config.jwt.audience,
    // Sessions stamp the tokens they issue with this clock; verifying with another would disagree.
    now: () => clock.now(),
  });
  const ended = endedSessions({ keepMs: (config.jwt.expiresInSeconds + 60) * 1000, sessions: storage.sessions });
  storage.sessionEndings.watch(ended.signal, { pollMs: config.sessions.pollMs, withinMs: (config.jwt.expiresInSeconds + 60) * 1000 });
  c.register(token.accessTokens, { useValue: sessionCheckedTokens(jose, ended) });
  c.register(token.sessions, { useValue: storage.sessions });
  c.register(token.passwordResets, { useValue: storage.passwordResets });
  c.register(token.opaqueTokens, { useValue: opaqueTokens });

  const r = <T>(key: InjectionToken<T>) => c.resolve(key);
  const useCase = <T>(key: InjectionToken<T>, factory: () => T) =>
    c.register(key, { useFactory: instanceCachingFactory(factory) });

  // Messages: recorded in the outbox by whoever causes them, sent by DeliverOutbox (docs/email.md).
  const embedded = !given.durable && payments.servesCheckoutPages;
  const mail = selectMailer(config, embedded, r(token.clock), overrides.mailer);
  // The owner is the admin, or in a store that starts empty the demo admin the start-up creates.
  const ownerEmail = config.mail.ownerEmail ?? (!given.durable && !config.admin ? DEMO_ADMIN_EMAIL : null);
  const { mailer } = mail;
  // Counted whenever messages are recorded: the oldest-pending gauge matters most when nothing sends them.
  const deliveryReports = metrics && !mail.dropped ? outboxMetrics(metrics, storage.outbox, r(token.clock)) : uncounted;
  if (mailer) {
    const { sendTimeoutMs, maxAttempts, retryBaseMs } = config.mail;
    useCase(DeliverOutbox, () => new DeliverOutbox(
      r(token.outbox), mailer, r(token.clock), deliveryReports,
      // The lease outlasts the mailer's three timeouts back to back, so a live sender never loses it.
      { leaseMs: 4 * sendTimeoutMs, batch: 20, maxAttempts, retryBaseMs, retryMaxMs: Math.max(retryBaseMs, 3600_000) },
      ({ record, attempts, willRetry, error }) => logger.warn(
        { message: record.id, kind: record.kind, attempts, willRetry, ...sendFailureCodes(error) },
        willRetry ? 'sending a message failed; it is retried' : 'a message was given up on (dead); POST /api/admin/outbox/:id/retry sends it again',
      ),
      (error) => logger.error({ err: error }, 'delivering messages failed; the next pass retries'),
    ));
  }
  const delivery = (): MessageDelivery => (mailer ? c.resolve(DeliverOutbox) : nowhere);
  c.register(token.notifications, {
    useFactory: instanceCachingFactory(() => (mail.dropped ? dropNotifications : new Notify(r(token.outbox), r(token.ids), r(token.clock), delivery()))),
  });
  const alerts = () => new OwnerAlerts(r(token.notifications), ownerEmail);
  // Reset links and "password changed" notices go through the outbox like every message; with
  // MAIL_TRANSPORT=off they are dropped with the rest.
  c.register(token.accountMessages, {
    useFactory: instanceCachingFactory(() =>
      overrides.accountMessages ?? (mail.dropped ? unsentAccountMessages : new AccountNotices(r(token.notifications), r(token.ids), r(token.clock)))),
  });

  // The handlers of order events: metrics first, then the messages they cause.
  const handlers = () => [
    ...(metrics ? [orderEventMetrics(metrics)] : []),
    ...(mail.dropped ? [] : [new OrderMessages(r(token.orders), r(token.users), r(token.products), r(token.notifications), { ownerEmail, lowStockThreshold: config.mail.lowStockThreshold })]),
  ];
  useCase(DispatchOrderEvents, () => new DispatchOrderEvents(
    r(token.orderEvents), handlers(), r(token.clock),
    ({ event, handler, error }) => logger.error({ err: error, orderId: event.orderId, event: event.id, handler }, 'an order event handler failed; it is retried'),
    (error) => logger.error({ err: error }, 'delivering order events failed; the periodic pass retries'),
  ));
  useCase(OrderMoves, () => new OrderMoves(r(token.orders), c.resolve(DispatchOrderEvents)));
  const moves = () => c.resolve(OrderMoves);
  useCase(AccountSessions, () => new AccountSessions(
    r(token.sessions), r(token.accessTokens), r(token.opaqueTokens), r(token.ids), r(token.clock),
    { refreshTtlMs: config.sessions.refreshExpiresInSeconds * 1000 },
  ));
  const sessions = () => c.resolve(AccountSessions);
  useCase(RegisterUser, () => new RegisterUser(r(token.users), r(token.passwordHasher), sessions(), r(token.ids), r(token.clock)));
  useCase(LogIn, () => new LogIn(r(token.users), r(token.passwordHasher), sessions()));
  useCase(GetProfile, () => new GetProfile(r(token.users)));
  useCase(RefreshSession, () => new RefreshSession(r(token.users), r(token.sessions), sessions(), r(token.opaqueTokens), r(token.clock)));
  useCase(LogOut, () => new LogOut(sessions()));
  useCase(LogOutEverywhere, () => new LogOutEverywhere(sessions()));
  useCase(RequestPasswordReset, () => new RequestPasswordReset(
    r(token.users), r(token.passwordResets), r(token.opaqueTokens), r(token.accountMessages), r(token.clock),
    { ttlMs: config.passwordReset.expiresInSeconds * 1000, url: config.passwordReset.url ?? `${config.appUrl}${RESET_PAGE_PATH}` },
  ));
  useCase(ConfirmPasswordReset, () => new ConfirmPasswordReset(
    r(token.users), r(token.passwordResets), r(token.passwordHasher), r(token.opaqueTokens), sessions(), r(token.accountMessages), r(token.clock),
  ));
  useCase(ChangePassword, () => new ChangePassword(r(token.users), r(token.passwordHasher), sessions(), r(token.accountMessages)));
  useCase(UpdateProfile, () => new UpdateProfile(r(token.users)));
  useCase(CloseAccount, () => new CloseAccount(r(token.users), r(token.passwordHasher), sessions(), r(token.clock), r(token.orders)));
  useCase(EnsureAdmin, () => new EnsureAdmin(r(token.users), r(token.passwordHasher), r(token.ids), r(token.clock)));
  useCase(ListProducts, () => new ListProducts(r(token.products)));
  useCase(GetProduct, () => new GetProduct(r(token.products)));
  useCase(CreateProduct, () => new CreateProduct(r(token.users), r(token.products), r(token.ids), r(token.clock)));
  useCase(CreateOrder, () => new CreateOrder(r(token.users), r(token.products), r(token.orders), moves(), r(token.paymentGateway), r(token.ids), r(token.clock), r(token.stock), r(token.shippingOptions)));
  useCase(ListOrders, () => new ListOrders(r(token.orders)));
  useCase(GetOrder, () => new GetOrder(r(token.orders)));
  useCase(CompletePayment, () => new CompletePayment(r(token.orders), moves(), r(token.clock), alerts()));
  useCase(FailPayment, () => new FailPayment(r(token.orders), moves(), r(token.clock), r(token.stock)));
  useCase(ExpireCheckout, () => new ExpireCheckout(r(token.orders), moves(), r(token.clock), r(token.stock)));
  useCase(ExpireAbandonedOrders, () => new ExpireAbandonedOrders(r(token.orders), moves(), r(token.clock), r(token.stock)));
  useCase(ReleaseStrandedStock, () => new ReleaseStrandedStock(r(token.orders), r(token.stock), r(token.stockReservations), r(token.clock)));
  useCase(UpdateProduct, () => new UpdateProduct(r(token.users), r(token.products), r(token.clock)));
  useCase(ArchiveProduct, () => new ArchiveProduct(r(token.users), r(token.products)));
  useCase(ListProductsForAdmin, () => new ListProductsForAdmin(r(token.users), r(token.products)));
  useCase(ListShippingOptions, () => new ListShippingOptions(r(token.shippingOptions)));
  useCase(ListShippingOptionsForAdmin, () => new ListShippingOptionsForAdmin(r(token.users), r(token.shippingOptions)));
  useCase(CreateShippingOption, () => new CreateShippingOption(r(token.users), r(token.shippingOptions), r(token.ids), r(token.clock)));
  useCase(UpdateShippingOption, () => new UpdateShippingOption(r(token.users), r(token.shippingOptions)));
  useCase(ArchiveShippingOption, () => new ArchiveShippingOption(r(token.users), r(token.shippingOptions)));
  useCase(CompleteRefund, () => new CompleteRefund(r(token.orders), moves(), r(token.stock), r(token.clock)));
  useCase(FailRefund, () => new FailRefund(r(token.orders), r(token.clock), alerts()));
  useCase(HandlePaymentEvent, () => new HandlePaymentEvent(r(token.processedEvents), c.resolve(CompletePayment), c.resolve(FailPayment), c.resolve(ExpireCheckout), c.resolve(CompleteRefund), c.resolve(FailRefund), r(token.clock)));
  useCase(CancelOrder, () => new CancelOrder(r(token.orders), moves(), r(token.paymentGateway), r(token.stock), c.resolve(CompletePayment), r(token.clock)));
  useCase(RefundOrder, () => new RefundOrder(r(token.users), r(token.orders), r(token.paymentGateway), c.resolve(CompleteRefund), c.resolve(FailRefund), r(token.clock)));
  useCase(ListAllOrders, () => new ListAllOrders(r(token.users), r(token.orders)));
  useCase(ListOrdersToShip, () => new ListOrdersToShip(r(token.users), r(token.orders)));
  useCase(ShipOrder, () => new ShipOrder(r(token.users), r(token.orders), moves(), r(token.clock)));
  useCase(MarkDelivered, () => new MarkDelivered(r(token.users), r(token.orders), moves(), r(token.clock)));
  useCase(GetOrderHistory, () => new GetOrderHistory(r(token.users), r(token.orders), r(token.orderEvents)));
  useCase(GetAnyOrder, () => new GetAnyOrder(r(token.users), r(token.orders)));
  useCase(ReconcilePayments, () => new ReconcilePayments(r(token.orders), r(token.paymentGateway), r(token.leases), c.resolve(CompletePayment), c.resolve(ExpireCheckout), c.resolve(FailPayment), r(token.clock), alerts()));
  useCase(RunOncePerPeriod, () => new RunOncePerPeriod(r(token.leases), r(token.clock)));
  useCase(ListOutbox, () => new ListOutbox(r(token.users), r(token.outbox)));
  useCase(RetryMessage, () => new RetryMessage(r(token.users), r(token.outbox), delivery(), r(token.clock)));
  useCase(ConfirmCheckout, () => new ConfirmCheckout(r(token.orders), r(token.paymentGateway), c.resolve(CompletePayment), c.resolve(ExpireCheckout)));

  const pages: Router[] = [
    ...(payments.servesCheckoutPages
      ? [localCheckoutRouter({
        orders: storage.orders, completePayment: c.resolve(CompletePayment), cancelOrder: c.resolve(CancelOrder), expireCheckout: c.resolve(ExpireCheckout), logger,
      })]
      : []),
    // Never outside the embedded mode: it shows every message, reset links included, to anyone.
    ...(embedded && mail.mailbox ? [mailboxRouter(mail.mailbox)] : []),
  ];

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
      refreshSession: c.resolve(RefreshSession),
      logOut: c.resolve(LogOut),
      logOutEverywhere: c.resolve(LogOutEverywhere),
      requestPasswordReset: c.resolve(RequestPasswordReset),
      confirmPasswordReset: c.resolve(ConfirmPasswordReset),
      changePassword: c.resolve(ChangePassword),
      updateProfile: c.resolve(UpdateProfile),
      closeAccount: c.resolve(CloseAccount),
      listProducts: c.resolve(ListProducts),
      getProduct: c.resolve(GetProduct),
      createProduct: c.resolve(CreateProduct),
      updateProduct: c.resolve(UpdateProduct),
      archiveProduct: c.resolve(ArchiveProduct),
      listProductsForAdmin: c.resolve(ListProductsForAdmin),
      listShippingOptions: c.resolve(ListShippingOptions),
      listShippingOptionsForAdmin: c.resolve(ListShippingOptionsForAdmin),
      createShippingOption: c.resolve(CreateShippingOption),
      updateShippingOption: c.resolve(UpdateShippingOption),
      archiveShippingOption: c.resolve(ArchiveShippingOption),
      createOrder: c.resolve(CreateOrder),
      listOrders: c.resolve(ListOrders),
      getOrder: c.resolve(GetOrder),
      cancelOrder: c.resolve(CancelOrder),
      listAllOrders: c.resolve(ListAllOrders),
      listOrdersToShip: c.resolve(ListOrdersToShip),
      shipOrder: c.resolve(ShipOrder),
      markDelivered: c.resolve(MarkDelivered),
      getAnyOrder: c.resolve(GetAnyOrder),
      getOrderHistory: c.resolve(GetOrderHistory),
      refundOrder: c.resolve(RefundOrder),
      confirmCheckout: c.resolve(ConfirmCheckout),
      listOutbox: c.resolve(ListOutbox),
      retryMessage: c.resolve(RetryMessage),
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
    deliverOutbox: mailer ? c.resolve(DeliverOutbox) : null,
    reconcile: payments.reconcilable ? c.resolve(ReconcilePayments) : null,
    reports: metrics ? jobMetrics(metrics) : unreported,
    logger,
  };

  return { app, container: c, storage: given, payments, catalogue, jobs, mail: { description: mail.description, warning: mail.warning }, setAccepting: (value) => { accepting = value; } };
}
