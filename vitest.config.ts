import { defineConfig } from 'vitest/config';
import { requireService } from './tests/support/ci.js';

// Under CI a missing server fails the run here, naming it; locally the HTTP suite on MongoDB is skipped.
const mongo = requireService({
  name: 'TEST_MONGODB_URI (the MongoDB-wire server)',
  available: Boolean(process.env['TEST_MONGODB_URI']?.trim()),
  hint: 'scripts/test-services.sh start prints it',
  skips: 'HTTP suite on MongoDB (the in-memory run still happens)',
});

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
