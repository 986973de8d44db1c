/** Ids are 24 lowercase hex characters (the shape of a MongoDB ObjectId), whatever the storage. */
export const ID_PATTERN = /^[0-9a-f]{24}$/;

export const isId = (value: string): boolean => ID_PATTERN.test(value);
