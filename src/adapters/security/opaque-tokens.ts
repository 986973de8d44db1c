import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { OpaqueTokens } from '../../application/ports/opaque-tokens.js';

const BYTES = 32;

/**
 * 32 random bytes as base64url (43 characters); stored as SHA-256 (a fast hash is enough for
 * 256 random bits: nothing to guess). `derive` is HMAC-SHA-256 keyed with the previous value.
 */
export const opaqueTokens: OpaqueTokens = {
  random: () => randomBytes(BYTES).toString('base64url'),
  hash: (value) => createHash('sha256').update(value).digest('base64url'),
  derive: (previous, nonce) => createHmac('sha256', previous).update(nonce).digest('base64url'),
};
