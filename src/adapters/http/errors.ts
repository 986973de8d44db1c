import type { Context, Next } from 'koa';
import type { Logger } from 'pino';
import { DomainError, type DomainErrorCode, InvalidInput, OutOfStock, RateLimited } from '../../domain/errors.js';

type HttpErrorCode =
  | 'MALFORMED_JSON'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'WEBHOOK_SIGNATURE_INVALID'
  | 'INTERNAL';

export type ProblemCode = DomainErrorCode | HttpErrorCode;

const statusOf = {
  VALIDATION_FAILED: 400,
  EMAIL_TAKEN: 409,
  INVALID_CREDENTIALS: 401,
  WRONG_PASSWORD: 403,
  INVALID_REFRESH_TOKEN: 401,
  INVALID_RESET_TOKEN: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  USER_NOT_FOUND: 404,
  PRODUCT_NOT_FOUND: 404,
  PRODUCT_UNAVAILABLE: 422,
  OUT_OF_STOCK: 409,
  MIXED_CURRENCIES: 422,
  ORDER_NOT_FOUND: 404,
  ORDER_NOT_PAYABLE: 409,
  ORDER_NOT_CANCELLABLE: 409,
  ORDER_NOT_REFUNDABLE: 409,
  MESSAGE_NOT_FOUND: 404,
  MESSAGE_ALREADY_SENT: 409,
  REFUND_FAILED: 502,
  PAYMENT_AMOUNT_MISMATCH: 409,
  PAYMENT_PROVIDER_FAILED: 502,
  PAYMENT_PROVIDER_UNAVAILABLE: 503,
  STORAGE_UNAVAILABLE: 503,
  RATE_LIMITED: 429,
  IDEMPOTENCY_KEY_REUSED: 422,
  IDEMPOTENCY_KEY_IN_USE: 409,
  EVENT_IN_PROGRESS: 409,
  SHIPPING_OPTION_NOT_FOUND: 404,
  SHIPPING_UNAVAILABLE: 422,
  SHIPPING_ADDRESS_REFUSED: 409,
  ORDER_NOT_FULFILLABLE: 409,
  MALFORMED_JSON: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  WEBHOOK_SIGNATURE_INVALID: 400,
  INTERNAL: 500,
} as const satisfies Record<ProblemCode, number>;

const titleOf: Partial<Record<number, string>> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  409: 'Conflict', 413: 'Content Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Content',
  429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable',
};

/** What the problem middleware leaves in `ctx.state.problem` for middleware outside it. */
export type ProblemState = Readonly<{ code: ProblemCode; error: unknown }>;

export type FieldError = Readonly<{ pointer: string; detail: string }>;

/** An error of the HTTP layer itself (as opposed to the domain's), already in problem terms. */
export class HttpProblem extends Error {
  constructor(
    readonly code: HttpErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** `extensions` are RFC 9457 extension members, e.g. which product ran out (`OUT_OF_STOCK`). */
export function problemBody(
  code: ProblemCode,
  detail: string,
  errors?: readonly FieldError[],
  extensions?: Readonly<Record<string, unknown>>,
) {
  const status = statusOf[code];
  return {
    type: `urn:problem:shop:${code.toLowerCase().replaceAll('_', '-')}`,
    title: titleOf[status] ?? 'Error',
    status,
    detail,
    code,
    ...(errors && errors.length > 0 && { errors }),
    ...extensions,
  };
}

/** Errors thrown by Koa's own stack (body parser, http-errors) carry a status and `expose`. */
function fromHttpError(error: { status?: unknown; type?: unknown }): HttpProblem | null {
  if (error.status === 413) return new HttpProblem('PAYLOAD_TOO_LARGE', 'The request body is too large.');
  if (error.status === 415) return new HttpProblem('UNSUPPORTED_MEDIA_TYPE', 'Send JSON with Content-Type: application/json.');
  if (error.status === 400) return new HttpProblem('MALFORMED_JSON', 'The request body is not valid JSON.');
  if (error.status === 404) return new HttpProblem('NOT_FOUND', 'Nothing here.');
  if (error.status === 405) return new HttpProblem('METHOD_NOT_ALLOWED', 'This method is not allowed on this resource.');
  return null;
}

/**
 * The one place errors become responses: RFC 9457 problem+json, with the domain's code.
 * Unknown errors become a 500 that says nothing about internals; the log gets everything.
 */
export function problemMiddleware(logger: Logger) {
  return async function problems(ctx: Context, next: Next): Promise<void> {
    try {
      await next();
    } catch (error) {
      const err = error as Error & { status?: number; expose?: boolean };
      let code: ProblemCode = 'INTERNAL';
      let detail = 'Something went wrong on our side. It has been logged.';
      let fieldErrors: readonly FieldError[] | undefined;
      const known = err instanceof DomainError || err instanceof HttpProblem ? err : fromHttpError(err);
      if (known) {
        code = known.code;
        detail = known.message;
        if (known instanceof InvalidInput) fieldErrors = known.problems.map((p) => ({ pointer: `#/${p.field}`, detail: p.detail }));
      }
      const status = statusOf[code];
      ctx.state['problem'] = { code, error: err } satisfies ProblemState; // for the metrics, if on
      if (status >= 500) logger.error({ err, code }, 'request failed');
      if (err instanceof RateLimited) ctx.set('Retry-After', String(err.retryAfterSeconds));
      if (status === 503) ctx.set('Retry-After', ctx.response.get('Retry-After') || '5');
      if (status === 401) ctx.set('WWW-Authenticate', 'Bearer');
      ctx.status = status;
      ctx.type = 'application/problem+json';
      const extensions = err instanceof OutOfStock ? { productId: err.productId, available: err.available } : undefined;
      ctx.body = problemBody(code, detail, fieldErrors, extensions);
    }
  };
}
