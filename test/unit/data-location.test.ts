/**
 * Where the embedded server's data goes when we are root: the system user `postgres` must be
 * able to reach it (a clone under /root, mode 0700, is closed to it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataDirNote, defaultDataDir, reachableBy, SYSTEM_BASE } from '../../src/core/db/location.js';

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'gz-loc-'));
fs.chmodSync(base, 0o755);
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));
const other = { uid: 54321, gid: 54321 };

describe('reachableBy', () => {
  it('needs every folder on the way to let the user through (as owner, group or other)', () => {
    const open = path.join(base, 'open', 'project');
    fs.mkdirSync(open, { recursive: true, mode: 0o755 });
    expect(reachableBy(path.join(open, 'data'), other)).toBe(true); // data not made yet: judged by what exists
    const home = path.join(base, 'home');
    fs.mkdirSync(path.join(home, 'project'), { recursive: true });
    fs.chmodSync(home, 0o700);
    expect(reachableBy(path.join(home, 'project', 'data'), other)).toBe(false);
    expect(reachableBy(path.join(home, 'project', 'data'), null)).toBe(false); // a user not yet created
    expect(reachableBy(path.join(home, 'project', 'data'), { uid: fs.statSync(home).uid, gid: 1 })).toBe(true); // its owner
    fs.chmodSync(home, 0o710);
    expect(reachableBy(path.join(home, 'project'), { uid: 1, gid: fs.statSync(home).gid })).toBe(true); // its group
  });
});

describe('defaultDataDir', () => {
  const closed = path.join(base, 'closed');
  const project = path.join(closed, 'gongzhi');
  fs.mkdirSync(project, { recursive: true });
  fs.chmodSync(closed, 0o700);

  it.runIf(process.getuid?.() === 0)('as root, a project in a folder closed to others keeps its data under /var/lib/gongzhi, named after the project and its path; the banner says why', () => {
    const dir = defaultDataDir(project, {});
    expect(dir).toMatch(new RegExp(`^${SYSTEM_BASE}/gongzhi-[0-9a-f]{12}$`));
    expect(defaultDataDir(project, {})).toBe(dir); // stable: the CLI and the next start find it
    expect(defaultDataDir(path.join(closed, 'other'), {})).not.toBe(dir);
    expect(dataDirNote(project, dir, {})).toMatch(/cannot be reached by the system user "postgres"/);
    // with DATABASE_URL nothing embedded runs: the project's own folder
    expect(defaultDataDir(project, { DATABASE_URL: 'postgres://x' })).toBe(path.join(project, 'data'));
    // a data folder the system user can reach stays where it is
    expect(defaultDataDir(path.join(base, 'open', 'project'), {})).toBe(path.join(base, 'open', 'project', 'data'));
  });

  it('not root: always the project\'s data folder; GONGZHI_DATA_DIR needs no note', () => {
    if (process.getuid?.() !== 0) expect(defaultDataDir(project, {})).toBe(path.join(project, 'data'));
    expect(dataDirNote(project, path.join(project, 'data'), {})).toBeNull();
    expect(dataDirNote(project, '/srv/gz', { GONGZHI_DATA_DIR: '/srv/gz' })).toBeNull();
  });
});
