import type { Config } from '../config.js';
import { startEmbedded } from './embedded.js';
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
  return createDb(poolConfigFor(server), 'embedded', () => server.stop());
}
