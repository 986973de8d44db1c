import { defineConfig } from 'vitest/config';

const mongo = process.env['TEST_MONGODB_URI'];
if (!mongo) console.warn('[skip] HTTP suite on MongoDB: TEST_MONGODB_URI is not set (the in-memory run still happens)');

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    projects: [
      { extends: true, test: { name: 'main', include: ['tests/**/*.test.ts'] } },
      // The whole HTTP suite once more, with the Mongo adapters wired in (tests/support/app.ts).
      ...(mongo
        ? [{ extends: true as const, test: { name: 'http-on-mongo', include: ['tests/http/**/*.test.ts'], env: { TEST_HTTP_STORAGE: 'mongo' } } }]
        : []),
    ],
  },
});
