// B2: bare Koa + @koa/router + jose HS256 verify (key imported once), with the service's claim
// checks, answering GET /api/auth/profile with the service's bytes.
import Router from '@koa/router';
import { jwtVerify } from 'jose';
import Koa from 'koa';
import { baselineEnv } from './env.js';

const { port, host, body, contentType } = baselineEnv();
const secret = new TextEncoder().encode(process.env['JWT_SECRET'] ?? '');
const key = await crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
const options = {
  algorithms: ['HS256'], issuer: 'shop-api', audience: 'shop-api', requiredClaims: ['exp', 'sub', 'iat'], clockTolerance: 5,
};

const router = new Router();
router.get('/health/ready', (ctx) => { ctx.body = { status: 'ready' }; });
router.get('/api/auth/profile', async (ctx) => {
  const token = /^Bearer (.+)$/.exec(ctx.get('Authorization'))?.[1];
  try {
    await jwtVerify(token ?? '', key, options);
  } catch {
    ctx.status = 401;
    return;
  }
  ctx.type = contentType;
  ctx.body = body;
});
new Koa().use(router.routes()).listen(port, host);
