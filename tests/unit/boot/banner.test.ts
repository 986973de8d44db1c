import { describe, expect, it } from 'vitest';
import { type BannerFacts, banner } from '../../../src/boot/banner.js';
import { loadConfig } from '../../../src/boot/config.js';

const SECRET = 'a-banner-test-secret-that-is-long-enough';
const facts = (env: Record<string, string>, durable = false, movesMoney = false): BannerFacts => ({
  config: loadConfig(env),
  storage: { description: durable ? 'MongoDB (shop)' : 'in-memory (embedded mode)', durable },
  payments: { description: movesMoney ? 'Stripe Checkout' : 'local checkout pages', movesMoney },
  mail: movesMoney ? { description: 'SMTP', warning: null } : { description: 'the local mailbox (/mailbox)', warning: null },
  demoAdmin: null,
});

describe('the startup banner', () => {
  it('says where mail goes, and warns when it cannot leave yet', () => {
    const text = banner({ ...facts({}), mail: { description: 'held in the outbox', warning: 'SMTP_URL is not set: messages wait in the outbox' } });
    expect(text).toContain('  mail:     held in the outbox');
    expect(text).toContain('⚠  SMTP_URL is not set: messages wait in the outbox.');
  });

  it('warns about every development shortcut in force: memory, the local checkout, a random JWT secret, no rate limits', () => {
    const text = banner(facts({ RATE_LIMITS: 'off' }));
    expect(text).toContain('data lives in memory');
    expect(text).toContain('local test checkout');
    expect(text).toContain('JWT_SECRET is not set');
    expect(text).toMatch(/⚠ {2}RATE_LIMITS=off: .*no rate limits/);
  });

  it('warns about nothing that is not in force', () => {
    const text = banner(facts({ JWT_SECRET: SECRET, MONGODB_URI: 'mongodb://db/shop' }, true, true));
    expect(text).not.toContain('⚠');
  });

  it('points every link at APP_URL, which follows PORT when unset', () => {
    const text = banner({ ...facts({ PORT: '4321' }), demoAdmin: { email: 'admin@example.com', password: 'pw' } });
    expect(text).toContain('Shop API listening on http://localhost:4321/api');
    expect(text).toContain('docs:     http://localhost:4321/api/docs');
    expect(text).toContain('demo admin: admin@example.com / pw');
  });
});
