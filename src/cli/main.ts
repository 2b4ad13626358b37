/**
 * gongzhi migrate
 * gongzhi regions import --under <code>
 * gongzhi user add --username <u> --name <display name> --role <role>[@<region code>] [--role …]   (password from GONGZHI_PASSWORD or asked)
 * gongzhi audit verify
 *
 * Uses DATABASE_URL if set, else the embedded server in the data folder (the running
 * app's server if one is running).
 */
import { parseArgs } from 'node:util';
import readline from 'node:readline';
import { appendAudit, verifyAudit } from '../core/audit/chain.js';
import { loadConfig } from '../core/config.js';
import { migrate } from '../core/db/migrate.js';
import { openDb } from '../core/db/open.js';
import type { Db } from '../core/db/pool.js';
import { AppError, messageFor } from '../core/http/errors.js';
import { ROLES } from '../core/access/roles.js';
import { createAccount } from '../modules/accounts/accounts.js';
import { allMigrations } from '../modules/index.js';
import { importRegions } from '../modules/regions/importer.js';

const USAGE = `Usage:
  gongzhi migrate                                   apply pending migrations
  gongzhi regions import --under <code>             import a subtree of the national divisions (e.g. 460107, 150102, 3601)
  gongzhi user add --username <u> --name <name> --role <role>[@<region code>] [--role …]
                                                    create an account (password from GONGZHI_PASSWORD, or asked)
  gongzhi audit verify                              check the audit log's hash chain
Roles: ${ROLES.join(', ')}`;

const cliActor = { actorId: null, actorUsername: 'cli', role: null, scopeCode: null } as const;

async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = await openDb(config, { allowShared: true, log: (m) => console.error(m) });
  try {
    await migrate(db, allMigrations());
    return await fn(db);
  } finally {
    await db.close();
  }
}

function ask(question: string): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  return new Promise((resolve) => rl.question(question, (a) => { rl.close(); resolve(a); }));
}

async function run(argv: string[]): Promise<number> {
  const [cmd, sub, ...rest] = argv;
  if (cmd === 'migrate') {
    const config = loadConfig();
    const db = await openDb(config, { allowShared: true, log: (m) => console.error(m) });
    try {
      const applied = await migrate(db, allMigrations(), (m) => console.log(m));
      console.log(applied.length ? `Applied ${applied.length} migration(s).` : 'Database is up to date.');
    } finally {
      await db.close();
    }
    return 0;
  }
  if (cmd === 'regions' && sub === 'import') {
    const { values } = parseArgs({ args: rest, options: { under: { type: 'string' } } });
    if (!values.under || !/^\d{2}(\d{2}(\d{2}(\d{3}(\d{3})?)?)?)?$/.test(values.under)) {
      console.error('--under needs a division code of 2, 4, 6, 9 or 12 digits, e.g. --under 460107');
      return 2;
    }
    const r = await withDb((db) => db.tx(async (tx) => {
      const res = await importRegions(tx, values.under!);
      await appendAudit(tx, { ...cliActor, action: 'regions.import', targetType: 'region', targetId: res.under, requestId: null, detail: { imported: res.imported } });
      return res;
    }));
    console.log(`Imported ${r.imported} regions under ${r.name} (${r.under}).`);
    return 0;
  }
  if (cmd === 'user' && sub === 'add') {
    const { values } = parseArgs({ args: rest, options: { username: { type: 'string' }, name: { type: 'string' }, role: { type: 'string', multiple: true } } });
    if (!values.username || !values.role?.length) {
      console.error(USAGE);
      return 2;
    }
    const roles = values.role.map((r) => {
      const [role, regionCode] = r.split('@');
      return { role, regionCode: regionCode || null };
    });
    const password = process.env.GONGZHI_PASSWORD ?? (process.stdin.isTTY ? await ask('Password (at least 8 characters): ') : '');
    const id = await withDb((db) => db.tx(async (tx) => {
      const accountId = await createAccount(tx, { username: values.username!, displayName: values.name ?? values.username!, password, roles });
      await appendAudit(tx, { ...cliActor, action: 'accounts.create', targetType: 'account', targetId: String(accountId), requestId: null, detail: { username: values.username, roles } });
      return accountId;
    }));
    console.log(`Created account ${values.username} (id ${id}).`);
    return 0;
  }
  if (cmd === 'audit' && sub === 'verify') {
    const r = await withDb((db) => verifyAudit(db));
    if (r.ok) {
      console.log(`Audit chain OK: ${r.checked} records checked.`);
      return 0;
    }
    console.error(`Audit chain BROKEN at record ${r.firstBroken!.id} (${r.firstBroken!.reason}); ${r.checked} records before it are intact.`);
    return 1;
  }
  console.error(USAGE);
  return cmd === undefined || cmd === 'help' || cmd === '--help' ? 0 : 2;
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    if (e instanceof AppError) console.error(`${messageFor(e.code, 'zh-CN', e.params)} / ${messageFor(e.code, 'en', e.params)}`);
    else console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
