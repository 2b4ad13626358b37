/**
 * Where the embedded server's files live when we run as root. PostgreSQL refuses to run as
 * root, so the server runs as the system user `postgres`, who must be able to reach both the
 * server's binaries and its data folder. A clone in a folder only root can enter (a home
 * directory such as /root is mode 0700) allows neither; then the data folder defaults to
 * /var/lib/gongzhi/<project>-<hash of the project path> (created 0755), and the binaries are
 * copied once per version to /var/lib/gongzhi/postgres-<version>. GONGZHI_DATA_DIR still wins.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const SYSTEM_USER = 'postgres';
export const SYSTEM_BASE = '/var/lib/gongzhi';

export interface UserIds { uid: number; gid: number; }

/** The system user's ids, or null when it does not exist (yet). */
export function systemUser(): UserIds | null {
  try {
    return {
      uid: Number(execFileSync('id', ['-u', SYSTEM_USER], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim()),
      gid: Number(execFileSync('id', ['-g', SYSTEM_USER], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim()),
    };
  } catch {
    return null;
  }
}

/**
 * Can this user pass through every folder on the way to `target` (the nearest existing part of
 * it)? Judged from the mode bits of owner, primary group and others (a user created later owns
 * nothing and is in no group of these folders).
 */
export function reachableBy(target: string, user: UserIds | null): boolean {
  let dir = path.resolve(target);
  while (!fs.existsSync(dir)) dir = path.dirname(dir);
  for (;;) {
    const st = fs.statSync(dir);
    const bit = user && st.uid === user.uid ? 0o100 : user && st.gid === user.gid ? 0o010 : 0o001;
    if (!(st.mode & bit)) return false;
    const up = path.dirname(dir);
    if (up === dir) return true;
    dir = up;
  }
}

/**
 * The data folder when GONGZHI_DATA_DIR is not set: `<project>/data`, unless we are root on the
 * embedded server and the system user cannot reach it; then a folder of its own under
 * /var/lib/gongzhi, named after the project folder and a hash of its path (stable, so the CLI
 * and the next start find it).
 */
export function defaultDataDir(projectRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  const local = path.join(projectRoot, 'data');
  if (process.getuid?.() !== 0 || env.DATABASE_URL) return local;
  if (fs.existsSync(path.join(local, 'pg', 'PG_VERSION')) || reachableBy(local, systemUser())) return local;
  const hash = createHash('sha256').update(path.resolve(projectRoot)).digest('hex').slice(0, 12);
  const name = path.basename(projectRoot).replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 40) || 'gongzhi';
  return path.join(SYSTEM_BASE, `${name}-${hash}`);
}

/** Why the data folder is not `<project>/data` (for the start banner), or null when it is, or when it was chosen. */
export function dataDirNote(projectRoot: string, dataDir: string, env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.GONGZHI_DATA_DIR || path.resolve(dataDir) === path.join(projectRoot, 'data')) return null;
  return `The project folder ${projectRoot} cannot be reached by the system user "${SYSTEM_USER}", who runs the embedded ` +
    `PostgreSQL server, so the data folder is ${dataDir} (set GONGZHI_DATA_DIR to choose another). / ` +
    `项目目录系统用户 ${SYSTEM_USER} 无法访问，数据目录改为 ${dataDir}（可用 GONGZHI_DATA_DIR 另行指定）。`;
}
