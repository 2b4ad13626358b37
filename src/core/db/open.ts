import type { Config } from '../config.js';
import { startEmbedded, type EmbeddedServer } from './embedded.js';
import { createDb, ensureDatabase, poolConfigFor, type Db } from './pool.js';

/** Open the configured database: DATABASE_URL if set, else the embedded server in the data folder. */
export async function openDb(config: Config, opts: { log?: (m: string) => void; allowShared?: boolean } = {}): Promise<Db> {
  if (config.databaseUrl) return createDb(config.databaseUrl, 'external');
  const server = await startEmbedded({ dataDir: config.dataDir, log: opts.log, allowShared: opts.allowShared });
  try {
    await ensureDatabase(poolConfigFor(server), server.database);
  } catch (e) {
    await server.stop();
    throw e;
  }
  let db: Db;
  const watch = supervise(server, (m) => db.fatal(m));
  db = createDb(poolConfigFor(server), 'embedded', async () => { watch.stop(); await server.stop(); }, { onConnectionError: () => watch.check() });
  return db;
}

/**
 * Watch the embedded server (a cheap pid check each second, and at once when a connection
 * fails): if its postmaster died — killed, out of memory — start it again; PostgreSQL's crash
 * recovery replays the WAL, so every committed transaction is kept. Requests meanwhile get
 * 503 database_unavailable. If it cannot be started again within a minute, `fatal` is called
 * with a message that says what happened and what to do.
 */
export function supervise(server: EmbeddedServer, fatal: (message: string) => void, log: (m: string) => void = (m) => console.error(m)) {
  let restarting: Promise<void> | null = null;
  let stopped = false;
  const check = () => {
    if (stopped || restarting || server.alive()) return;
    const t0 = Date.now();
    log(`The embedded PostgreSQL server (${server.socketDir}) stopped unexpectedly; starting it again … / 内置数据库意外停止，正在重启 …`);
    restarting = server.restart().then(
      () => { if (!stopped) log(`The embedded PostgreSQL server is running again (${((Date.now() - t0) / 1000).toFixed(1)} s). / 内置数据库已重启。`); },
      (e) => {
        if (stopped) return;
        stopped = true;
        fatal(
          `The embedded PostgreSQL server in ${server.socketDir} stopped unexpectedly and could not be started again:\n` +
          `${e instanceof Error ? e.message : String(e)}\n` +
          `Its log is ${server.socketDir}/server.log. Once the cause is fixed (disk full? memory?), start again with \`npm start\`.\n` +
          `内置数据库意外停止且无法重启。请查看上述日志，排除原因后重新运行 npm start。`,
        );
      },
    ).finally(() => { restarting = null; });
  };
  const timer = setInterval(check, 1000);
  timer.unref();
  return {
    check,
    stop() { stopped = true; clearInterval(timer); },
  };
}
