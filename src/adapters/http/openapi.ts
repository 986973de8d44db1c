import { z } from 'zod';
import { API_PREFIX, type Endpoint, type ResponseSpec } from './endpoint.js';
import { type ProblemCode, problemBody } from './errors.js';
import { Problem } from './schemas/common.js';
import { HealthJson, WebhookAck } from './schemas/health.js';

type Json = Record<string, unknown>;
type Io = 'input' | 'output';

export type OpenApiOptions = Readonly<{ appUrl: string; version: string }>;


const REF_PREFIX = '#/components/schemas/';

/** One example problem per status, built by the same function the error middleware uses. */
const exampleProblem: Readonly<Record<number, [ProblemCode, string]>> = {
  400: ['VALIDATION_FAILED', 'The request body is not valid.'],
  401: ['UNAUTHENTICATED', 'Log in and send Authorization: Bearer <token>.'],
  403: ['FORBIDDEN', 'Only admins may do this.'],
  404: ['NOT_FOUND', 'No such resource.'],
  405: ['METHOD_NOT_ALLOWED', 'This method is not allowed on this resource.'],
  409: ['ORDER_NOT_PAYABLE', 'The request conflicts with the current state.'],
  413: ['PAYLOAD_TOO_LARGE', 'The request body is too large.'],
  415: ['UNSUPPORTED_MEDIA_TYPE', 'Send JSON with Content-Type: application/json.'],
  422: ['PRODUCT_UNAVAILABLE', 'The request is well-formed but cannot be processed.'],
  429: ['RATE_LIMITED', 'Too many attempts; retry later.'],
  500: ['INTERNAL', 'Something went wrong on our side. It has been logged.'],
  502: ['PAYMENT_PROVIDER_FAILED', 'The payment provider refused the request.'],
  503: ['PAYMENT_PROVIDER_UNAVAILABLE', 'A dependency is unavailable; retry later.'],
};

const REQUEST_ID_HEADER = { $ref: '#/components/headers/X-Request-Id' };
const problemHeaders: Readonly<Record<number, Json>> = {
  401: { 'WWW-Authenticate': { description: 'Always `Bearer`', schema: { type: 'string' } } },
  429: { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'string' } } },
  503: { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'string' } } },
};

/** Converts zod schemas, moving every schema with a meta `id` into components (shared $refs). */
class SchemaCollector {
  readonly components: Record<string, Json> = {};

  convert(schema: z.ZodType, io: Io): Json {
    const { $defs, ...root } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json & { $defs?: Record<string, Json> };
    delete root['$schema'];
    for (const [id, def] of Object.entries($defs ?? {})) this.add(id, tidy(def));
    return tidy(root);
  }

  private add(id: string, def: Json): void {
    const existing = this.components[id];
    if (existing && JSON.stringify(existing) !== JSON.stringify(def)) {
      throw new Error(`Schema id "${id}" has different input and output shapes; give them separate ids.`);
    }
    this.components[id] = def;
  }
}

/** Rewrites `#/$defs/X` refs to components and drops the safe-integer bounds zod adds to every int. */
function tidy<T>(value: T): T {
  if (Array.isArray(value)) return value.map(tidy) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [key, v] of Object.entries(value as Json)) {
    if (key === '$ref' && typeof v === 'string') out[key] = v.replace(/^#\/\$defs\//, REF_PREFIX);
    else if ((key === 'minimum' && v === Number.MIN_SAFE_INTEGER) || (key === 'maximum' && v === Number.MAX_SAFE_INTEGER)) continue;
    else out[key] = tidy(v);
  }
  return out as T;
}

export const toOpenApiPath = (koaPath: string) => koaPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

function parameters(schemas: SchemaCollector, schema: z.ZodType | undefined, where: 'query' | 'path'): Json[] {
  if (!schema) return [];
  const json = schemas.convert(schema, 'input') as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, example, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || (json.required ?? []).includes(name),
      ...(description !== undefined && { description }),
      schema: rest,
      ...(example !== undefined && { example }),
    };
  });
}

