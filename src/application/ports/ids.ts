/** New ids, never handed out twice across processes: 24 lowercase hex characters (`isId`), roughly time-ordered. */
export interface Ids {
  next(): string;
}
