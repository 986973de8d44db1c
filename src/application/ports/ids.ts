/** New ids: 24 lowercase hex characters, roughly time-ordered (the shape of a MongoDB ObjectId). */
export interface Ids {
  next(): string;
}
