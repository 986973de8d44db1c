import { type AddressInfo, type Server, type Socket, createConnection, createServer } from 'node:net';
import { freePort } from './spawn-service.js';

/**
 * A TCP port in front of an SMTP server that the test turns off and on: `down` (connections are
 * refused, as from a server that is not running), `up` (relayed to the server), or `stall`
 * (accepted, then never answered: a server that hangs mid-conversation). `connections` counts
 * what reached it; `connected` resolves at the next one.
 */
export async function smtpRelay(targetUrl: string) {
  const target = new URL(targetUrl);
  const port = await freePort();
  const sockets = new Set<Socket>();
  let mode: 'up' | 'stall' = 'up';
  let server: Server | null = null;
  let connections = 0;
  let waiters: (() => void)[] = [];

  const listen = async (next: 'up' | 'stall') => {
    mode = next;
    if (server) return;
    server = createServer((client) => {
      connections += 1;
      for (const wake of waiters.splice(0)) wake();
      sockets.add(client);
      client.on('error', () => undefined).on('close', () => sockets.delete(client));
      if (mode === 'stall') return;
      const upstream = createConnection(Number(target.port), target.hostname);
      sockets.add(upstream);
      upstream.on('error', () => client.destroy()).on('close', () => { sockets.delete(upstream); client.destroy(); });
      client.on('close', () => upstream.destroy());
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => server!.once('error', reject).listen(port, '127.0.0.1', resolve));
  };

  const down = async () => {
    const closing = server;
    server = null;
    for (const s of sockets) s.destroy();
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  };

  return {
    url: `smtp://127.0.0.1:${port}`,
    get connections() { return connections; },
    /** Resolves when the next connection arrives. */
    connected: () => new Promise<void>((resolve) => { waiters.push(resolve); }),
    up: () => listen('up'),
    stall: () => listen('stall'),
    down,
    close: async () => { waiters = []; await down(); },
    address: () => (server?.address() as AddressInfo | null)?.port ?? null,
  };
}
