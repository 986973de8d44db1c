import { randomUUID } from 'node:crypto';
import type { Context, Next } from 'koa';
import type { Logger } from 'pino';

const SANE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The caller's `X-Request-Id` when it is short and plain (it ends up in logs), else a fresh UUID. */
export function requestIdOf(header: string): string {
  return SANE_REQUEST_ID.test(header) ? header : randomUUID();
}

/**
 * One log line per request: id, method, path, status, duration. Deliberately no query string
 * (cursors, checkout session ids), headers or bodies: nothing here can carry a secret.
 */
export function requestLog(logger: Logger) {
  // These lines hold only the five fields built below, so the redaction pass (a third of a line's
  // cost, measured) has nothing to do; everything else keeps it.
  const lines = logger.child({}, { redact: { paths: [] } });
  return async function logRequest(ctx: Context, next: Next): Promise<void> {
    const started = process.hrtime.bigint();
    const requestId = requestIdOf(ctx.get('X-Request-Id'));
    ctx.state['requestId'] = requestId;
    ctx.set('X-Request-Id', requestId);
    let status = 500;
    try {
      await next();
      status = ctx.status;
    } finally {
      const durationMs = Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100;
      const line = { requestId, method: ctx.method, path: ctx.path, status, durationMs };
      if (status >= 500) lines.error(line, 'request');
      else lines.info(line, 'request');
    }
  };
}
