import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { loadConfig, type Config } from '../../src/core/config.js';
import { createDb, type Db } from '../../src/core/db/pool.js';
import { buildApp, type App } from '../../src/core/http/app.js';
import { modules } from '../../src/modules/index.js';
import { testKeys, withDatabase } from './global-setup.js';

export const DEMO_PASSWORD = 'gongzhi-demo';

// Two queries at once on one pg client (Promise.all over a transaction's client) is deprecated and an
// error in pg 9: any test that makes the app do it fails here, at the place it happens.
process.on('warning', (w) => {
  if (/already executing a query/.test(w.message)) throw new Error(`pg: ${w.message}\n${w.stack ?? ''}`);
});

/** A fresh database cloned from the migrated demo template. */
export async function testDb(): Promise<{ db: Db; name: string }> {
  const info = inject('testDb');
  const name = `${info.prefix}_${randomBytes(4).toString('hex')}`;
  const c = new pg.Client(info.admin);
  await c.connect();
  try {
    for (let i = 0; ; i++) {
      try {
        await c.query(`CREATE DATABASE ${name} TEMPLATE ${info.template}`);
        break;
      } catch (e) {
        // another file may be cloning the template this very moment
        if (i > 20 || !/being accessed by other users/.test((e as Error).message)) throw e;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await c.end();
  }
  const config = info.admin.connectionString ? { connectionString: withDatabase(info.admin.connectionString, name) } : { ...info.admin, database: name };
  return { db: createDb(config, info.kind), name };
}

export interface Session { cookie: string; csrf: string; user: any; }

export interface TestApp {
  app: App;
  db: Db;
  close(): Promise<void>;
  login(username: string, password?: string): Promise<Session>;
  get(url: string, s?: Session | null, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Record<string, any> }>;
  send(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown, s?: Session | null, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Record<string, any> }>;
}

/** An app over a fresh database; `config` overrides what a test needs configured (e.g. publicUrl). */
export async function testApp(opts: { config?: Partial<Config> } = {}): Promise<TestApp> {
  const { db } = await testDb();
  const app = await buildApp({ db, keys: testKeys(), config: { ...loadConfig({}), demo: true, dataDir: mkdtempSync(path.join(os.tmpdir(), 'gongzhi-test-')), ...opts.config }, modules, webDir: null, checkResponses: true });
  const parse = (r: { statusCode: number; body: string; headers: Record<string, any> }) => {
    let body: any = r.body;
    try { body = JSON.parse(r.body); } catch { /* not JSON */ }
    return { status: r.statusCode, body, headers: r.headers };
  };
  const t: TestApp = {
    app,
    db,
    async close() {
      await app.fastify.close();
      await db.close();
    },
    async login(username, password = DEMO_PASSWORD) {
      const r = await app.fastify.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      if (r.statusCode !== 200) throw new Error(`login ${username} failed: ${r.statusCode} ${r.body}`);
      const setCookie = [r.headers['set-cookie']].flat().find((c) => String(c).startsWith('gz_session=')) as string;
      return { cookie: setCookie.split(';')[0], csrf: JSON.parse(r.body).csrfToken, user: JSON.parse(r.body).user };
    },
    async get(url, s, headers = {}) {
      return parse(await app.fastify.inject({ method: 'GET', url, headers: { ...(s ? { cookie: s.cookie } : {}), ...headers } }));
    },
    async send(method, url, payload, s, headers = {}) {
      return parse(await app.fastify.inject({
        method, url, payload: payload as any,
        headers: { ...(s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {}), ...headers },
      }));
    },
  };
  return t;
}

/** A multipart/form-data body with some fields and one file (field "file"), for uploads through inject(). */
export function multipart(fields: Record<string, string>, file: { name: string; content: Buffer }) {
  const boundary = '----gz' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), file.content, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
