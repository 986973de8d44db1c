import type { Context, Next } from 'koa';

const API_CSP = "default-src 'none'; frame-ancestors 'none'";
/**
 * The HTML pages (checkout, return pages) use one inline stylesheet and post forms to themselves;
 * they show product pictures, which are https URLs only (validated when a product is saved).
 */
const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src https:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** Set before anything runs, so every response carries them, errors included. */
export async function securityHeaders(ctx: Context, next: Next): Promise<void> {
  ctx.set({
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': ctx.path.startsWith('/api/') ? API_CSP : PAGE_CSP,
  });
  await next();
}
