import { ObjectId } from 'mongodb';

// Lowercase only, as our Ids port makes them: `ObjectId.isValid` accepts any 12-character string,
// and accepting uppercase here would find documents the in-memory adapter cannot.
const ID = /^[0-9a-f]{24}$/;

/** `null` for anything that is not one of our ids, so a lookup by a malformed id finds nothing. */
export function toObjectId(id: unknown): ObjectId | null {
  return typeof id === 'string' && ID.test(id) ? ObjectId.createFromHexString(id) : null;
}

/** For ids we are asked to store: a malformed one is a programming error, not a missing row. */
export function requireObjectId(id: string): ObjectId {
  const objectId = toObjectId(id);
  if (!objectId) throw new TypeError(`Not a 24-hex-digit id: ${JSON.stringify(id).slice(0, 40)}`);
  return objectId;
}
