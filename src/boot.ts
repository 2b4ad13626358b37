/** Open the database, migrate, load the demo if wanted: shared by the server, the CLI and the tests. */
import type { Config } from './core/config.js';
import { migrate } from './core/db/migrate.js';
import { openDb } from './core/db/open.js';
import type { Db } from './core/db/pool.js';
import { isEmpty, loadDemo } from './demo/load.js';
import { allMigrations, modules } from './modules/index.js';
import { loadKeys, type Keys } from './core/privacy/keys.js';

export async function prepareDb(db: Db, config: Config, keys: Keys, log: (m: string) => void = () => {}): Promise<{ demoLoaded: boolean }> {
  await migrate(db, allMigrations(), log);
  for (const m of modules) if (m.reference) await m.reference({ db });
  if (config.demo && (await isEmpty(db))) {
    await loadDemo(db, config, keys, log);
    return { demoLoaded: true };
  }
  return { demoLoaded: false };
}

export async function openAndPrepare(config: Config, log: (m: string) => void = () => {}, opts: { allowShared?: boolean } = {}) {
  const db = await openDb(config, { log, allowShared: opts.allowShared });
  try {
    const keys = loadKeys({ dataDir: config.dataDir, log });
    const prep = await prepareDb(db, config, keys, log);
    return { db, keys, ...prep };
  } catch (e) {
    await db.close();
    throw e;
  }
}
