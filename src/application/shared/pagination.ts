import { InvalidInput } from '../../domain/errors.js';
import { isId } from '../../domain/id.js';
import type { PageKey } from '../ports/pagination.js';

export type Page<T> = Readonly<{ items: T[]; nextCursor: string | null }>;
export type PageRequest = Readonly<{ limit: number; cursor?: string }>;

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/**
 * Cursors are opaque to clients: base64url of the list they belong to and the last item's
 * (createdAt, id). The list's name makes a cursor from another list (a product cursor given to
 * the orders) a refusal rather than a page of whatever happens to sort after it.
 */
export function encodeCursor(list: string, key: PageKey): string {
  return Buffer.from(`${list}:${key.createdAt.getTime()}.${key.id}`).toString('base64url');
}

export function decodeCursor(list: string, cursor: string): PageKey {
  const match = /^([a-z-]+):(\d{1,15})\.(.+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match || !isId(match[3]!)) throw new InvalidInput('The cursor is not one this service issued.', 'cursor');
  if (match[1] !== list) {
    throw new InvalidInput("The cursor belongs to another list: take it from this list's Link header.", 'cursor');
  }
  return { createdAt: new Date(Number(match[2])), id: match[3]! };
}

/** One page of the list named `list` (its cursors carry the name). Fetches one more item than asked, to know whether a next page exists without counting. */
export async function paginate<T extends PageKey>(
  list: string,
  request: PageRequest,
  fetch: (query: { limit: number; after?: PageKey }) => Promise<T[]>,
): Promise<Page<T>> {
  if (!Number.isInteger(request.limit) || request.limit < 1 || request.limit > MAX_PAGE_SIZE) {
    throw new InvalidInput(`limit must be a whole number from 1 to ${MAX_PAGE_SIZE}.`, 'limit');
  }
  const after = request.cursor === undefined ? undefined : decodeCursor(list, request.cursor);
  const rows = await fetch({ limit: request.limit + 1, ...(after && { after }) });
  const items = rows.slice(0, request.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > request.limit && last ? encodeCursor(list, last) : null };
}
