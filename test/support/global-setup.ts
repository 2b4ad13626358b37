/**
 * One database server per test run: the embedded server in a temp folder, or the server
 * DATABASE_URL names. A template database is migrated and loaded with the demo once;
 * each test file clones it (CREATE DATABASE … TEMPLATE), so files are isolated and fast.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createHash } from 'node:crypto';
import { deriveKeys } from '../../src/core/privacy/keys.js';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../src/core/config.js';
import { startEmbedded, type EmbeddedServer } from '../../src/core/db/embedded.js';
import { createDb, poolConfigFor } from '../../src/core/db/pool.js';
import { prepareDb } from '../../src/boot.js';

export interface TestDbInfo { admin: pg.PoolConfig; template: string; kind: 'embedded' | 'external'; prefix: string; }

declare module 'vitest' {
  export interface ProvidedContext { testDb: TestDbInfo; }
}

let server: EmbeddedServer | null = null;
let tmpDir: string | null = null;
let info: TestDbInfo;

async function adminQuery(admin: pg.PoolConfig, sql: string, params: unknown[] = []) {
  const c = new pg.Client(admin);
  await c.connect();
  try { return await c.query(sql, params); } finally { await c.end(); }
}

export async function setup(project: TestProject) {
  const prefix = `gz_test_${process.pid}_${Date.now().toString(36)}`;
  let admin: pg.PoolConfig;
  let kind: TestDbInfo['kind'];
  if (process.env.DATABASE_URL) {
    admin = { connectionString: process.env.DATABASE_URL };
    kind = 'external';
  } else {
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gz-test-'));
    server = await startEmbedded({ dataDir: tmpDir });
    admin = { ...poolConfigFor(server, 'postgres') };
    kind = 'embedded';
  }
  const template = `${prefix}_tpl`;
  await adminQuery(admin, `CREATE DATABASE ${template}`);
  const tplConfig = typeof admin.connectionString === 'string' ? { connectionString: withDatabase(admin.connectionString, template) } : { ...admin, database: template };
  const db = createDb(tplConfig, kind);
  await prepareDb(db, { ...loadConfig({}), demo: true, demoPassword: 'gongzhi-demo' }, testKeys());
  await db.close();
  info = { admin, template, kind, prefix };
  project.provide('testDb', info);
}

export async function teardown() {
  if (info && !server) {
    const { rows } = await adminQuery(info.admin, `SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${info.prefix}%`]);
    for (const r of rows) await adminQuery(info.admin, `DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`).catch(() => {});
  }
  if (server) await server.stop();
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
}

/** One fixed key for a test run, so the template's encrypted demo data reads back in every file. */
export function testKeys() {
  return deriveKeys(createHash('sha256').update('gongzhi test key').digest());
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = '/' + database;
  return u.toString();
}
