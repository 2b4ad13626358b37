import { appendAudit } from '../core/audit/chain.js';
import type { Config } from '../core/config.js';
import type { Db } from '../core/db/pool.js';
import type { Keys } from '../core/privacy/keys.js';
import { modules } from '../modules/index.js';

/** True when nothing has been loaded yet: the demo only ever fills an empty database. */
export async function isEmpty(db: Db): Promise<boolean> {
  const { rows } = await db.query('SELECT NOT EXISTS (SELECT 1 FROM account) AND NOT EXISTS (SELECT 1 FROM region) AS empty');
  return rows[0].empty;
}

export async function loadDemo(db: Db, config: Config, keys: Keys, log: (m: string) => void = () => {}): Promise<void> {
  for (const m of modules) if (m.demo) await m.demo({ db, config, keys, log });
  await db.tx((tx) => appendAudit(tx, { actorId: null, actorUsername: 'system', role: null, scopeCode: null, action: 'demo.load', targetType: null, targetId: null, requestId: null, detail: { modules: modules.filter((m) => m.demo).map((m) => m.name) } }));
}
