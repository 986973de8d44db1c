import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../src/adapters/memory/storage.js';
import type { Mailer } from '../../src/application/ports/mailer.js';
import { testApp } from '../support/app.js';
import { paidOrder, settled } from '../support/messages.js';

const OWNER = 'owner@shop.test';

describe('GET /api/admin/outbox and POST /api/admin/outbox/:id/retry', () => {
  const failing: Mailer = { description: 'down', send: async () => { throw Object.assign(new Error('550 no such user <x@y>'), { permanent: true }); } };

  it('lists the messages by status; retries a dead one; refuses to resend a sent one', async () => {
    const t = await testApp({ mailer: failing }, { OWNER_EMAIL: OWNER, MAIL_MAX_ATTEMPTS: '1' });
    const { order, admin } = await paidOrder(t);
    const auth = { Authorization: `Bearer ${admin}` };

    const dead = (await t.http.get('/api/admin/outbox?status=dead').set(auth).expect(200)).body;
    expect(dead.map((m: { kind: string }) => m.kind).sort()).toEqual(['new-paid-order', 'order-confirmation']);
    expect(dead[0]).toMatchObject({ subject: order.id, version: `${order.id}.paid`, status: 'dead', attempts: 1, lastError: '550 no such user <x@y>' });
    expect(dead[0]).not.toHaveProperty('data');
    expect((await t.http.get('/api/admin/outbox?status=pending').set(auth).expect(200)).body).toEqual([]);
    expect((await t.http.get('/api/admin/outbox').set(auth).expect(200)).body).toHaveLength(2);

    const retried = await t.http.post(`/api/admin/outbox/${dead[0].id}/retry`).set(auth).expect(200);
    expect(retried.body).toMatchObject({ id: dead[0].id, status: 'pending', attempts: 0 });
    await settled(t);
    expect((await t.http.get(`/api/admin/outbox?status=dead`).set(auth).expect(200)).body).toHaveLength(2);
  });

  it('answers 409 for a sent message and 404 for an unknown or malformed id', async () => {
    const t = await testApp({ storage: memoryStorage() }, { OWNER_EMAIL: OWNER });
    const { admin } = await paidOrder(t);
    const auth = { Authorization: `Bearer ${admin}` };
    const [sent] = (await t.http.get('/api/admin/outbox?status=sent&limit=1').set(auth).expect(200)).body;
    const conflict = await t.http.post(`/api/admin/outbox/${sent.id}/retry`).set(auth).expect(409);
    expect(conflict.body.code).toBe('MESSAGE_ALREADY_SENT');
    expect((await t.http.post('/api/admin/outbox/0123456789abcdef01234567/retry').set(auth).expect(404)).body.code).toBe('MESSAGE_NOT_FOUND');
    expect((await t.http.post('/api/admin/outbox/nope/retry').set(auth).expect(404)).body.code).toBe('MESSAGE_NOT_FOUND');
    expect((await t.http.get('/api/admin/outbox?status=lost').set(auth).expect(400)).body.code).toBe('VALIDATION_FAILED');
  });

  it('is for administrators only', async () => {
    const t = await testApp({ storage: memoryStorage() }, { OWNER_EMAIL: OWNER });
    const customer = await t.register();
    await t.http.get('/api/admin/outbox').expect(401);
    await t.http.get('/api/admin/outbox').set('Authorization', `Bearer ${customer.token}`).expect(403);
    await t.http.post('/api/admin/outbox/0123456789abcdef01234567/retry').set('Authorization', `Bearer ${customer.token}`).expect(403);
  });

  it('records nothing with MAIL_TRANSPORT=off, and has no mailbox even in the embedded mode', async () => {
    const t = await testApp({ storage: memoryStorage() }, { OWNER_EMAIL: OWNER, MAIL_TRANSPORT: 'off' });
    const { admin } = await paidOrder(t);
    expect((await t.http.get('/api/admin/outbox').set('Authorization', `Bearer ${admin}`).expect(200)).body).toEqual([]);
    await t.http.get('/mailbox').expect(404);
    expect(t.jobs.deliverOutbox).toBeNull();
    expect(t.mail.description).toMatch(/dropped/);
  });
});
