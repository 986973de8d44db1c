import type { PageKey, PageQuery } from '../../application/ports/pagination.js';

/** A row's place in every ordering: (createdAt, id), which never changes while the row is stored. */
type Entry = Readonly<{ at: number; id: string }>;

/**
 * Rows' ids kept sorted by (createdAt, id) under named orderings ("all", "active", "user X", ...),
 * so a page is a binary search plus a walk of `limit` entries: O(log n + limit), whatever n is.
 * `keysOf` names the orderings a row belongs to; `put` moves a changed row between them.
 *
 * Each ordering is an array sorted oldest first, so the usual insert (the newest row) is an
 * append. Inserting an older row, or removing one, shifts the array (an O(n) memory move, about
 * a microsecond per ten thousand entries), which only writes pay, never reads.
 */
export class Orderings<T extends PageKey> {
  private readonly lists = new Map<string, Entry[]>();
  private readonly entries = new Map<string, Entry>();
  private readonly keys = new Map<string, readonly string[]>();

  constructor(private readonly keysOf: (row: T) => readonly string[]) {}

  /** Files `row` (new or changed) under its orderings now, and out of those it left. */
  put(row: T): void {
    const known = this.entries.get(row.id);
    if (known && known.at !== row.createdAt.getTime()) this.remove(row.id);
    const entry = this.entries.get(row.id) ?? { at: row.createdAt.getTime(), id: row.id };
    const before = this.keys.get(row.id) ?? [];
    const after = [...new Set(this.keysOf(row))];
    for (const key of before) if (!after.includes(key)) this.unlist(key, entry);
    for (const key of after) if (!before.includes(key)) this.list(key, entry);
    this.entries.set(row.id, entry);
    this.keys.set(row.id, after);
  }

  /** Takes the row out of every ordering. */
  remove(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    for (const key of this.keys.get(id) ?? []) this.unlist(key, entry);
    this.entries.delete(id);
    this.keys.delete(id);
  }

  /** Ids under `key`, newest first, strictly after `query.after`, at most `query.limit`. */
  newestFirst(key: string, query: PageQuery): string[] {
    const list = this.lists.get(key) ?? [];
    const end = query.after ? firstAtOrAfter(list, { at: query.after.createdAt.getTime(), id: query.after.id }) : list.length;
    const ids: string[] = [];
    for (let i = end - 1; i >= 0 && ids.length < query.limit; i--) ids.push(list[i]!.id);
    return ids;
  }

  /** Ids under `key`, oldest first, strictly after `query.after` in that order, at most `query.limit`. */
  oldestAfter(key: string, query: PageQuery): string[] {
    const list = this.lists.get(key) ?? [];
    let start = 0;
    if (query.after) {
      const from = { at: query.after.createdAt.getTime(), id: query.after.id };
      start = firstAtOrAfter(list, from);
      if (list[start] && compare(list[start]!, from) === 0) start += 1;
    }
    const ids: string[] = [];
    for (let i = start; i < list.length && ids.length < query.limit; i++) ids.push(list[i]!.id);
    return ids;
  }

  /** Ids under `key` created before `cutoff`, oldest first, at most `limit`. */
  oldestFirst(key: string, cutoff: Date, limit: number): string[] {
    const list = this.lists.get(key) ?? [];
    const ids: string[] = [];
    for (let i = 0; i < list.length && ids.length < limit && list[i]!.at < cutoff.getTime(); i++) ids.push(list[i]!.id);
    return ids;
  }

  private list(key: string, entry: Entry): void {
    const list = this.lists.get(key);
    if (!list) {
      this.lists.set(key, [entry]);
      return;
    }
    const last = list.at(-1)!;
    if (compare(last, entry) < 0) list.push(entry);
    else list.splice(firstAtOrAfter(list, entry), 0, entry);
  }

  private unlist(key: string, entry: Entry): void {
    const list = this.lists.get(key);
    if (!list) return;
    const i = firstAtOrAfter(list, entry);
    if (list[i]?.id === entry.id) list.splice(i, 1);
    if (list.length === 0) this.lists.delete(key);
  }
}

/** A name for an ordering from its parts; distinct parts never give the same name. */
export const orderingKey = (...parts: ReadonlyArray<string | null>): string => JSON.stringify(parts);

function compare(a: Entry, b: Entry): number {
  return a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The index of the first entry not before `key` in an oldest-first list (its length if none). */
function firstAtOrAfter(list: readonly Entry[], key: Entry): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compare(list[mid]!, key) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}
