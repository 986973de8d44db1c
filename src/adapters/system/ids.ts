import { randomBytes } from 'node:crypto';
import type { Ids } from '../../application/ports/ids.js';

const processPart = randomBytes(5).toString('hex');
let counter = randomBytes(3).readUIntBE(0, 3);

/** ObjectId layout: 4 bytes of seconds, 5 random bytes per process, a 3-byte counter. */
export const randomIds: Ids = {
  next() {
    counter = (counter + 1) % 0x1000000;
    const seconds = Math.floor(Date.now() / 1000).toString(16).padStart(8, '0');
    return seconds + processPart + counter.toString(16).padStart(6, '0');
  },
};
