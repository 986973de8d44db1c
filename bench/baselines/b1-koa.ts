// B1: bare Koa + @koa/router answering GET /api/products with the service's bytes.
import Router from '@koa/router';
import Koa from 'koa';
import { baselineEnv } from './env.js';

const { port, host, body, contentType } = baselineEnv();
const router = new Router();
router.get('/health/ready', (ctx) => { ctx.body = { status: 'ready' }; });
router.get('/api/products', (ctx) => { ctx.type = contentType; ctx.body = body; });
new Koa().use(router.routes()).listen(port, host);
