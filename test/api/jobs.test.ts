/**
 * Long work started from the console runs as a job: the route answers 202 {job}, the job's
 * stage and counts are polled at GET /api/jobs/:id by the account that started it (nobody
 * else), then its result (import report) or file (export). A job a dead process left running
 * is failed by the sweep.
 */
import os from 'node:os';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckChar } from '../../src/core/privacy/validate.js';
import { sweepJobs } from '../../src/modules/jobs/runner.js';
import { multipart, testApp, type Session, type TestApp } from '../support/app.js';

let t: TestApp;
let community: Session, gridworker: Session, street: Session;
beforeAll(async () => {
  t = await testApp();
  [community, gridworker, street] = await Promise.all(['community', 'gridworker', 'street'].map((u) => t.login(u)));
});
afterAll(() => t.close());

const N = 5000;
const header = '姓名,身份证号,手机号,网格编码,小区,楼栋,单元,房号,地址,身份,入住日期,党员,关爱类别';
function bigCsv(n: number): Buffer {
  const lines = [header];
  for (let i = 0; i < n; i++) {
    // distinct IDs (500 per birth date), from a region no demo resident is born in
    const birth = new Date(Date.UTC(1950, 0, 1) + Math.floor(i / 500) * 37 * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
    const id17 = `110101${birth}${String(i % 500).padStart(3, '0')}`;
    lines.push(`任务测${i},${id17}${idCheckChar(id17)},,460107002001003,任务路${Math.floor(i / 200)}号,${1 + Math.floor((i % 200) / 20)}栋,1,${100 + (i % 20)},,业主,2015-06-01,否,`);
  }
  return Buffer.from(lines.join('\r\n'), 'utf8');
}


async function upload(s: Session, content: Buffer, fields: Record<string, string>) {
  const m = multipart(fields, { name: 'people.csv', content });
  const r = await t.app.fastify.inject({ method: 'POST', url: '/api/residents/import', payload: m.payload, headers: { 'content-type': m.contentType, cookie: s.cookie, 'x-csrf-token': s.csrf } });
  return { status: r.statusCode, body: JSON.parse(r.body) };
}

/** Poll until the job ends; every state seen on the way. */
async function follow(s: Session, id: number) {
  const seen: any[] = [];
  for (let i = 0; i < 3000; i++) {
    const r = await t.get(`/api/jobs/${id}`, s);
    expect(r.status).toBe(200);
    seen.push(r.body);
    if (r.body.state !== 'running') return seen;
    await new Promise((res) => setTimeout(res, 15));
  }
  throw new Error('job did not finish');
}

/** (step, done) never goes back; within a step done ≤ total. */
function expectMonotonic(seen: any[]) {
  for (let i = 1; i < seen.length; i++) {
    const a = seen[i - 1], b = seen[i];
    expect(b.step > a.step || (b.step === a.step && b.done >= a.done), `${JSON.stringify(a)} → ${JSON.stringify(b)}`).toBe(true);
  }
  for (const s of seen) if (s.total) expect(s.done).toBeLessThanOrEqual(s.total);
}

describe('a resident import as a job', () => {
  const csv = bigCsv(N);
  let commitJob = 0;

  it('check: 202 {job} at once, then the stages read → check with counts, then the report', async () => {
    const r = await upload(community, csv, { mode: 'check', async: '1' });
    expect(r.status).toBe(202);
    expect(r.body.job).toMatchObject({ id: expect.any(Number), kind: 'people.import.check', state: 'running', stages: ['read', 'check'], step: 1 });
    const seen = await follow(community, r.body.job.id);
    expectMonotonic(seen);
    const end = seen.at(-1);
    expect(end).toMatchObject({ state: 'done', error: null, file: null, finishedAt: expect.any(String) });
    expect(end.result).toMatchObject({ rows: N, valid: N, invalid: 0, new: N, written: false });
    expect(end.result.report).toHaveLength(N);
  });

  it('commit: progress goes up stage by stage (read, check, write) to the total; the rows are written and audited', async () => {
    const before = (await t.db.query('SELECT count(*)::int n FROM resident')).rows[0].n;
    const r = await upload(community, csv, { mode: 'commit', async: '1' });
    expect(r.status).toBe(202);
    commitJob = r.body.job.id;
    const seen = await follow(community, commitJob);
    expectMonotonic(seen);
    const end = seen.at(-1);
    expect(end).toMatchObject({ state: 'done', stages: ['read', 'check', 'write'], stage: 'write', step: 3, done: N, total: N });
    expect(end.result).toMatchObject({ rows: N, valid: N, new: N, update: 0, written: true });
    // the poller saw the job running with counts on the way
    expect(seen.some((s) => s.state === 'running' && s.step >= 2 && s.total === N)).toBe(true);
    expect((await t.db.query('SELECT count(*)::int n FROM resident')).rows[0].n).toBe(before + N);
    const a = await t.db.query(`SELECT actor_username, detail FROM audit_log WHERE action = 'people.import' ORDER BY id DESC LIMIT 1`);
    expect(a.rows[0].actor_username).toBe('community');
    expect(JSON.parse(a.rows[0].detail)).toMatchObject({ new: N, job: commitJob });
  }, 120_000);

  it('another account does not see the job (404), nor anonymous (401)', async () => {
    for (const s of [gridworker, street]) {
      const r = await t.get(`/api/jobs/${commitJob}`, s);
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('job_not_found');
      expect((await t.get(`/api/jobs/${commitJob}/file`, s)).status).toBe(404);
    }
    expect((await t.get(`/api/jobs/${commitJob}`, null)).status).toBe(401);
  });

  it('a bad file fails the job with the import error, in the caller\'s language', async () => {
    const r = await upload(community, Buffer.from('姓名,身份证\r\n张三,1'), { mode: 'check', async: '1' });
    const end = (await follow(community, r.body.job.id)).at(-1);
    expect(end).toMatchObject({ state: 'failed', result: null, error: { code: 'import_header_invalid' } });
    expect(end.error.message).toMatch(/表头不符合模板/);
  });

  it('without async=1 the import still answers its report directly', async () => {
    const r = await upload(community, bigCsv(3), { mode: 'check' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ rows: 3, update: 3, written: false });
  });
});

describe('an export as a job', () => {
  it('residents: 202, then the file (masked) for its starter only; audited as an export', async () => {
    const r = await t.send('POST', '/api/residents/export', { region: '460107002001', grid: '460107002001003' }, community);
    expect(r.status).toBe(202);
    expect(r.body.job.stages).toEqual(['query', 'rows', 'file']);
    const seen = await follow(community, r.body.job.id);
    expectMonotonic(seen);
    const end = seen.at(-1);
    expect(end.state).toBe('done');
    expect(end.result.rows).toBeGreaterThanOrEqual(N);
    expect(end.file).toMatchObject({ name: `居民名单-${end.result.rows}人.xlsx`, url: `/api/jobs/${end.id}/file` });
    const f = await t.app.fastify.inject({ method: 'GET', url: end.file.url, headers: { cookie: community.cookie } });
    expect(f.statusCode).toBe(200);
    expect(f.headers['content-type']).toMatch(/spreadsheetml/);
    expect(f.headers['content-disposition']).toContain(encodeURIComponent(end.file.name));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(f.rawPayload as any);
    expect(wb.worksheets[0].rowCount).toBe(end.result.rows + 1);
    expect(String(wb.worksheets[0].getRow(2).getCell(6).value)).toMatch(/\*{8}/);
    expect((await t.get(end.file.url, gridworker)).body.error.code).toBe('job_not_found');
    const a = await t.db.query(`SELECT actor_username, detail FROM audit_log WHERE action = 'people.export' ORDER BY id DESC LIMIT 1`);
    expect(a.rows[0].actor_username).toBe('community');
  }, 60_000);

  it('cases: 202, then the file', async () => {
    const r = await t.send('POST', '/api/cases/export', { region: '460107002' }, street);
    expect(r.status).toBe(202);
    const end = (await follow(street, r.body.job.id)).at(-1);
    expect(end).toMatchObject({ state: 'done', result: { rows: expect.any(Number) }, file: { name: expect.stringMatching(/^案件列表-.*\.xlsx$/) } });
    const f = await t.app.fastify.inject({ method: 'GET', url: end.file.url, headers: { cookie: street.cookie } });
    expect(f.statusCode).toBe(200);
    expect(f.rawPayload.length).toBe(end.file.size);
  });

  it('a region out of scope is refused at once, with no job', async () => {
    const before = (await t.db.query('SELECT count(*)::int n FROM job')).rows[0].n;
    const r = await t.send('POST', '/api/residents/export', { region: '360111' }, community);
    expect(r.status).toBe(403);
    expect((await t.db.query('SELECT count(*)::int n FROM job')).rows[0].n).toBe(before);
  });
});

describe('jobs left running by a dead process', () => {
  it('are failed by the sweep (at start and every minute): a dead pid on this host, or no heartbeat for two minutes', async () => {
    const acc = (await t.db.query(`SELECT id FROM account WHERE username = 'community'`)).rows[0].id;
    const ins = (host: string, pid: number, age: string) => t.db.query(
      `INSERT INTO job (kind, account_id, stages, stage, done, total, host, pid, instance, updated_at) VALUES ('people.import.commit', $1, '{read,check,write}', 'write', 10, 100, $2, $3, 'gone', now() - $4::interval) RETURNING id`,
      [acc, host, pid, age]).then((r) => Number(r.rows[0].id));
    const deadHere = await ins(os.hostname(), 2 ** 22 + 17, '1 second');
    const silentElsewhere = await ins('another-host', 1, '5 minutes');
    const aliveElsewhere = await ins('another-host', 1, '10 seconds');
    const r = await sweepJobs(t.db);
    expect(r.failed).toBeGreaterThanOrEqual(2);
    for (const id of [deadHere, silentElsewhere]) {
      const j = await t.get(`/api/jobs/${id}`, community);
      expect(j.body).toMatchObject({ state: 'failed', error: { code: 'job_interrupted', message: expect.stringContaining('中断') } });
    }
    expect((await t.get(`/api/jobs/${aliveElsewhere}`, community)).body.state).toBe('running');
    // the sweep's change is recorded, as the job, naming the jobs it failed
    const a = await t.db.query(`SELECT actor_username, target_type, detail FROM audit_log WHERE action = 'jobs.sweep' ORDER BY id DESC LIMIT 1`);
    expect(a.rows[0]).toMatchObject({ actor_username: 'job:jobs.sweep', target_type: 'job' });
    expect(JSON.parse(a.rows[0].detail).failed).toEqual(expect.arrayContaining([deadHere, silentElsewhere]));
    await t.db.query(`UPDATE job SET state = 'failed' WHERE id = $1`, [aliveElsewhere]);
  });

  it('an account has at most 3 jobs running at once', async () => {
    const acc = (await t.db.query(`SELECT id FROM account WHERE username = 'gridworker'`)).rows[0].id;
    await t.db.query(`INSERT INTO job (kind, account_id, stages, stage, host, pid, instance) SELECT 'x', $1, '{a}', 'a', 'h', 1, 'i' FROM generate_series(1, 3)`, [acc]);
    const r = await t.send('POST', '/api/residents/export', { region: '460107002001' }, gridworker);
    expect(r.status).toBe(429);
    expect(r.body.error.code).toBe('jobs_busy');
    await t.db.query(`DELETE FROM job WHERE account_id = $1 AND kind = 'x'`, [acc]);
  });
});
