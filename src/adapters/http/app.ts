import Router from '@koa/router';
import Koa from 'koa';
import bodyParser from 'koa-bodyparser';
import type { Logger } from 'pino';
import type { Clock } from '../../application/ports/clock.js';
import type { Ids } from '../../application/ports/ids.js';
import type { IdempotencyRecords } from '../../application/ports/idempotency-records.js';
import type { Tokens } from '../../application/ports/tokens.js';
import type { Throttle } from '../../application/shared/throttle.js';
import type { Endpoint } from './endpoint.js';
import { API_PREFIX, mountEndpoints } from './endpoint.js';
import { HttpProblem, problemMiddleware } from './errors.js';
import { checkoutPagesRouter } from './pages/checkout-pages.js';
import { type AdminOrderUseCases, adminOrderEndpoints } from './routes/admin-orders.js';
import { type AdminOutboxUseCases, adminOutboxEndpoints } from './routes/admin-outbox.js';
import { type AuthUseCases, authEndpoints } from './routes/auth.js';
import { type AccountUseCases, accountEndpoints } from './routes/account.js';
import { resetPage } from './pages/reset-page.js';
import { healthRouter } from './routes/health.js';
import { type OrderUseCases, orderEndpoints } from './routes/orders.js';
import { type ProductUseCases, productEndpoints } from './routes/products.js';
import { type ShippingOptionUseCases, shippingOptionEndpoints } from './routes/shipping-options.js';
import { WEBHOOK_PATH, type WebhookReceiver, webhookRouter } from './routes/webhook.js';
import { corsFor } from './cors.js';
import { securityHeaders } from './security-headers.js';
import { docsRouter } from './docs.js';
import { requestLog } from './request-log.js';
import type { ConfirmCheckout } from '../../application/payments/confirm-checkout.js';

export type UseCases = AuthUseCases & AccountUseCases & ProductUseCases & ShippingOptionUseCases & OrderUseCases & AdminOrderUseCases & AdminOutboxUseCases & Readonly<{ confirmCheckout: ConfirmCheckout }>;

export type AppDeps = Readonly<{
  useCases: UseCases;
  tokens: Tokens;
  clock: Clock;
  /** Result ids recorded with Idempotency-Keys (the order a retried request answers with). */
  ids: Ids;
  /** Rate limits for login, register and order creation; absent, none apply. */
  throttle?: Throttle;
  idempotencyRecords: IdempotencyRecords;
  logger: Logger;
  /** Public base URL, for links (`Link: rel="next"`, `Location`). */
  appUrl: string;
  /** Receives the payment provider's webhooks; without one, POST /api/webhook is 404. */
  webhook?: WebhookReceiver;
  /** Extra page routers (the local checkout of the embedded mode). */
  pages?: readonly Router[];
  /** Readiness probe: storage reachable and not shutting down. */
  ready?: () => Promise<boolean>;
  /** Origins allowed to call the API from a browser (CORS); empty for none. */
  corsOrigins?: readonly string[];
  /** Reverse proxies in front of the service whose X-Forwarded-For is trusted; 0 trusts none. */
  trustProxyHops?: number;
  /** JSON body limit; larger bodies get 413. */
  bodyLimit?: string;
  /** Metrics, when configured: `observe` wraps every request, `endpoint` serves GET /metrics. */
  metrics?: Readonly<{ observe: Koa.Middleware; endpoint: Koa.Middleware }>;
  /** Answers the public catalogue's GETs from memory (see catalogue-cache.ts); absent, every one reads storage. */
  catalogueCache?: Koa.Middleware;
}>;


export function apiEndpoints(deps: AppDeps): Endpoint[] {
  return [
    ...authEndpoints({ ...deps.useCases, throttle: deps.throttle }),
    ...accountEndpoints({ ...deps.useCases, throttle: deps.throttle }),
    ...productEndpoints(deps.useCases, deps.appUrl),
    ...shippingOptionEndpoints(deps.useCases, deps.appUrl),
    ...orderEndpoints(deps.useCases, deps.appUrl),
    ...adminOrderEndpoints(deps.useCases, deps.appUrl),
    ...adminOutboxEndpoints(deps.useCases, deps.appUrl),
  ];
}

