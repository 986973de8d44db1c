import { MongoNetworkError, MongoServerError } from 'mongodb';
import { afterEach, describe, expect, it } from 'vitest';
import { setCallDeadline, storageCall } from '../../../../src/adapters/mongo/translate-errors.js';
import { StorageUnavailable } from '../../../../src/domain/errors.js';

const failing = (error: unknown) => () => Promise.reject(error);

describe('storageCall', () => {
  afterEach(() => setCallDeadline(20_000));

  it('reports the driver\'s network errors, and the raw socket errors it lets through, as StorageUnavailable', async () => {
    // What a write to a socket the network has just closed rejects with (mongodb 7.9, Connection.writeCommand).
    const epipe = Object.assign(new Error('This socket has been ended by the other party'), { code: 'EPIPE' });
    for (const error of [new MongoNetworkError('connection 1 closed'), epipe, Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })]) {
      const thrown = await storageCall(failing(error)).catch((e: unknown) => e);
      expect(thrown).toBeInstanceOf(StorageUnavailable);
      expect((thrown as Error).cause).toBe(error);
    }
  });

  it('lets a bug propagate unchanged: an error without a network code, a server error that is not transient', async () => {
    const bug = new TypeError('x is undefined');
    expect(await storageCall(failing(bug)).catch((e: unknown) => e)).toBe(bug);
    const refused = new MongoServerError({ code: 2, errmsg: 'BadValue' });
    expect(await storageCall(failing(refused)).catch((e: unknown) => e)).toBe(refused);
  });

  it('reports a call the driver never answers as StorageUnavailable once the deadline passes', async () => {
    setCallDeadline(50);
    const started = performance.now();
    await expect(storageCall(() => new Promise(() => undefined))).rejects.toBeInstanceOf(StorageUnavailable);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(await storageCall(async () => 'answered')).toBe('answered');
  });
});
