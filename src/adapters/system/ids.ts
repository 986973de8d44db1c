import { randomBytes } from 'node:crypto';
import type { Ids } from '../../application/ports/ids.js';

/** ObjectId-shaped ids: 4 bytes of seconds, then 8 random bytes. */
export const randomIds: Ids = {
  next() {
    const seconds = Math.floor(Date.now() / 1000).toString(16).padStart(8, '0');
    return seconds + randomBytes(8).toString('hex');
  },
};
