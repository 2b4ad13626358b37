import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => { t = await testApp(); });
afterAll(() => t.close());

describe('POST /api/auth/login', () => {
  it('returns the user with roles bound to regions and sets an httpOnly SameSite session cookie', async () => {
    const r = await t.send('POST', '/api/auth/login', { username: 'street', password: 'gongzhi-demo' });
    expect(r.status).toBe(200);
    expect(r.body.user).toMatchObject({ username: 'street', displayName: '府城街道指挥中心', roles: [{ role: 'street_command', regionCode: '460107002', regionName: '府城街道' }] });
    expect(typeof r.body.csrfToken).toBe('string');
    const cookie = String([r.headers['set-cookie']].flat()[0]);
    expect(cookie).toMatch(/^gz_session=[\w-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    // only the token's hash is stored
    const token = cookie.split(';')[0].split('=')[1];
    expect((await t.db.query('SELECT 1 FROM session WHERE id = $1', [token])).rowCount).toBe(0);
  });

  it('is case-insensitive on the username', async () => {
    expect((await t.send('POST', '/api/auth/login', { username: ' Admin ', password: 'gongzhi-demo' })).status).toBe(200);
  });

  it('wrong password and unknown user are the same 401', async () => {
    const a = await t.send('POST', '/api/auth/login', { username: 'community', password: 'nope-nope' });
    const b = await t.send('POST', '/api/auth/login', { username: 'nobody', password: 'nope-nope' });
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect(a.body.error).toEqual({ code: 'invalid_credentials', message: '用户名或密码错误。', details: [] });
    expect(b.body.error.code).toBe('invalid_credentials');
  });

  it('missing fields → 400 with the fields named; not JSON → 400/415; never 500', async () => {
    const r = await t.send('POST', '/api/auth/login', { username: 'admin' });
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d: any) => d.field)).toContain('body.password');
    const bad = await t.app.fastify.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' });
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).error.code).toBe('invalid_json');
    const text = await t.app.fastify.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'text/plain' }, payload: 'admin' });
    expect(text.statusCode).toBe(415);
    expect(JSON.parse(text.body).error.code).toBe('unsupported_media_type');
    const extra = await t.send('POST', '/api/auth/login', { username: 'admin', password: 'x', role: 'admin' });
    expect(extra.status).toBe(400);
  });

  it('throttles repeated failures per username, then refuses even the right password for a while', async () => {
    for (let i = 0; i < 5; i++) expect((await t.send('POST', '/api/auth/login', { username: 'mediator', password: 'wrong-' + i })).status).toBe(401);
    const r = await t.send('POST', '/api/auth/login', { username: 'mediator', password: 'gongzhi-demo' });
    expect(r.status).toBe(429);
    expect(r.body.error.code).toBe('too_many_login_attempts');
    expect(r.headers['retry-after']).toBe('900');
    // other accounts are unaffected
    expect((await t.send('POST', '/api/auth/login', { username: 'owners', password: 'gongzhi-demo' })).status).toBe(200);
  });
});

describe('session, me, logout, CSRF', () => {
  it('me returns the same user; logout ends the session server-side', async () => {
    const s = await t.login('community');
    const me = await t.get('/api/auth/me', s);
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe('community');
    expect(me.body.csrfToken).toBe(s.csrf);
    const out = await t.send('POST', '/api/auth/logout', {}, s);
    expect(out.status).toBe(200);
    expect(String([out.headers['set-cookie']].flat()[0])).toMatch(/gz_session=;/);
    expect((await t.get('/api/auth/me', s)).status).toBe(401);
  });

  it('a cookie-authenticated write without the CSRF token is refused and changes nothing', async () => {
    const s = await t.login('gridworker');
    const r = await t.app.fastify.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie } });
    expect(r.statusCode).toBe(403);
    expect(JSON.parse(r.body).error.code).toBe('csrf_failed');
    const wrong = await t.send('POST', '/api/auth/logout', {}, s, { 'x-csrf-token': 'forged' });
    expect(wrong.status).toBe(403);
    expect((await t.get('/api/auth/me', s)).status).toBe(200);
  });

  it('an expired session is treated as signed out', async () => {
    const s = await t.login('resident');
    await t.db.query(`UPDATE session SET idle_expires_at = now() - interval '1 second'`);
    expect((await t.get('/api/auth/me', s)).body.error.code).toBe('unauthenticated');
  });

  it('a disabled account cannot sign in and loses its sessions', async () => {
    const s = await t.login('property');
    await t.db.query(`UPDATE account SET active = false WHERE username = 'property'`);
    expect((await t.get('/api/auth/me', s)).status).toBe(401);
    expect((await t.send('POST', '/api/auth/login', { username: 'property', password: 'gongzhi-demo' })).status).toBe(401);
  });

  it('passwords are stored as argon2id hashes', async () => {
    const { rows } = await t.db.query(`SELECT password_hash FROM account WHERE username = 'admin'`);
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
  });
});