/** JSON bodies only: form parsing would turn `email[$ne]=x` into an operator object. */
async function requireJson(ctx: Koa.Context, next: Koa.Next): Promise<void> {
  const hasBody = ctx.request.length > 0 || ctx.get('Transfer-Encoding') !== '';
  if (hasBody && !ctx.is('application/json')) {
    throw new HttpProblem('UNSUPPORTED_MEDIA_TYPE', 'Send JSON with Content-Type: application/json.');
  }
  await next();
}

/**
 * `Location` as `APP_URL` says, whoever set it (a 201, a page's redirect, an idempotent replay):
 * routes write paths, the public base URL makes them absolute.
 */
function absoluteLocation(appUrl: string): Koa.Middleware {
  return async function location(ctx, next) {
    await next();
    const path: unknown = ctx.response.get('Location');
    if (typeof path === 'string' && path.startsWith('/') && !path.startsWith('//')) ctx.set('Location', `${appUrl}${path}`);
  };
}

/**
 * JSON objects and arrays only. A `__proto__` key is valid JSON: co-body's default answers it as
 * malformed JSON; kept as the own property `JSON.parse` makes of it (never the prototype), it
 * meets the strict schemas, which refuse it as an unknown field like any other.
 */
const jsonBodies = (limit: string) => ({ enableTypes: ['json'], jsonLimit: limit, strict: true, onProtoPoisoning: 'ignore' });

/** Builds the Koa application. It never listens: `main.ts` does, tests use `app.callback()`. */
export function createApp(deps: AppDeps): Koa {
  const app = new Koa();
  app.silent = true; // errors are logged by the problem middleware, once
  // X-Forwarded-For is spoofable: trust exactly as many hops as there are proxies of ours.
  app.proxy = (deps.trustProxyHops ?? 0) > 0;
  app.maxIpsCount = deps.trustProxyHops ?? 0;

  if (deps.metrics) app.use(deps.metrics.observe);
  app.use(requestLog(deps.logger));
  app.use(securityHeaders);
  app.use(absoluteLocation(deps.appUrl));
  const cors = corsFor(deps.corsOrigins ?? []);
  if (cors) app.use(cors);
  app.use(problemMiddleware(deps.logger));
  if (deps.metrics) app.use(deps.metrics.endpoint);
  if (deps.catalogueCache) app.use(deps.catalogueCache);

  app.use(healthRouter(deps.logger, deps.ready).routes());
  const endpoints = apiEndpoints(deps);
  app.use(docsRouter({ endpoints, appUrl: deps.appUrl }).routes());

  if (deps.webhook) app.use(webhookRouter(deps.webhook).routes());
  else app.use(async (ctx, next) => {
    if (ctx.path === WEBHOOK_PATH) throw new HttpProblem('NOT_FOUND', 'Webhooks are not configured (set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET).');
    return next();
  });

  app.use(resetPage());
  for (const router of [checkoutPagesRouter({ confirmCheckout: deps.useCases.confirmCheckout }), ...(deps.pages ?? [])]) {
    app.use(router.routes()).use(router.allowedMethods());
  }

  app.use(async (ctx, next) => {
    await next();
    if (ctx.status === 404 && ctx.body === undefined) throw new HttpProblem('NOT_FOUND', `Nothing at ${ctx.method} ${ctx.path}.`);
  });

  const api = new Router({ prefix: API_PREFIX });
  mountEndpoints(api, endpoints, { ...deps, roleOf: async (userId) => (await deps.useCases.getProfile.execute(userId)).role });
  app.use(async (ctx, next) => (ctx.path.startsWith(`${API_PREFIX}/`) ? requireJson(ctx, next) : next()));
  app.use(bodyParser(jsonBodies(deps.bodyLimit ?? '100kb')));
  app.use(api.routes());
  app.use(api.allowedMethods({
    throw: true,
    methodNotAllowed: () => new HttpProblem('METHOD_NOT_ALLOWED', 'This method is not allowed on this resource.'),
    notImplemented: () => new HttpProblem('METHOD_NOT_ALLOWED', 'This method is not allowed on this resource.'),
  }));
  return app;
}
