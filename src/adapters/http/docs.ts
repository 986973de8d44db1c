import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Router from '@koa/router';
import type { Endpoint } from './endpoint.js';
import { buildOpenApi } from './openapi.js';

const require = createRequire(import.meta.url);
const SWAGGER_UI_DIR = dirname(require.resolve('swagger-ui-dist/package.json'));
const VERSION = (require('../../../package.json') as { version: string }).version;

/** Exactly what the page loads: no inline script or style, nothing from another origin. */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The only files served from swagger-ui-dist: a fixed list, so no request picks a path. */
const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'index.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const INIT_JS = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '/api/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    defaultModelsExpandDepth: 0,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Shop API reference</title>
  <link rel="icon" type="image/png" href="/api/docs/favicon-32x32.png">
  <link rel="stylesheet" href="/api/docs/index.css">
  <link rel="stylesheet" href="/api/docs/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/api/docs/swagger-ui-bundle.js"></script>
  <script src="/api/docs/init.js"></script>
</body>
</html>
`;

/** The document served at /api/openapi.json (the version is package.json's). */
export function apiDocument(endpoints: readonly Endpoint[], appUrl: string) {
  return buildOpenApi(endpoints, { appUrl, version: VERSION });
}

/** GET /api/openapi.json and the Swagger UI reference at GET /api/docs, served from the npm package. */
export function docsRouter(options: { endpoints: readonly Endpoint[]; appUrl: string }): Router {
  const document = JSON.stringify(apiDocument(options.endpoints, options.appUrl));
  const cache = new Map<string, Buffer>();
  const router = new Router();

  router.get('getOpenApi', '/api/openapi.json', (ctx) => {
    ctx.type = 'application/json';
    ctx.body = document;
  });
  router.get('getDocs', '/api/docs', (ctx) => {
    ctx.set('Content-Security-Policy', DOCS_CSP);
    ctx.set('Cache-Control', 'no-cache');
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = PAGE;
  });
  router.get('docsAsset', '/api/docs/:asset', async (ctx, next) => {
    const asset = ctx.params['asset'] ?? '';
    const type = asset === 'init.js' ? 'application/javascript; charset=utf-8' : ASSETS[asset];
    if (!type) return next();
    let body = cache.get(asset);
    if (!body) {
      body = asset === 'init.js' ? Buffer.from(INIT_JS) : await readFile(join(SWAGGER_UI_DIR, asset));
      cache.set(asset, body);
    }
    ctx.set('Content-Security-Policy', DOCS_CSP);
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.type = type;
    ctx.body = body;
  });
  return router;
}
