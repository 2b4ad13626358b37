/**
 * `npm start`: open (or create) the database, migrate, load the demo into an empty
 * database, serve the API and the built console on one port. Ctrl-C stops the HTTP
 * server, then the embedded PostgreSQL server.
 */
import { loadConfig, projectRoot } from './core/config.js';
import { dataDirNote } from './core/db/location.js';
import { isDbUnavailable } from './core/db/pool.js';
import { buildApp } from './core/http/app.js';
import { openAndPrepare } from './boot.js';
import { modules } from './modules/index.js';
import { demoAccounts } from './modules/accounts/demo.js';
import { DEMO_HOTLINE_TOKEN, DEMO_OPEN311_KEY } from './modules/cases/demo.js';
import { ROLE_NAMES } from './core/access/roles.js';

const t0 = performance.now();
const config = loadConfig();
const log = (m: string) => console.log(`  ${m}`);

async function main() {
  console.log(`共治 Gongzhi ${config.version} — starting (${config.databaseUrl ? 'external PostgreSQL' : `embedded PostgreSQL in ${config.dataDir}`})`);
  const note = config.databaseUrl ? null : dataDirNote(projectRoot, config.dataDir);
  if (note) log(note);
  const { db, keys, demoLoaded } = await openAndPrepare(config, log);
  let closing = false;
  let timers: NodeJS.Timeout[] = [];
  const app = await buildApp({ db, keys, config, modules, logger: process.env.GONGZHI_HTTP_LOG === '1' });
  const shutdown = async (signal: string, code = 0) => {
    if (closing) return;
    closing = true;
    console.log(`\n${signal}: stopping …`);
    const force = setTimeout(() => process.exit(1), 20000);
    force.unref();
    timers.forEach(clearInterval);
    try { await app.fastify.close(); } catch { /* already closed */ }
    await db.close().catch(() => {});
    console.log('Stopped.');
    process.exit(code);
  };
  // the embedded server died and could not be started again: say so and stop cleanly
  db.onFatal((message) => {
    console.error(`\n${message}`);
    void shutdown('database lost', 1);
  });
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGHUP', () => void shutdown('SIGHUP'));
  try {
    await app.fastify.listen({ port: config.port, host: config.host });
  } catch (e) {
    await db.close();
    throw e;
  }
  // module jobs: once now (in the background), then on their interval
  timers = modules.flatMap((m) => m.jobs ?? []).map((job) => {
    // (a lost database is reported once by the pool and the supervisor, not by every job run)
    // a run still going when the next is due is not joined by a second one (short intervals, e.g. the audit chainer's)
    let busy = false;
    const run = async () => {
      if (busy) return;
      busy = true;
      try { await job.run(db); } catch (e) { if (!closing && !isDbUnavailable(e)) console.error(`job ${job.name} failed:`, e instanceof Error ? e.message : e); } finally { busy = false; }
    };
    void run();
    const t = setInterval(run, job.everyMs);
    t.unref();
    return t;
  });
  process.once('exit', () => timers.forEach(clearInterval));
  const addr = app.fastify.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  const lines = [
    '',
    `共治 Gongzhi is ready in ${seconds} s`,
    `  Console  控制台:   http://localhost:${port}/`,
    `  Mobile   移动端:   http://localhost:${port}/m/`,
    `  API docs 接口文档: http://localhost:${port}/api/docs`,
    `  Database 数据库:   ${db.kind === 'embedded' ? `embedded PostgreSQL (${config.dataDir})` : 'external PostgreSQL (DATABASE_URL)'}`,
  ];
  if (note) lines.push(`  Data folder 数据目录: ${config.dataDir} (the project folder is closed to the system user "postgres"; GONGZHI_DATA_DIR overrides)`);
  if (config.demo) {
    lines.push(demoLoaded ? '  Demo data loaded: 海口市琼山区府城街道, 呼和浩特市新城区, 南昌市' : '  Demo mode (data already present)');
    lines.push(`  Demo accounts 演示账号 (password 密码: ${process.env.GONGZHI_DEMO_PASSWORD ? 'GONGZHI_DEMO_PASSWORD' : config.demoPassword}):`);
    for (const a of demoAccounts('')) {
      const r = a.roles[0];
      lines.push(`    ${a.username.padEnd(12)} ${ROLE_NAMES[r.role as keyof typeof ROLE_NAMES].zh} · ${a.displayName}`);
    }
    lines.push(`  Open311 GeoReport v2: http://localhost:${port}/open311/v2/services.json?jurisdiction_id=460107002  (demo api_key: ${DEMO_OPEN311_KEY})`);
    lines.push(`  12345 hotline webhook: POST /api/intake/hotline  (demo token: Authorization: Bearer ${DEMO_HOTLINE_TOKEN})`);
  }
  lines.push('  Ctrl-C to stop 按 Ctrl-C 停止', '');
  console.log(lines.join('\n'));
}

main().catch((e) => {
  console.error(`\n启动失败 / Failed to start: ${e instanceof Error ? e.message : e}`);
  if (process.env.DEBUG) console.error(e);
  process.exit(1);
});
