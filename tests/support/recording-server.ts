import { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

export type Recorded = { method: string; path: string; headers: IncomingHttpHeaders; body: string };
export type RecordingServer = { url: string; requests: Recorded[] };

const servers: { close(): void }[] = [];

// Every file that starts one gets them closed after each of its tests.
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

/** A local HTTP server on an ephemeral loopback port that records every request it gets. */
export async function recordingServer(handle: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<RecordingServer> {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      handle(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push({ close: () => { server.closeAllConnections(); server.close(); } });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

/** A JSON answer shaped like Stripe's (with a request id). */
export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': 'req_stub' });
  res.end(JSON.stringify(body));
}

/** Forwards every request to `target` (stripe-mock, which validates each parameter) and records what was sent. */
export function recordingProxy(target: string): Promise<RecordingServer> {
  const upstreamUrl = new URL(target);
  return recordingServer((req, res, body) => {
    const upstream = request(
      { host: upstreamUrl.hostname, port: upstreamUrl.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.end(body);
  });
}
