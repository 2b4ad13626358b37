import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => { t = await testApp(); });
afterAll(() => t.close());

describe('system', () => {
  it('health names the engine', async () => {
    const r = await t.get('/api/health');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'ok', db: t.db.kind, version: expect.stringMatching(/^\d+\.\d+\.\d+/), outbox: { pending: expect.any(Number), oldestSeconds: expect.toBeOneOf([expect.any(Number), null]), failed: expect.any(Number) }, audit: { unchained: expect.any(Number), oldestSeconds: expect.toBeOneOf([expect.any(Number), null]) }, search: { unindexed: expect.any(Number), oldestSeconds: expect.toBeOneOf([expect.any(Number), null]) } });
  });

  it('health shows the audit chain\'s lag: records written and not yet linked, and the age of the oldest', async () => {
    const { chainAuditAll } = await import('../../src/core/audit/chain.js');
    await chainAuditAll(t.db);
    expect((await t.get('/api/health')).body.audit).toEqual({ unchained: 0, oldestSeconds: null });
    await t.db.tx((tx) => tx.query(`INSERT INTO audit_log (at, action, detail, xid) VALUES (now() - interval '90 seconds', 'test.lag', '{}', pg_current_xact_id())`));
    const lag = (await t.get('/api/health')).body.audit;
    expect(lag.unchained).toBe(1);
    expect(lag.oldestSeconds).toBeGreaterThanOrEqual(89);
    await chainAuditAll(t.db);
    expect((await t.get('/api/health')).body.audit).toEqual({ unchained: 0, oldestSeconds: null });
  });

  it('serves an OpenAPI 3.1 document listing every route from the validating schemas', async () => {
    const r = await t.get('/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    for (const route of t.app.routes) {
      const p = route.url.replace(/:(\w+)/g, '{$1}');
      expect(r.body.paths[p]?.[route.method.toLowerCase()], `${route.method} ${route.url}`).toBeDefined();
    }
    expect(r.body.paths['/api/regions/{code}'].get.parameters[0].schema.pattern).toBeDefined();
    expect(r.body.paths['/api/auth/login'].post.requestBody.content['application/json'].schema.required).toEqual(['username', 'password']);
  });

  it('browses the API at /api/docs', async () => {
    const r = await t.app.fastify.inject({ method: 'GET', url: '/api/docs/' });
    expect(r.statusCode).toBe(200);
    expect(r.body).toMatch(/swagger/i);
  });

  it('an unknown API path is a 404 in the one error shape', async () => {
    const r = await t.get('/api/nothing-here', null, { 'accept-language': 'en' });
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ error: { code: 'route_not_found', message: 'No such endpoint: GET /api/nothing-here', details: [] } });
  });

  it('sends security headers and a request id', async () => {
    const r = await t.get('/api/health');
    expect(r.headers['x-request-id']).toBeTruthy();
    expect(r.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['cache-control']).toBe('no-store');
  });
});
