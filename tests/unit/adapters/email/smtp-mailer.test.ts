import { type AddressInfo, type Server, createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SmtpMailer, smtpHost } from '../../../../src/adapters/email/smtp-mailer.js';

const shop = { name: 'Shop', storefrontUrl: 'https://shop.test', locale: 'en-US' };
const message = { kind: 'password-changed', data: { name: 'Ada' } } as const;

/** A mail server that answers RCPT TO with `rcptReply` (and everything else with OK). */
async function scriptedSmtp(rcptReply: string): Promise<{ url: string; server: Server }> {
  const server = createServer((socket) => {
    socket.write('220 scripted ESMTP\r\n');
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      for (const line of chunk.split('\r\n').filter(Boolean)) {
        if (/^(EHLO|HELO)/i.test(line)) socket.write('250 scripted\r\n');
        else if (/^MAIL FROM/i.test(line)) socket.write('250 OK\r\n');
        else if (/^RCPT TO/i.test(line)) socket.write(`${rcptReply}\r\n`);
        else if (/^QUIT/i.test(line)) socket.end('221 bye\r\n');
        else socket.write('250 OK\r\n');
      }
    }).on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `smtp://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

let servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

const mailerFor = (url: string) => new SmtpMailer({ url, from: { name: 'Shop', address: 'shop@shop.test' }, shop, timeoutMs: 2000 });

describe('SmtpMailer', () => {
  it('marks a recipient the server refuses for good (5xx) as permanent', async () => {
    const { url, server } = await scriptedSmtp('550 5.1.1 no such user');
    servers.push(server);
    const failure = await mailerFor(url).send({ id: 'a'.repeat(24), to: 'nobody@shop.test', message, createdAt: new Date() }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'EENVELOPE', responseCode: 550, permanent: true });
  });

  it('leaves a refusal for now (4xx) and an unreachable server to be retried', async () => {
    const { url, server } = await scriptedSmtp('451 4.7.1 try again later');
    servers.push(server);
    const later = await mailerFor(url).send({ id: 'a'.repeat(24), to: 'ada@shop.test', message, createdAt: new Date() }).catch((e: unknown) => e);
    expect(later).toMatchObject({ responseCode: 451, permanent: false });
    const down = await mailerFor('smtp://127.0.0.1:9').send({ id: 'a'.repeat(24), to: 'ada@shop.test', message, createdAt: new Date() }).catch((e: unknown) => e);
    expect(down).toBeInstanceOf(Error);
    expect(down).toMatchObject({ permanent: false });
  });

  it('keeps retrying a refused login (5xx, but a setting to fix)', async () => {
    const server = createServer((socket) => {
      socket.write('220 scripted ESMTP\r\n');
      socket.setEncoding('utf8').on('data', (chunk: string) => {
        for (const line of chunk.split('\r\n').filter(Boolean)) {
          if (/^EHLO/i.test(line)) socket.write('250-scripted\r\n250 AUTH PLAIN LOGIN\r\n');
          else if (/^AUTH/i.test(line)) socket.write('535 5.7.8 authentication failed\r\n');
          else socket.write('250 OK\r\n');
        }
      }).on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    const url = `smtp://user:wrong@127.0.0.1:${(server.address() as AddressInfo).port}`;
    const failure = await mailerFor(url).send({ id: 'a'.repeat(24), to: 'ada@shop.test', message, createdAt: new Date() }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'EAUTH', responseCode: 535, permanent: false });
  });

  it('names the server without its credentials', () => {
    expect(mailerFor('smtp://user:secret@mail.example:2525').description).toBe('SMTP (mail.example:2525)');
    expect(smtpHost('smtps://user:secret@mail.example')).toBe('mail.example:465');
    expect(smtpHost('smtp://mail.example')).toBe('mail.example:587');
  });
});
