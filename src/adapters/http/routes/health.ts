import Router from '@koa/router';
import type { Logger } from 'pino';
import { html, page } from '../pages/html.js';

/** Outside /api: the home page, liveness and readiness probes. */
export function healthRouter(logger: Logger, ready?: () => Promise<boolean>): Router {
  const router = new Router();
  router.get('/', (ctx) => {
    ctx.type = 'html';
    ctx.body = page('Shop API', html`<h1>Shop API</h1><p>The API lives under <a href="/api/products">/api</a>.</p>
<p><a href="/api/docs">API reference</a> · <a href="/api/openapi.json">OpenAPI document</a></p>`);
  });
  router.get('/favicon.ico', (ctx) => { ctx.status = 204; });
  router.get('/health/live', (ctx) => { ctx.body = { status: 'ok' }; });
  router.get('/health/ready', async (ctx) => {
    // The probe's contract is to answer false, never to throw: a throw is a bug, logged, and answers "not ready".
    const isReady = (await ready?.().catch((err: unknown) => {
      logger.error({ err }, 'readiness probe failed');
      return false;
    })) ?? true;
    ctx.status = isReady ? 200 : 503;
    ctx.body = { status: isReady ? 'ready' : 'not ready' };
  });
  return router;
}
