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

});

describe('login throttling', () => {
  const attempt = async (username: string, password: string, ip: string, lang = 'zh-CN') => {
    const r = await t.app.fastify.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip, headers: { 'accept-language': lang } });
    return { status: r.statusCode, body: JSON.parse(r.body), retryAfter: r.headers['retry-after'] as string | undefined };
  };
  /** Let the pair's (or the account's) delay run out, as if time had passed. */
  const elapse = (username: string, ip = '%') => t.db.query(`UPDATE login_throttle SET next_allowed_at = now() - interval '1 second' WHERE username = $1 AND ip LIKE $2`, [username, ip]);
  const notices = async (username: string) => (await t.db.query(
    `SELECT n.text FROM notification n JOIN account a ON a.id = n.account_id WHERE a.username = $1 AND n.kind = 'login_failures'`, [username])).rows;

  it('24 parallel wrong passwords: the count is taken before the check, so at most 5 get a password verdict', async () => {
    const rs = await Promise.all(Array.from({ length: 24 }, (_, i) => attempt('department', 'wrong-' + i, '10.1.0.1')));
    const by = (s: number) => rs.filter((r) => r.status === s).length;
    expect(by(200)).toBe(0);
    expect(by(401)).toBeLessThanOrEqual(5);
    expect(by(401) + by(429)).toBe(24);
    expect(by(429)).toBeGreaterThanOrEqual(19);
    // and the right password in a parallel burst does not slip through either
    await elapse('department');
    const again = await Promise.all(Array.from({ length: 12 }, (_, i) => attempt('department', i === 11 ? 'gongzhi-demo' : 'wrong-' + i, '10.1.0.1')));
    expect(again.filter((r) => r.status !== 429).length).toBeLessThanOrEqual(1);
  });

  it('an attacker\'s address slows only itself: the owner at another address signs in, and so does the attacker\'s address once its delay is over', async () => {
    for (let i = 0; i < 5; i++) expect((await attempt('mediator', 'wrong-' + i, '10.2.0.1')).status).toBe(401);
    const r = await attempt('mediator', 'gongzhi-demo', '10.2.0.1');
    expect(r.status).toBe(429);
    expect(r.body.error.code).toBe('too_many_login_attempts');
    expect(r.retryAfter).toBe('1');
    expect(r.body.error.message).toBe('登录失败次数过多，请 1 秒后再试。');
    expect((await attempt('mediator', 'x', '10.2.0.1', 'en')).body.error.message).toBe('Too many failed sign-ins; try again in 1 seconds.');
    // the owner, elsewhere, with the right password
    expect((await attempt('mediator', 'gongzhi-demo', '10.2.0.2')).status).toBe(200);
    // the delay doubles with each further failure from the attacker's address
    await elapse('mediator', '10.2.0.1');
    expect((await attempt('mediator', 'wrong-6', '10.2.0.1')).status).toBe(401);
    expect((await attempt('mediator', 'wrong-7', '10.2.0.1')).retryAfter).toBe('2');
    await elapse('mediator', '10.2.0.1');
    expect((await attempt('mediator', 'wrong-8', '10.2.0.1')).status).toBe(401);
    expect((await attempt('mediator', 'wrong-9', '10.2.0.1')).retryAfter).toBe('4');
    // the right password after the pair's delay works, and the pair starts over
    await elapse('mediator', '10.2.0.1');
    expect((await attempt('mediator', 'gongzhi-demo', '10.2.0.1')).status).toBe(200);
    expect((await attempt('mediator', 'wrong-10', '10.2.0.1')).status).toBe(401);
  });

  it('many failures from one address do not lock the other accounts on it', async () => {
    for (const u of ['sanitation', 'housing', 'zhandong', 'chaonong', 'wufang', 'nanchang', 'xincheng']) {
      for (let i = 0; i < 5; i++) expect((await attempt(u, 'wrong-' + i, '10.3.0.1')).status).toBe(401);
    }
    expect((await attempt('owners', 'gongzhi-demo', '10.3.0.1')).status).toBe(200);
  });

  it('tells the owner once per burst, not once per attempt', async () => {
    expect(await notices('gridworker2')).toEqual([]);
    for (let i = 0; i < 4; i++) await attempt('gridworker2', 'wrong-' + i, '10.4.0.1');
    expect(await notices('gridworker2')).toEqual([]);
    await attempt('gridworker2', 'wrong-4', '10.4.0.1');
    const n = await notices('gridworker2');
    expect(n).toHaveLength(1);
    expect(n[0].text).toContain('登录失败 5 次');
    expect(n[0].text).toContain('10.4.0.1');
    for (let k = 0; k < 3; k++) { await elapse('gridworker2'); await attempt('gridworker2', 'wrong-x' + k, '10.4.0.1'); }
    for (let i = 0; i < 6; i++) await attempt('gridworker2', 'wrong-y' + i, '10.4.0.' + (10 + i));
    expect(await notices('gridworker2')).toHaveLength(1);
    // the message also goes to the outside channel
    const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM outbox o JOIN account a ON a.id = o.recipient WHERE a.username = 'gridworker2' AND o.payload->>'kind' = 'login_failures'`);
    expect(rows[0].n).toBe(1);
    // and the owner reads it in the console's notifications
    const s = await t.login('gridworker2');
    const mine = (await t.get('/api/notifications', s)).body.items.filter((x: any) => x.kind === 'login_failures');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ caseId: null, text: expect.stringContaining('如非本人操作') });
  });

  it('the account-wide ceiling slows addresses that failed, with a bounded delay, and never the owner at a clean address', async () => {
    for (let i = 0; i < 20; i++) expect((await attempt('wufangwuye', 'wrong-' + i, `10.5.1.${i + 1}`)).status).toBe(401);
    const slowed = await attempt('wufangwuye', 'wrong-again', '10.5.1.3');
    expect(slowed.status).toBe(429);
    expect(Number(slowed.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(slowed.retryAfter)).toBeLessThanOrEqual(30);
    expect((await attempt('wufangwuye', 'gongzhi-demo', '10.5.2.1')).status).toBe(200);
    // unknown usernames are throttled the same way (no hint which exist)
    for (let i = 0; i < 5; i++) expect((await attempt('nobody-here', 'wrong-' + i, '10.5.3.1')).status).toBe(401);
    expect((await attempt('nobody-here', 'wrong', '10.5.3.1')).status).toBe(429);
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

  it('me carries abilities: every policy action of every module, as the policy decides', async () => {
    const ab = async (u: string) => (await t.get('/api/auth/me', await t.login(u))).body.abilities as Record<string, boolean>;
    const [grid, resident, admin, community] = [await ab('gridworker'), await ab('resident'), await ab('admin'), await ab('community')];
    // every action of every route is named, and public/authenticated ones are true for everybody signed in
    for (const r of t.app.routes) expect(Object.keys(grid), r.action).toContain(r.action);
    expect(grid['auth.me']).toBe(true);
    expect(resident['cases.readCategories']).toBe(true);
    // the server lets a grid worker see case metrics (the web's old role list left it out)
    expect(grid['cases.metrics']).toBe(true);
    expect(resident['cases.metrics']).toBe(false);
    expect(resident['people.readResidents']).toBe(false);
    expect(community['people.importResidents']).toBe(true);
    expect(grid['people.importResidents']).toBe(false);
    expect(admin['cases.editCategories']).toBe(true);
    expect(community['cases.editCategories']).toBe(false);
    expect(resident['cases.create']).toBe(true);
    expect(Object.values(grid).every((v) => typeof v === 'boolean')).toBe(true);
    // where: the region codes of the granting assignments
    const me = (await t.get('/api/auth/me', await t.login('gridworker'))).body;
    expect(me.scopes['grids.mine']).toEqual(['460107002001']);
    expect(me.scopes['people.importResidents']).toBeUndefined();
    expect((await t.get('/api/auth/me', await t.login('admin'))).body.scopes['audit.read']).toEqual([null]);
  });

  it('abilities agree with what the server enforces on every parameterless GET route', async () => {
    for (const u of ['gridworker', 'resident', 'property', 'mediator']) {
      const s = await t.login(u);
      const abilities = (await t.get('/api/auth/me', s)).body.abilities as Record<string, boolean>;
      for (const r of t.app.routes.filter((x) => x.method === 'GET' && !x.url.includes(':') && !x.url.includes('export'))) {
        const res = await t.get(r.url, s);
        expect(res.status === 403 && res.body.error?.code === 'forbidden', `${u} ${r.url} (${r.action})`).toBe(!abilities[r.action]);
      }
    }
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
