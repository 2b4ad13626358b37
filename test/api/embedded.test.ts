/**
 * The embedded server's lifecycle on a data folder of its own: refusal of a second
 * owner, recovery from a crashed owner, clean stop. Runs whatever DATABASE_URL says,
 * since it tests the embedded server itself.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbedded, type EmbeddedServer } from '../../src/core/db/embedded.js';
import { poolConfigFor } from '../../src/core/db/pool.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gz-emb-'));
let server: EmbeddedServer | null = null;
afterAll(async () => {
  await server?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function select1(s: EmbeddedServer) {
  const c = new pg.Client(poolConfigFor(s, 'postgres'));
  await c.connect();
  const r = await c.query('SELECT 1 AS one');
  await c.end();
  return r.rows[0].one;
}

describe('embedded PostgreSQL', () => {
  it('creates the cluster on first start and listens only on a Unix socket in the data folder', async () => {
    server = await startEmbedded({ dataDir: dir });
    expect(await select1(server)).toBe(1);
    expect(fs.existsSync(path.join(dir, 'pg', '.s.PGSQL.5432'))).toBe(true);
    const c = new pg.Client(poolConfigFor(server, 'postgres'));
    await c.connect();
    expect((await c.query(`SHOW listen_addresses`)).rows[0].listen_addresses).toBe('');
    await c.end();
    expect(Number(fs.readFileSync(path.join(dir, 'gongzhi.pid'), 'utf8'))).toBe(process.pid);
  });

  it('refuses a second app on the same data folder with a clear message', async () => {
    // a live process other than us holds the lock
    const child = spawn(process.execPath, ['-e', 'setTimeout(()=>{}, 30000)']);
    await new Promise((r) => setTimeout(r, 200));
    const lock = path.join(dir, 'gongzhi.pid');
    fs.writeFileSync(lock, `${child.pid}\n`);
    try {
      await expect(startEmbedded({ dataDir: dir })).rejects.toThrow(/Another Gongzhi process \(pid \d+\) is using the data folder/);
    } finally {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
    // the crashed owner (now dead) left its lock and a running server behind: recover
    server = await startEmbedded({ dataDir: dir });
    expect(await select1(server)).toBe(1);
  });

  it.runIf(process.getuid?.() === 0)('as root, a data folder the system user cannot reach is refused at once, naming the problem and the fix', async () => {
    const closed = fs.mkdtempSync(path.join(os.tmpdir(), 'gz-closed-'));
    fs.chmodSync(closed, 0o700);
    try {
      await expect(startEmbedded({ dataDir: path.join(closed, 'data') })).rejects.toThrow(/system user "postgres".*cannot reach the data folder.*GONGZHI_DATA_DIR/s);
    } finally {
      fs.rmSync(closed, { recursive: true, force: true });
    }
  });

  it('stops cleanly and starts again', async () => {
    await server!.stop();
    expect(fs.existsSync(path.join(dir, 'gongzhi.pid'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'pg', 'postmaster.pid'))).toBe(false);
    server = await startEmbedded({ dataDir: dir });
    expect(await select1(server)).toBe(1);
  });
});
