import argon2 from 'argon2';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Argon2Hasher, OWASP_ARGON2ID, defaultHashConcurrency } from '../../../../src/adapters/security/argon2-hasher.js';

/**
 * Holds every argon2 call until the test releases it, and records which have started, so a test
 * can see how many the hasher lets run at once.
 */
function heldArgon2() {
  const started: string[] = [];
  const waiting: (() => void)[] = [];
  const hold = () => new Promise<void>((resolve) => waiting.push(resolve));
  const { hash, verify } = argon2;
  vi.spyOn(argon2, 'hash').mockImplementation((async (password: string, options: Parameters<typeof hash>[1]) => {
    started.push(`hash ${password}`);
    await hold();
    return hash(password, options);
  }) as typeof hash);
  vi.spyOn(argon2, 'verify').mockImplementation(async (digest, password, options) => {
    started.push(`verify ${String(password)}`);
    await hold();
    return verify(digest, password, options);
  });
  return {
    started,
    /** Lets the oldest held call go on. */
    releaseOne: () => waiting.shift()?.(),
    /** Gives anything queued every chance to start: the event loop turns several times. */
    settle: async () => { for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve)); },
  };
}

describe('Argon2Hasher', () => {
  afterEach(() => { vi.restoreAllMocks(); });

  const hasher = new Argon2Hasher();

  it('hashes with argon2id and the OWASP parameters', async () => {
    const hash = await hasher.hash('correct horse battery');
    // node-argon2 0.45 writes the parameters as m,p,t; libargon2 writes m,t,p. Either order is accepted here.
    const [, algorithm, version, params] = hash.split('$');
    expect(algorithm).toBe('argon2id');
    expect(version).toBe('v=19');
    expect(params?.split(',').sort()).toEqual(['m=19456', 'p=1', 't=2']);
  });

  it('salts every hash', async () => {
    expect(await hasher.hash('same password')).not.toBe(await hasher.hash('same password'));
  });

  it('verifies the right password and rejects a wrong one', async () => {
    const hash = await hasher.hash('correct horse battery');
    expect(await hasher.verify(hash, 'correct horse battery')).toBe(true);
    expect(await hasher.verify(hash, 'correct horse batterY')).toBe(false);
    expect(await hasher.verify(hash, '')).toBe(false);
  });

  it('answers false, not an exception, for a hash it cannot read', async () => {
    expect(await hasher.verify('not-a-hash', 'whatever')).toBe(false);
    expect(await hasher.verify('', 'whatever')).toBe(false);
  });

  it('lets a failure of argon2 itself through instead of answering "wrong password"', async () => {
    // Read as a hash, then refused by argon2 (a 3-byte output is below its minimum), as a native failure would be.
    await expect(hasher.verify('$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$YWJj', 'whatever')).rejects.toThrow(/too short/i);
  });

  it('answers false for a missing account', async () => {
    expect(await hasher.verify(null, 'not-a-real-password')).toBe(false);
    expect(await hasher.verify(null, 'correct horse battery')).toBe(false);
  });

  it('spends about as long on a missing account as on a real verify', async () => {
    const hash = await hasher.hash('correct horse battery');
    await hasher.verify(null, 'warm-up'); // the dummy hash is made once, on first use

    const median = async (run: () => Promise<unknown>) => {
      const times: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        const start = performance.now();
        await run();
        times.push(performance.now() - start);
      }
      return times.sort((a, b) => a - b)[2]!;
    };
    const real = await median(() => hasher.verify(hash, 'wrong password'));
    const dummy = await median(() => hasher.verify(null, 'wrong password'));

    // Not a strict timing assertion: only that the dummy path does real argon2 work.
    expect(dummy).toBeGreaterThanOrEqual(real * 0.5);
  });

  it('keeps the OWASP argon2id parameters', () => {
    expect(OWASP_ARGON2ID).toMatchObject({ memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  });

  it('leaves a core and a threadpool thread free', () => {
    expect(defaultHashConcurrency(1, 4)).toBe(1);
    expect(defaultHashConcurrency(2, 4)).toBe(1);
    expect(defaultHashConcurrency(8, 4)).toBe(3);
    expect(defaultHashConcurrency(8, 16)).toBe(7);
  });

  it('verifies through the limit, and a dummy hash answers false', async () => {
    const hasher = new Argon2Hasher(OWASP_ARGON2ID, 1);
    const hash = await hasher.hash('correct horse');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    const results = await Promise.all([
      hasher.verify(hash, 'correct horse'), hasher.verify(hash, 'wrong'), hasher.verify(null, 'correct horse'),
    ]);
    expect(results).toEqual([true, false, false]);
  });

  it('reports its queue and, once observed, how long each hash and verification took', async () => {
    const hasher = new Argon2Hasher(OWASP_ARGON2ID, 1);
    expect(hasher.queue).toEqual({ running: 0, waiting: 0, max: 1 });
    const seen: [string, number][] = [];
    hasher.observe((operation, seconds) => seen.push([operation, seconds]));
    const hashing = [hasher.hash('one'), hasher.hash('two')];
    expect(hasher.queue).toEqual({ running: 1, waiting: 1, max: 1 });
    const [hash] = await Promise.all(hashing);
    await hasher.verify(hash!, 'one');
    expect(seen.map(([operation]) => operation)).toEqual(['hash', 'hash', 'verify']);
    for (const [, seconds] of seen) expect(seconds).toBeGreaterThan(0);
    expect(hasher.queue).toEqual({ running: 0, waiting: 0, max: 1 });
  });

  it('runs no more argon2 work at once than its limit: with 1, the second hash waits for the first', async () => {
    const stored = await new Argon2Hasher(OWASP_ARGON2ID, 1).hash('three');
    const argon = heldArgon2();
    const hasher = new Argon2Hasher(OWASP_ARGON2ID, 1);
    const results = Promise.all([hasher.hash('one'), hasher.hash('two'), hasher.verify(stored, 'three')]);
    await argon.settle();
    expect(argon.started).toEqual(['hash one']);
    argon.releaseOne();
    await vi.waitFor(() => expect(argon.started).toEqual(['hash one', 'hash two']));
    await argon.settle();
    expect(argon.started).toEqual(['hash one', 'hash two']);
    argon.releaseOne();
    await vi.waitFor(() => expect(argon.started).toEqual(['hash one', 'hash two', 'verify three']));
    argon.releaseOne();
    const [one, two, verified] = await results;
    expect([one, two]).toEqual([expect.stringMatching(/^\$argon2id\$/), expect.stringMatching(/^\$argon2id\$/)]);
    expect(verified).toBe(true);
  });

  it('lets as many run at once as its limit allows, and no more', async () => {
    const argon = heldArgon2();
    const hasher = new Argon2Hasher(OWASP_ARGON2ID, 2);
    const results = Promise.all([hasher.hash('one'), hasher.hash('two'), hasher.verify(null, 'three')]);
    await vi.waitFor(() => expect(argon.started).toEqual(['hash one', 'hash two']));
    await argon.settle();
    expect(argon.started).toHaveLength(2);
    argon.releaseOne();
    argon.releaseOne();
    // The unknown-account check does a dummy hash and a verify, each through the limit.
    await vi.waitFor(() => expect(argon.started).toEqual(['hash one', 'hash two', 'hash not-a-real-password']));
    argon.releaseOne();
    await vi.waitFor(() => expect(argon.started).toHaveLength(4));
    expect(argon.started[3]).toBe('verify three');
    argon.releaseOne();
    expect((await results)[2]).toBe(false);
  });
});
