import type { Context } from 'koa';
import { DEFAULT_PAGE_SIZE } from '../../../application/shared/pagination.js';

export function pageSize(limit: number | undefined): number {
  return limit ?? DEFAULT_PAGE_SIZE;
}

/** RFC 8288 `Link: <…>; rel="next"`, keeping the caller's other query parameters. */
export function setNextLink(ctx: Context, appUrl: string, nextCursor: string | null): void {
  if (!nextCursor) return;
  const url = new URL(ctx.path, appUrl);
  for (const [key, value] of Object.entries(ctx.query)) if (typeof value === 'string') url.searchParams.set(key, value);
  url.searchParams.set('cursor', nextCursor);
  ctx.set('Link', `<${url.href}>; rel="next"`);
}
