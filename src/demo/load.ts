import { chainAudit } from '../core/audit/chain.js';
import { defineCommand, runCommand, systemActor } from '../core/command.js';
import type { Config } from '../core/config.js';
import type { Db } from '../core/db/pool.js';
import type { Keys } from '../core/privacy/keys.js';
import { modules } from '../modules/index.js';

/** True when nothing has been loaded yet: the demo only ever fills an empty database. */
export async function isEmpty(db: Db): Promise<boolean> {
  const { rows } = await db.query('SELECT NOT EXISTS (SELECT 1 FROM account) AND NOT EXISTS (SELECT 1 FROM region) AS empty');
  return rows[0].empty;
}

/** The record that the demo was loaded, and of which modules (each module's loader records its own writes). */
export const demoLoaded = defineCommand<{ modules: string[] }, void>({
  name: 'demo.load',
  run: async () => {},
  audit: { detail: (input) => ({ modules: input.modules }) },
});

export async function loadDemo(db: Db, config: Config, keys: Keys, log: (m: string) => void = () => {}): Promise<void> {
  for (const m of modules) if (m.demo) await m.demo({ db, config, keys, log });
  await runCommand(db, systemActor(), demoLoaded, { modules: modules.filter((m) => m.demo).map((m) => m.name) });
  // link the demo's records now, so a fresh database starts with its chain complete
  await chainAudit(db);
}
