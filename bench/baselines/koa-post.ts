// S6's baseline: bare Koa + @koa/router reading a POST body as raw bytes and acknowledging it,
// the same answer POST /api/webhook gives.
import Router from '@koa/router';
import Koa from 'koa';
import { baselineEnv } from './env.js';

const { port, host } = baselineEnv();
const router = new Router();
router.get('/health/ready', (ctx) => { ctx.body = { status: 'ready' }; });
router.post('/api/webhook', async (ctx) => {
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
  Buffer.concat(chunks);
  ctx.body = { received: true };
});
new Koa().use(router.routes()).listen(port, host);