function response(schemas: SchemaCollector, spec: ResponseSpec): Json {
  const headers: Json = {};
  for (const [name, description] of Object.entries(spec.headers ?? {})) headers[name] = { description, schema: { type: 'string' } };
  return {
    description: spec.description,
    ...(Object.keys(headers).length > 0 && { headers }),
    ...(spec.schema && { content: { 'application/json': { schema: schemas.convert(spec.schema, 'output') } } }),
  };
}

export function problemResponse(status: number): Json {
  const [code, detail] = exampleProblem[status] ?? ['INTERNAL', 'Error'];
  const example = problemBody(code, detail);
  return {
    description: example.title,
    ...(problemHeaders[status] && { headers: problemHeaders[status] }),
    content: { 'application/problem+json': { schema: { $ref: `${REF_PREFIX}Problem` }, example } },
  };
}

function operation(schemas: SchemaCollector, endpoint: Endpoint): Json {
  const headerParams = Object.entries(endpoint.requestHeaders ?? {}).map(([name, h]) => ({
    name, in: 'header', required: h.required ?? false, description: h.description, schema: h.maxLength === null ? { type: 'string' } : { type: 'string', maxLength: h.maxLength ?? 255 },
  }));
  const responses: Json = {};
  for (const [status, spec] of Object.entries(endpoint.responses)) responses[status] = response(schemas, spec);
  for (const status of new Set([...endpoint.problems, 500])) responses[String(status)] = problemResponse(status);
  return {
    operationId: endpoint.operationId,
    summary: endpoint.summary,
    ...(endpoint.description !== undefined && { description: endpoint.description }),
    tags: [endpoint.tag],
    ...(endpoint.auth !== 'public' && { security: [{ bearerAuth: [] }] }),
    ...(endpoint.auth === 'admin' && { 'x-required-role': 'admin' }),
    parameters: [
      ...parameters(schemas, endpoint.params, 'path'),
      ...parameters(schemas, endpoint.query, 'query'),
      ...headerParams,
    ],
    ...(endpoint.body && {
      requestBody: { required: endpoint.bodyRequired ?? true, content: { 'application/json': { schema: schemas.convert(endpoint.body, 'input') } } },
    }),
    responses,
  };
}

