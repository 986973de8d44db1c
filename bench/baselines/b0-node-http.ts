// B0: a bare node:http server answering every request with the service's bytes.
import { createServer } from 'node:http';
import { baselineEnv } from './env.js';

const { port, host, body, contentType } = baselineEnv();
createServer((req, res) => {
  req.resume();
  res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': body.length });
  res.end(body);
}).listen(port, host);
