import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../src/adapters/memory/storage.js';
import type { Mailer } from '../../src/application/ports/mailer.js';
import { type TestApp, testApp } from '../support/app.js';
import { fixedClock } from '../support/builders.js';
import { paidOrder, settled } from '../support/messages.js';
import { METRICS_TOKEN, parseSamples, valueOf } from '../support/metrics.js';

const scrape = async (t: TestApp) => parseSamples((await t.http.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200)).text);

describe('the outbox in GET /metrics', () => {
  it('counts sent, failed and dead messages by kind, and how long the oldest pending one has waited', async () => {
    let down = true;
    const flaky: Mailer = { description: 'flaky', send: async () => { if (down) throw new Error('ECONNREFUSED'); } };
    const clock = fixedClock(new Date());
    const t = await testApp({ storage: memoryStorage(), mailer: flaky, clock }, { METRICS_TOKEN, OWNER_EMAIL: 'owner@shop.test', MAIL_MAX_ATTEMPTS: '2', MAIL_RETRY_BASE: '1s' });
    expect(valueOf(await scrape(t), 'shop_outbox_oldest_pending_age_seconds')).toBe(0);
    await paidOrder(t);

    let samples = await scrape(t);
    expect(valueOf(samples, 'shop_messages_failed_total', { kind: 'order-confirmation' })).toBe(1);
    expect(valueOf(samples, 'shop_messages_failed_total', { kind: 'new-paid-order' })).toBe(1);
    expect(valueOf(samples, 'shop_messages_sent_total', { kind: 'order-confirmation' })).toBe(0);
    clock.advance(500);
    expect(valueOf(await scrape(t), 'shop_outbox_oldest_pending_age_seconds')).toBe(0.5);

    // The second attempt fails too: the limit is 2, so both are dead and nothing is pending.
    clock.advance(1000);
    t.jobs.deliverOutbox!.nudge();
    await settled(t);
    samples = await scrape(t);
    expect(valueOf(samples, 'shop_messages_failed_total', { kind: 'order-confirmation' })).toBe(2);
    expect(valueOf(samples, 'shop_messages_dead_total', { kind: 'order-confirmation' })).toBe(1);
    expect(valueOf(samples, 'shop_messages_dead_total', { kind: 'new-paid-order' })).toBe(1);
    expect(valueOf(samples, 'shop_outbox_oldest_pending_age_seconds')).toBe(0);

    down = false;
    const admin = await t.adminToken();
    const dead = (await t.http.get('/api/admin/outbox?status=dead').set('Authorization', `Bearer ${admin}`).expect(200)).body as { id: string }[];
    for (const { id } of dead) await t.http.post(`/api/admin/outbox/${id}/retry`).set('Authorization', `Bearer ${admin}`).expect(200);
    await settled(t);
    samples = await scrape(t);
    expect(valueOf(samples, 'shop_messages_sent_total', { kind: 'order-confirmation' })).toBe(1);
    expect(valueOf(samples, 'shop_messages_sent_total', { kind: 'new-paid-order' })).toBe(1);
  });

  it('reports a message waiting for a transport (no SMTP_URL outside the embedded mode)', async () => {
    const clock = fixedClock(new Date());
    const t = await testApp({ storage: { ...memoryStorage(), durable: true }, clock }, { METRICS_TOKEN, OWNER_EMAIL: 'owner@shop.test' });
    expect(t.jobs.deliverOutbox).toBeNull();
    await paidOrder(t);
    const admin = await t.adminToken();
    const pending = (await t.http.get('/api/admin/outbox?status=pending').set('Authorization', `Bearer ${admin}`).expect(200)).body;
    expect(pending.map((m: { kind: string }) => m.kind).sort()).toEqual(['new-paid-order', 'order-confirmation']);
    expect(t.mail.warning).toMatch(/SMTP_URL is not set/);
    clock.advance(90_000);
    expect(valueOf(await scrape(t), 'shop_outbox_oldest_pending_age_seconds')).toBe(90);
  });
});
