import { InvalidInput } from '../../domain/errors.js';
import { isId } from '../../domain/id.js';
import type { PageKey } from '../ports/pagination.js';

export type Page<T> = Readonly<{ items: T[]; nextCursor: string | null }>;
export type PageRequest = Readonly<{ limit: number; cursor?: string }>;

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Cursors are opaque to clients: base64url of the last item's (createdAt, id). */
export function encodeCursor(key: PageKey): string {
  return Buffer.from(`${key.createdAt.getTime()}.${key.id}`).toString('base64url');
}

export function decodeCursor(cursor: string): PageKey {
  const match = /^(\d{1,15})\.(.+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match || !isId(match[2]!)) throw new InvalidInput('The cursor is not one this service issued.', 'cursor');
  return { createdAt: new Date(Number(match[1])), id: match[2]! };
}

/** Fetches one more item than asked, to know whether a next page exists without counting. */
export async function paginate<T extends PageKey>(
  request: PageRequest,
  fetch: (query: { limit: number; after?: PageKey }) => Promise<T[]>,
): Promise<Page<T>> {
  if (!Number.isInteger(request.limit) || request.limit < 1 || request.limit > MAX_PAGE_SIZE) {
    throw new InvalidInput(`limit must be a whole number from 1 to ${MAX_PAGE_SIZE}.`, 'limit');
  }
  const after = request.cursor === undefined ? undefined : decodeCursor(request.cursor);
  const rows = await fetch({ limit: request.limit + 1, ...(after && { after }) });
  const items = rows.slice(0, request.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > request.limit && last ? encodeCursor(last) : null };
}