/** The operations outside the endpoint list: probes, the webhook and this document itself. */
function infrastructure(schemas: SchemaCollector): Record<string, Record<string, Json>> {
  const health = (example: unknown) => ({
    'application/json': { schema: schemas.convert(HealthJson, 'output'), example },
  });
  return {
    '/health/live': {
      get: {
        operationId: 'healthLive', tags: ['Health'], summary: 'Liveness: the process is up',
        responses: { 200: { description: 'Up', content: health({ status: 'ok' }) } },
      },
    },
    '/health/ready': {
      get: {
        operationId: 'healthReady', tags: ['Health'], summary: 'Readiness: storage reachable and not shutting down',
        description: 'Load balancers should stop sending traffic on 503; it turns 503 as soon as shutdown starts.',
        responses: {
          200: { description: 'Ready', content: health({ status: 'ready' }) },
          503: { description: 'Not ready (storage unreachable or shutting down)', content: health({ status: 'not ready' }) },
        },
      },
    },
    [`${API_PREFIX}/webhook`]: {
      post: {
        operationId: 'stripeWebhook', tags: ['Payments'], summary: "Stripe's webhook (called by Stripe, not by clients)",
        description: 'The body must be the exact bytes Stripe sent: the signature is verified on them before anything '
          + 'is parsed. Handled events: checkout.session.completed, checkout.session.async_payment_succeeded, '
          + 'checkout.session.async_payment_failed, checkout.session.expired (payments), charge.refunded and '
          + 'refund.updated (refunds); any other type is acknowledged and ignored. Each event id is applied once. '
          + 'Answers 404 when Stripe is not configured '
          + '(the embedded mode uses its local checkout instead).',
        parameters: [{
          name: 'Stripe-Signature', in: 'header', required: true, schema: { type: 'string' },
          description: 'Stripe\'s `t=…,v1=…` signature of the raw body', example: 't=1700000000,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd',
        }],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { type: 'object', description: 'A Stripe Event object, as raw bytes' } } },
        },
        responses: {
          200: { description: 'Verified and processed (or already processed)', content: { 'application/json': { schema: schemas.convert(WebhookAck, 'output') } } },
          400: { ...problemResponse(400), description: 'Signature missing or invalid for this payload' },
          404: { ...problemResponse(404), description: 'Stripe is not configured' },
          409: { ...problemResponse(409), description: 'Another delivery of this event is being processed: Stripe retries later' },
          413: problemResponse(413),
          503: { ...problemResponse(503), description: 'Storage unavailable: Stripe retries later' },
        },
      },
    },
    [`${API_PREFIX}/openapi.json`]: {
      get: {
        operationId: 'getOpenApi', tags: ['Docs'], summary: 'This OpenAPI 3.1 document',
        responses: { 200: { description: 'The document', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
    [`${API_PREFIX}/docs`]: {
      get: {
        operationId: 'getDocs', tags: ['Docs'], summary: 'Interactive API reference (HTML)',
        responses: { 200: { description: 'The reference page', content: { 'text/html': { schema: { type: 'string' } } } } },
      },
    },
  };
}

const TAGS = [
  { name: 'Auth', description: 'Accounts and access tokens' },
  { name: 'Products', description: 'The catalogue' },
  { name: 'Shipping', description: 'The ways of shipping the owner offers, and shipping paid orders (the to-ship queue is `GET /admin/orders?fulfillment=unfulfilled`)' },
  { name: 'Orders', description: "The caller's orders and their checkout" },
  { name: 'Administration', description: "Every customer's orders, refunds (administrators only)" },
  { name: 'Payments', description: 'Payment provider callbacks' },
  { name: 'Health', description: 'Probes for orchestrators and load balancers' },
  { name: 'Docs', description: 'This reference' },
];

/** The OpenAPI 3.1 document, generated from the endpoint declarations and their zod schemas. */
export function buildOpenApi(endpoints: readonly Endpoint[], options: OpenApiOptions): Json {
  const schemas = new SchemaCollector();
  schemas.convert(Problem, 'output');
  const paths: Record<string, Record<string, Json>> = {};
  for (const endpoint of endpoints) {
    const path = `${API_PREFIX}${toOpenApiPath(endpoint.path)}`;
    (paths[path] ??= {})[endpoint.method] = operation(schemas, endpoint);
  }
  for (const [path, ops] of Object.entries(infrastructure(schemas))) paths[path] = { ...paths[path], ...ops };
  for (const op of Object.values(paths).flatMap((ops) => Object.values(ops))) {
    for (const res of Object.values(op['responses'] as Record<string, Json>)) {
      res['headers'] = { 'X-Request-Id': REQUEST_ID_HEADER, ...(res['headers'] as Json | undefined) };
    }
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Shop API',
      version: options.version,
      description: 'Accounts, catalogue, orders and Stripe Checkout payments. Errors are RFC 9457 '
        + '`application/problem+json` with a machine-readable `code`. Lists are paginated with `limit` '
        + 'and an opaque `cursor` taken from the `Link: rel="next"` header.',
    },
    servers: [{ url: options.appUrl, description: 'This service' }],
    tags: TAGS.filter((tag) => Object.values(paths).some((ops) => Object.values(ops).some((op) => (op['tags'] as string[]).includes(tag.name)))),
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
    components: {
      schemas: Object.fromEntries(Object.entries(schemas.components).sort(([a], [b]) => a.localeCompare(b))),
      securitySchemes: {
        bearerAuth: {
          type: 'http', scheme: 'bearer', bearerFormat: 'JWT',
          description: 'The `access_token` from POST /api/auth/register or /api/auth/login.',
        },
      },
      headers: {
        'X-Request-Id': {
          description: 'The request id: the caller\'s `X-Request-Id` if it is 1–64 characters of `[A-Za-z0-9._-]`, '
            + 'else a generated UUID. It appears in the service\'s log line for the request.',
          schema: { type: 'string' },
        },
      },
    },
  };
}
