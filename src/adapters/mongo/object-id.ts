import { ObjectId } from 'mongodb';
import { isId } from '../../domain/id.js';

// Ids are stored as ObjectIds (12 bytes, not 24 characters, and the type every MongoDB tool
// expects of an `_id`), which is why `Ids` hands out 24 hex digits.
// Our ids only (lowercase): `ObjectId.isValid` accepts any 12-character string, and accepting
// uppercase here would find documents the in-memory adapter cannot.

/** `null` for anything that is not one of our ids, so a lookup by a malformed id finds nothing. */
export function toObjectId(id: unknown): ObjectId | null {
  return typeof id === 'string' && isId(id) ? ObjectId.createFromHexString(id) : null;
}

/** For ids we are asked to store: a malformed one is a programming error, not a missing row. */
export function requireObjectId(id: string): ObjectId {
  const objectId = toObjectId(id);
  if (!objectId) throw new TypeError(`Not a 24-hex-digit id: ${JSON.stringify(id).slice(0, 40)}`);
  return objectId;
}
