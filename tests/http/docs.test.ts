import pino from 'pino';
import supertest from 'supertest';
import { describe, expect, it } from 'vitest';
import { DOCS_CSP } from '../../src/adapters/http/docs.js';
import { compose } from '../../src/boot/compose.js';
import { loadConfig } from '../../src/boot/config.js';
import { TEST_SECRET } from '../support/app.js';

const http = supertest(compose(loadConfig({ NODE_ENV: 'test', JWT_SECRET: TEST_SECRET }), pino({ level: 'silent' })).app.callback());

describe('the docs page', () => {
  it('serves the page with a CSP that allows only same-origin scripts and styles, no inline code', async () => {
    const res = await http.get('/api/docs').expect(200).expect('Content-Type', /text\/html/);
    expect(res.headers['content-security-policy']).toBe(DOCS_CSP);
    expect(DOCS_CSP).toContain("script-src 'self'");
    expect(DOCS_CSP).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
    expect(res.text).not.toMatch(/<script>|<style|style=|https?:\/\//);
    expect(res.text).toContain('<script src="/api/docs/swagger-ui-bundle.js"></script>');
  });

  it('serves the Swagger UI assets from the npm package, and the init script', async () => {
    await http.get('/api/docs/swagger-ui-bundle.js').expect(200).expect('Content-Type', /javascript/);
    await http.get('/api/docs/swagger-ui.css').expect(200).expect('Content-Type', /text\/css/);
    const init = await http.get('/api/docs/init.js').expect(200);
    expect(init.text).toContain("url: '/api/openapi.json'");
    expect(init.text).toContain('validatorUrl: null');
  });

  it.each(['package.json', 'index.html', 'swagger-ui-bundle.js.map', '..%2F..%2Fpackage.json', '%2e%2e'])(
    'serves nothing else from the package folder: %s is a 404 problem', async (name) => {
      const res = await http.get(`/api/docs/${name}`).expect(404);
      expect(res.type).toBe('application/problem+json');
    },
  );
});
