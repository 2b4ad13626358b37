/**
 * gongzhi migrate
 * gongzhi regions import --under <code>
 * gongzhi generate --region <code> [--residents N] [--cases N --days D]
 * gongzhi user add --username <u> --name <display name> --role <role>[@<region code>] [--role …]   (password from GONGZHI_PASSWORD or asked)
 * gongzhi audit verify
 *
 * Long commands show a progress bar (counts, rate, time left) on a terminal, and a short line
 * every few seconds when stdout is not one (src/cli/progress.ts).
 *
 * Uses DATABASE_URL if set, else the embedded server in the data folder (the running
 * app's server if one is running).
 */
import { parseArgs } from 'node:util';
import readline from 'node:readline';
import { chainAuditAll, verifyAudit } from '../core/audit/chain.js';
import { runCommand, systemActor } from '../core/command.js';
import { casesGeneratedCommand, createAccountCommand, generateGridsCommand, generateResidentsCommand, importRegionsCommand } from './commands.js';
import { loadConfig } from '../core/config.js';
import { migrate } from '../core/db/migrate.js';
import { openDb } from '../core/db/open.js';
import type { Db } from '../core/db/pool.js';
import { AppError, messageFor } from '../core/http/errors.js';
import { ROLES } from '../core/access/roles.js';
import { allMigrations } from '../modules/index.js';
import { generateCases } from '../modules/cases/generate.js';
import { createProgress, reportTo } from './progress.js';
import { layoutGrids } from '../modules/grids/demo.js';
import { loadKeys } from '../core/privacy/keys.js';

const USAGE = `Usage:
  gongzhi migrate                                   apply pending migrations
  gongzhi regions import --under <code>             import a subtree of the national divisions (e.g. 460107, 150102, 3601)
  gongzhi user add --username <u> --name <name> --role <role>[@<region code>] [--role …]
                                                    create an account (password from GONGZHI_PASSWORD, or asked)
  gongzhi audit verify                              check the audit log's hash chain
  gongzhi generate --region <code> [--residents N] [--seed S] [--old-share 0.635] [--compounds N] [--cases N] [--days 365]
                                                    synthetic grids (where the region has none), compounds, households and residents;
                                                    with --cases, a case history over the last --days days
Roles: ${ROLES.join(', ')}`;

/** Who the CLI's commands are recorded as. */
const cli = systemActor('cli');

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
    const progress = createProgress();
    const r = await withDb(async (db) => {
      progress.stage(`regions ${values.under}`);
      const res = await runCommand(db, cli, importRegionsCommand, { under: values.under!, onProgress: reportTo(progress) });
      progress.done();
      return res;
    });
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
    const id = await withDb((db) => runCommand(db, cli, createAccountCommand, { username: values.username!, displayName: values.name ?? values.username!, password, roles }));
    console.log(`Created account ${values.username} (id ${id}).`);
    return 0;
  }
  if (cmd === 'generate') {
    const { values } = parseArgs({ args: [sub, ...rest].filter((x) => x !== undefined), options: { region: { type: 'string' }, residents: { type: 'string' }, seed: { type: 'string' }, 'old-share': { type: 'string' }, compounds: { type: 'string' }, cases: { type: 'string' }, days: { type: 'string' } } });
    const n = values.residents === undefined ? 0 : Number(values.residents);
    const cases = values.cases === undefined ? 0 : Number(values.cases);
    const days = values.days === undefined ? 365 : Number(values.days);
    const bad = (x: number, max: number) => !Number.isInteger(x) || x < 0 || x > max;
    if (!values.region || !/^\d{2,12}$/.test(values.region) || bad(n, 5_000_000) || bad(cases, 20_000_000) || n + cases < 1 || bad(days, 3650) || days < 1) {
      console.error('generate needs --region <division code> and --residents <1…5000000> and/or --cases <1…20000000> [--days <1…3650>]');
      return 2;
    }
    const config = loadConfig();
    const keys = loadKeys({ dataDir: config.dataDir, log: (m) => console.error(m) });
    const t0 = performance.now();
    const progress = createProgress();
    const r = await withDb(async (db) => {
      const { rows: [region] } = await db.query('SELECT code, path FROM region WHERE code = $1', [values.region]);
      if (!region) throw new AppError('region_not_found', { code: values.region! });
      const { rows: [{ n: grids }] } = await db.query(`SELECT count(*)::int n FROM grid WHERE kind = 'basic' AND path LIKE $1 || '%'`, [region.path]);
      if (!grids) {
        // no grid map yet: lay one out, about 400 households (≈ 1,000 people) per basic grid
        const { rows: communities } = await db.query(`SELECT code, name, parent_code AS "streetCode", path FROM region WHERE level = 'community' AND path LIKE $1 || '%' ORDER BY code`, [region.path]);
        if (!communities.length) throw new AppError('region_not_found', { code: values.region! });
        const basic = Math.max(communities.length, Math.round(Math.max(n, 1000) / 1000));
        const laid = layoutGrids(communities, { center: [116.4, 39.9], basic, dedicated: 0 });
        await runCommand(db, cli, generateGridsCommand, { region: values.region!, grids: laid, seed: Number(values.seed ?? 1) });
        console.log(`Laid out ${laid.length} grids under ${values.region}.`);
      }
      let people = { residents: 0, households: 0, compounds: 0 };
      if (n) {
        progress.stage('residents', n);
        people = await runCommand(db, cli, generateResidentsCommand, {
          keys, onProgress: reportTo(progress),
          options: { regionCode: values.region!, residents: n, seed: Number(values.seed ?? 1), oldCompoundShare: values['old-share'] ? Number(values['old-share']) : undefined, compounds: values.compounds ? Number(values.compounds) : undefined },
        });
        progress.done();
      }
      let made = 0;
      if (cases) {
        progress.stage('cases', cases);
        made = await generateCases(db, { regionCode: values.region!, count: cases, days, seed: values.seed ? Number(values.seed) : undefined }, reportTo(progress));
        progress.done();
        progress.stage('statistics');
        await db.query('ANALYZE cases');
        await runCommand(db, cli, casesGeneratedCommand, { region: values.region!, cases: made, days });
        progress.done();
      }
      return { ...people, cases: made };
    });
    const parts = [];
    if (n) parts.push(`${r.residents} residents in ${r.households} households and ${r.compounds} compounds`);
    if (cases) parts.push(`${r.cases} cases over ${days} days`);
    console.log(`Generated ${parts.join(' and ')} in ${((performance.now() - t0) / 1000).toFixed(1)} s.`);
    return 0;
  }
  if (cmd === 'audit' && sub === 'verify') {
    // link what a moment's wait lets link (records of transactions still open elsewhere stay lag)
    const r = await withDb(async (db) => { await chainAuditAll(db, 5000); return verifyAudit(db); });
    const lag = r.lag.unchained ? `; ${r.lag.unchained} newer record(s) not linked yet (oldest ${r.lag.oldestSeconds} s): not checked` : '';
    if (r.ok) {
      console.log(`Audit chain OK: ${r.checked} records checked${lag}.`);
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
