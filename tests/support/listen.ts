import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Listens on a random loopback port. The app may be attached after the port is known, for apps
 * whose links (APP_URL) must point at the server itself.
 */
export async function listen(app?: Koa) {
  let handler: Handler | undefined = app?.callback();
  const server = createServer((req, res) => (handler ? handler(req, res) : res.writeHead(503).end()));
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    attach(next: Koa) {
      handler = next.callback();
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
